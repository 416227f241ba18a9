/**
 * Input is bounded while it is read: `seal < /dev/zero` and `decrypt /dev/zero` stop at 32 MiB
 * with E_TOO_LARGE (exit 2) instead of growing to gigabytes, and a 40 MB file is refused from its
 * size before it is read. `scan --stdin` reads as far as --max-file-size, as for a file, and input
 * past it fails the gate closed (scan-incomplete, exit 1) instead of a usage error.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_INPUT_BYTES, readStreamBounded } from '../../src/io/bounded-read.js'
import { readFileBytes, readFileBytesSync } from '../../src/io/read-file.js'
import { REAL_CERT_PEM } from '../support/sealed.js'

const dir = mkdtempSync(join(tmpdir(), 'gitseal-bounded-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})
const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
const io = fileURLToPath(new URL('../../dist/cli/stdio.js', import.meta.url))
// The built CLI in a child that reports its peak resident memory (KiB) after the run.
const script = `
  const { run } = await import(${JSON.stringify(main)})
  const { processIO } = await import(${JSON.stringify(io)})
  process.exitCode = await run(process.argv.slice(1), processIO())
  process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n')
`

function gitseal(
  argv: string[],
  stdinPath?: string,
  cwd = dir,
): { status: number | null; stderr: string; maxRssMiB: number } {
  const stdin = stdinPath === undefined ? 'ignore' : openSync(stdinPath, 'r')
  try {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...argv], {
      cwd,
      stdio: [stdin, 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1' },
    })
    const rss = /maxRSS=(\d+)/.exec(result.stderr)?.[1]
    return { status: result.status, stderr: result.stderr, maxRssMiB: Number(rss ?? 'NaN') / 1024 }
  } finally {
    if (typeof stdin === 'number') closeSync(stdin)
  }
}

describe('bounded input', () => {
  const tooLarge = /larger than 33554432 bytes; stopped reading/
  it.each([
    ['seal < /dev/zero', ['seal', '--cert', 'missing.pem'], '/dev/zero'],
    ['encrypt < /dev/zero', ['encrypt', '--age', 'age1x', '--input-type', 'yaml'], '/dev/zero'],
    ['decrypt /dev/zero', ['decrypt', '/dev/zero'], undefined],
  ])('%s stops at the limit: exit 2, E_TOO_LARGE, bounded memory', (_name, argv, stdin) => {
    const result = gitseal(argv, stdin)
    expect(result.stderr).toMatch(tooLarge)
    expect(result.status).toBe(2)
    // 32 MiB of input plus Node itself; unbounded reading reached gigabytes.
    expect(result.maxRssMiB).toBeLessThan(400)
  })

  it.each([
    ['default (50 MiB)', []],
    ['--max-file-size 1', ['--max-file-size', '1']],
    ['--max-file-size 40 (past the 32 MiB other input stops at)', ['--max-file-size', '40']],
  ])(
    'scan --stdin < /dev/zero, %s: read up to --max-file-size, then scan-incomplete (exit 1) as a file, bounded memory',
    (_name, flags) => {
      const result = gitseal(['scan', '--stdin', '--format', 'json', ...flags], '/dev/zero')
      expect(result.stderr).not.toMatch(tooLarge)
      expect(result.status).toBe(1)
      expect(result.maxRssMiB).toBeLessThan(400)
    },
  )

  it('scan --stdin of 40 MB of text with --max-file-size 45 is scanned whole (exit 2 at 32 MiB before)', () => {
    const big = join(dir, 'big-stdin.env')
    writeFileSync(big, `${'#'.repeat(99)}\n`.repeat(400_000) + 'DB_PASSWORD=Zq8vLr2mXw9Kp4TnB7xY\n')
    const result = gitseal(['scan', '--stdin', '--stdin-filename', '.env', '--max-file-size', '45'], big)
    expect(result.stderr).not.toMatch(tooLarge)
    expect(result.status).toBe(1)
  })

  it('scan --git drops a blob past --max-file-size as git streams it: scan-incomplete, bounded memory', () => {
    const repo = join(dir, 'repo')
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo })
    spawnSync('git', ['init', '-q', repo])
    // 120 MB of text in one commit: held whole, as it was read before, it took over 400 MiB.
    writeFileSync(join(repo, 'huge.txt'), `${'y'.repeat(99)}\n`.repeat(1_200_000))
    git('add', 'huge.txt')
    git('commit', '-q', '-m', 'huge')
    const result = gitseal(['scan', '--git', '--format', 'json', '--max-file-size', '10'], undefined, repo)
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/maxRSS=/)
    expect(result.maxRssMiB).toBeLessThan(250)
  })

  // 1 MiB of `[a,a,a,…]`: 5 s and ~550 MB in the yaml library before it was counted (16 GB for 32 MiB).
  it.each([
    ['seal', ['seal', '--cert', 'cert.pem', 'flow.yaml']],
    ['encrypt', ['encrypt', '--age', 'age1x', 'flow.yaml']],
    ['eso externalsecret', ['eso', 'externalsecret', 'flow.yaml', '--store', 'x']],
  ])(
    '%s refuses a YAML text of too many tokens before parsing: exit 2, E_TOO_LARGE, bounded memory',
    (_name, argv) => {
      writeFileSync(join(dir, 'flow.yaml'), `[${'a,'.repeat(512 * 1024)}a]\n`)
      writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
      const result = gitseal(argv)
      expect(result.stderr).toContain(
        'flow.yaml: holds more than 200000 YAML tokens (keys, values, list entries, lines): not read',
      )
      expect(result.stderr).toMatch(/hint: Split it over several files/)
      expect(result.status).toBe(2)
      expect(result.maxRssMiB).toBeLessThan(200)
    },
  )

  it('refuses a 40 MB one-line YAML for encryption from its size', () => {
    const file = join(dir, 'big.yaml')
    writeFileSync(file, `key: ${'a'.repeat(40 * 1000 * 1000)}\n`)
    const result = gitseal(['encrypt', '--age', 'age1x', 'big.yaml'])
    expect(result.stderr).toMatch(/big\.yaml: larger than 33554432 bytes/)
    expect(result.status).toBe(2)
  })

  it('readFileBytes (also synchronously) and readStreamBounded accept exactly the limit and refuse one byte more', async () => {
    const exact = join(dir, 'exact.bin')
    writeFileSync(exact, Buffer.alloc(1024, 1))
    expect((await readFileBytes(exact, 'exact.bin', 1024)).byteLength).toBe(1024)
    await expect(readFileBytes(exact, 'exact.bin', 1023)).rejects.toMatchObject({ code: 'E_TOO_LARGE' })
    expect(readFileBytesSync(exact, 'exact.bin', 1024).byteLength).toBe(1024)
    expect(() => readFileBytesSync(exact, 'exact.bin', 1023)).toThrow(
      expect.objectContaining({ code: 'E_TOO_LARGE' }),
    )
    expect(() => readFileBytesSync(join(dir, 'missing.bin'), 'missing.bin')).toThrow(
      expect.objectContaining({ code: 'E_NOT_FOUND' }),
    )
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (;;) yield await Promise.resolve(new Uint8Array(4096))
    }
    await expect(readStreamBounded(chunks(), '<stdin>', 10_000)).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
    })
    expect(MAX_INPUT_BYTES).toBe(32 * 1024 * 1024)
  })
})

describe('readFileBytes reads regular files whole, whatever their size', () => {
  it('returns exactly the bytes of empty, small, chunk-sized and multi-chunk files', async () => {
    for (const size of [0, 1, 4095, 64 * 1024 + 1, 1024 * 1024 + 3, 3 * 1024 * 1024 + 17]) {
      const file = join(dir, `sized-${size}.bin`)
      const content = Buffer.alloc(size)
      for (let i = 0; i < size; i++) content[i] = (i * 31 + size) & 0xff
      writeFileSync(file, content)
      expect(Buffer.from(await readFileBytes(file)).equals(content), `size ${size}`).toBe(true)
      expect(Buffer.from(readFileBytesSync(file)).equals(content), `size ${size}, read synchronously`).toBe(
        true,
      )
    }
  })
})
