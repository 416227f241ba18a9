/**
 * Private key blocks (PEM, OpenSSH, PGP, SSH2). Found with `indexOf` rather than a regex so that a
 * file of repeated BEGIN lines without END stays linear: the next END is looked up once and reused.
 */
import type { RawMatch, Rule } from './types.js'
import { isPlaceholder } from '../placeholder.js'

const REMEDIATION =
  'Treat the key as compromised: replace it, remove it from the file (and history), and keep private keys only in protected Secrets (`gitseal seal`, `gitseal encrypt`).'

// Lines inside a PEM body that are headers, not base64 (encrypted PKCS#1, PGP armor).
const HEADER_LINE = /^[ \t]*[A-Za-z-]{2,40}:[^\n]*$/gm

/** True when the body between BEGIN and END looks like real key material, not `...` or a placeholder. */
export function pemBodyOk(body: string): boolean {
  const stripped = body
    .replace(/\\r|\\n/g, '\n')
    .replace(HEADER_LINE, '')
    .replace(/["'+,\s]/g, '')
  if (stripped.length < 64) return false
  if (!/^[A-Za-z0-9+/=]+$/.test(stripped)) return false
  return !isPlaceholder(stripped)
}

/** Every complete `begin … end` block whose body looks like a key. */
export function* findBlocks(text: string, begin: string, end: string): Generator<RawMatch> {
  let from = 0
  let nextEnd = -1
  while (true) {
    const start = text.indexOf(begin, from)
    if (start < 0) return
    const bodyStart = start + begin.length
    if (nextEnd < bodyStart) nextEnd = text.indexOf(end, bodyStart)
    if (nextEnd < 0) return
    const stop = nextEnd + end.length
    if (pemBodyOk(text.slice(bodyStart, nextEnd))) {
      yield { start, end: stop, secret: text.slice(start, stop) }
      from = stop
    } else from = bodyStart
  }
}

function pem(id: string, title: string, label: string, dashes = '-----'): Rule {
  const sep = dashes === '-----' ? '' : ' '
  const begin = `${dashes}${sep}BEGIN ${label}${sep}${dashes}`
  const end = `${dashes}${sep}END ${label}${sep}${dashes}`
  return {
    id,
    title,
    severity: 'high',
    description: `${title} in plain text.`,
    remediation: REMEDIATION,
    keywords: [begin.toLowerCase()],
    find: (text) => findBlocks(text, begin, end),
    kind: 'provider',
  }
}

/** Private key rules. */
export const PEM_RULES: readonly Rule[] = [
  pem('private-key-rsa', 'RSA private key', 'RSA PRIVATE KEY'),
  pem('private-key-ec', 'EC private key', 'EC PRIVATE KEY'),
  pem('private-key-dsa', 'DSA private key', 'DSA PRIVATE KEY'),
  pem('private-key-openssh', 'OpenSSH private key', 'OPENSSH PRIVATE KEY'),
  pem('private-key-pkcs8', 'PKCS#8 private key', 'PRIVATE KEY'),
  pem('private-key-pkcs8-encrypted', 'Encrypted PKCS#8 private key', 'ENCRYPTED PRIVATE KEY'),
  pem('private-key-pgp', 'PGP private key block', 'PGP PRIVATE KEY BLOCK'),
  pem('private-key-ssh2-encrypted', 'SSH2 encrypted private key', 'SSH2 ENCRYPTED PRIVATE KEY', '----'),
]
