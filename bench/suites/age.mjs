// age large-file throughput: the `age-encryption` library gitseal uses for age, streaming a
// 100 MB file in-process, against the `age` binary (Go) on the same file and key.
import { execFileSync } from 'node:child_process'
import { createReadStream, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption'
import { formatMs, measure, measureProcess, ratio, table, throughput } from '../lib.mjs'

export const title = 'age: 100 MB file'

const SIZE = 100 * 1024 * 1024

async function drain(stream) {
  const reader = stream.getReader()
  for (;;) if ((await reader.read()).done) return
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'gitseal-bench-age-'))
  try {
    const plain = join(dir, 'plain.bin')
    const fd = openSync(plain, 'w')
    for (let done = 0; done < SIZE; done += 1 << 20) writeSync(fd, randomBytes(1 << 20))
    closeSync(fd)
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const keyFile = join(dir, 'key.txt')
    execFileSync('sh', ['-c', `printf '%s\\n' '${identity}' > '${keyFile}'`])
    const encrypted = join(dir, 'plain.bin.age')
    execFileSync('age', ['-r', recipient, '-o', encrypted, plain])
    const fileStream = (path) => Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 }))

    const jsEncrypt = await measure(async () => {
      const encrypter = new Encrypter()
      encrypter.addRecipient(recipient)
      await drain(await encrypter.encrypt(fileStream(plain)))
    })
    const jsDecrypt = await measure(async () => {
      const decrypter = new Decrypter()
      decrypter.addIdentity(identity)
      await drain(await decrypter.decrypt(fileStream(encrypted)))
    })
    const out = join(dir, 'out.age')
    const goEncrypt = measureProcess('age', ['-r', recipient, '-o', out, plain], { runs: 5, warmup: 1 })
    const goDecrypt = measureProcess('age', ['-d', '-i', keyFile, '-o', join(dir, 'out.bin'), encrypted], {
      runs: 5,
      warmup: 1,
    })
    return {
      markdown: table(
        ['operation', '`age-encryption` (in-process, streaming)', '`age` binary', 'ratio'],
        [
          [
            'encrypt 100 MB',
            `${formatMs(jsEncrypt)}, ${throughput(SIZE, jsEncrypt)}`,
            `${formatMs(goEncrypt)}, ${throughput(SIZE, goEncrypt)}`,
            ratio(jsEncrypt, goEncrypt),
          ],
          [
            'decrypt 100 MB',
            `${formatMs(jsDecrypt)}, ${throughput(SIZE, jsDecrypt)}`,
            `${formatMs(goDecrypt)}, ${throughput(SIZE, goDecrypt)}`,
            ratio(jsDecrypt, goDecrypt),
          ],
        ],
      ),
      notes:
        'gitseal only wraps 32-byte SOPS data keys with age, so large-file speed does not limit it; ' +
        'the row shows what the pure-JS ChaCha20-Poly1305 of `age-encryption` costs against Go.',
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
