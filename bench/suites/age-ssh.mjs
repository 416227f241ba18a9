// age SSH recipients: wrapping and unwrapping SOPS data keys (a 32-byte key in an age file) for
// ssh-ed25519 and ssh-rsa keys made by ssh-keygen, beside native X25519 in `age-encryption`.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption'
import { sshIdentity, sshRecipient } from '../../dist/sops/age-ssh.js'
import { formatMs, measure, ratio, table } from '../lib.mjs'

export const title = 'age SSH recipients: SOPS data keys'

const N = 10_000
const N_RSA = 1_000

async function wrapAll(recipient, dataKeys) {
  const encrypter = new Encrypter()
  encrypter.addRecipient(recipient)
  const out = []
  for (const key of dataKeys) out.push(await encrypter.encrypt(key))
  return out
}

async function unwrapAll(identity, files) {
  const decrypter = new Decrypter()
  decrypter.addIdentity(identity)
  for (const file of files) await decrypter.decrypt(file)
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'gitseal-bench-age-ssh-'))
  try {
    const keygen = (name, args) => {
      const path = join(dir, name)
      execFileSync('ssh-keygen', ['-q', '-N', '', '-f', path, ...args])
      return { priv: readFileSync(path, 'utf8'), pub: readFileSync(`${path}.pub`, 'utf8') }
    }
    const ed = keygen('id_ed25519', ['-t', 'ed25519'])
    const rsa = keygen('id_rsa', ['-t', 'rsa', '-b', '3072'])
    const x25519Identity = await generateIdentity()
    const cases = [
      [
        'X25519 (`age-encryption`, native age1…)',
        N,
        await identityToRecipient(x25519Identity),
        x25519Identity,
      ],
      ['ssh-ed25519 (gitseal, node:crypto)', N, sshRecipient(ed.pub), sshIdentity(ed.priv, 'id_ed25519')],
      ['ssh-rsa 3072 (gitseal, node:crypto)', N_RSA, sshRecipient(rsa.pub), sshIdentity(rsa.priv, 'id_rsa')],
    ]
    const rows = []
    let peer
    for (const [name, n, recipient, identity] of cases) {
      const dataKeys = Array.from({ length: n }, () => randomBytes(32))
      let files = []
      const wrap = await measure(async () => (files = await wrapAll(recipient, dataKeys)), {
        runs: 1,
        warmup: 0,
      })
      const unwrap = await measure(() => unwrapAll(identity, files), { runs: 1, warmup: 0 })
      peer ??= { wrap, unwrap }
      const perKey = (m) => `${((m.median * 1000) / n).toFixed(0)} µs`
      rows.push([
        name,
        n.toLocaleString('en'),
        `${formatMs(wrap)} (${perKey(wrap)}/key)`,
        `${formatMs(unwrap)} (${perKey(unwrap)}/key)`,
        n === N ? `${ratio(wrap, peer.wrap)} / ${ratio(unwrap, peer.unwrap)}` : '—',
      ])
    }
    return {
      markdown: table(
        ['recipient type', 'data keys', 'wrap (encrypt)', 'unwrap (decrypt)', 'ratio vs X25519'],
        rows,
      ),
      notes:
        'Each operation is a whole age file around one 32-byte data key, as SOPS stores it ' +
        '(header, MAC and payload included). ssh-ed25519 does two X25519 operations per wrap and ' +
        'unwrap (ephemeral share, then the key tweak); RSA decryption dominates ssh-rsa, so it runs ' +
        `${N_RSA.toLocaleString('en')} keys.`,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
