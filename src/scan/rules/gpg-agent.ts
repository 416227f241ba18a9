/**
 * GnuPG's own private key files: gpg-agent keeps each secret key as an S-expression in
 * `private-keys-v1.d/<keygrip>.key` — a committed GNUPGHOME (a test keyring for sops or helm-secrets)
 * carries them. Armoured exports (`BEGIN PGP PRIVATE KEY BLOCK`) are the PEM rules' business.
 * - extended text format (GnuPG ≥ 2.2): `Key: (private-key (rsa (n #…#)(e #…#)(d #…#)…))`, whose
 *   secret parameter (`d`, or `x` for DSA and Elgamal) is reported;
 * - canonical binary format (older agents): the same list of length-prefixed atoms (`11:` before
 *   `private-key`, `3:` before `rsa`, then the first parameter's name and byte count), whose
 *   parameters are raw bytes: the header is reported.
 * `protected-private-key` (passphrase-encrypted) and `shadowed-private-key` (on a smartcard) are not
 * matched: their text never holds `(private-key` or `(11:private-key`.
 */
import type { RawMatch, Rule } from './types.js'

const WS = '[ \\t\\r\\n]'
// The canonical header runs on to its first parameter (`n`/`p` bytes, or an ECC curve name), which
// prose about the format does not spell out.
const START = new RegExp(
  `\\((?:private-key${WS}{0,8}\\((?:rsa|ecc|dsa|elg)(?![A-Za-z0-9])|11:private-key\\(3:(?:rsa|ecc|dsa|elg)\\((?:1:[np][1-9][0-9]{0,3}:|5:curve[1-9][0-9]?:))`,
  'g',
)
// The secret parameter, hex between `#`s, wrapped over lines (RSA-8192's `d` is 2,048 digits).
const SECRET_PARAMETER = new RegExp(
  `\\(${WS}{0,8}[dx]${WS}{1,8}#([0-9A-Fa-f][0-9A-Fa-f \\t\\r\\n]{30,4000}[0-9A-Fa-f])#`,
  'd',
)
/** How far after its header a key's secret parameter may sit (RSA-8192's `n` comes first). */
const KEY_REACH = 8192

/**
 * Each key header, then its secret parameter before the next header: the slices searched never
 * overlap, so a file of repeated headers costs one pass.
 */
function* gpgAgentKeys(text: string): Generator<RawMatch> {
  const starts: [number, number][] = []
  START.lastIndex = 0
  for (let match = START.exec(text); match !== null; match = START.exec(text))
    starts.push([match.index, START.lastIndex])
  for (const [i, [from, to]] of starts.entries()) {
    if (text.startsWith('(11:', from)) {
      yield { start: from, end: to, secret: text.slice(from, to) }
      continue
    }
    const end = Math.min(starts[i + 1]?.[0] ?? text.length, to + KEY_REACH)
    const parameter = SECRET_PARAMETER.exec(text.slice(to, end))
    const [start, stop] = parameter?.indices?.[1] ?? [0, 0]
    if (parameter !== null) yield { start: to + start, end: to + stop, secret: parameter[1] ?? '' }
  }
}

/** gpg-agent key rules. */
export const GPG_AGENT_RULES: readonly Rule[] = [
  {
    id: 'gpg-agent-private-key',
    title: 'GnuPG private key (gpg-agent key file)',
    severity: 'high',
    description:
      'An unprotected secret key as gpg-agent stores it (`private-keys-v1.d/<keygrip>.key`): whoever holds the file can sign and decrypt as its owner.',
    remediation:
      'Revoke the OpenPGP key and make a new one; keep GNUPGHOME out of the repository (make a test keyring at test time with `gpg --quick-gen-key`).',
    keywords: ['private-key'],
    find: gpgAgentKeys,
    kind: 'provider',
  },
]
