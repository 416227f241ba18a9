/** Other keys and tokens with a recognisable shape: age identities, JWTs, PuTTY keys, password hashes. */
import { isPlaceholder } from '../placeholder.js'
import { jwtOk } from '../validators.js'
import { ROTATE, provider, re } from './define.js'
import { bech32ChecksumOk, puttyPrivateOk, strictBase64 } from './key-structure.js'
import { PASSWORD_HASH_KEYWORDS, PASSWORD_HASH_SOURCE, passwordHashOk } from './password-hashes.js'
import { PEM_RULES } from './pem.js'
import type { RawMatch, Rule } from './types.js'

// A JWK's secret member: `d` of an RSA, EC or OKP key, `k` of a symmetric (`oct`) key, an HMAC or
// AES key; the object it sits in must name the matching `kty`. Its quotes may be escaped: a JWK set
// kept as one string of a JSON config or a YAML value (`"{\"keys\": …}"`).
const JWK_SECRET = /\\?"([dk])\\?"[ \t]*:[ \t]*\\?"([A-Za-z0-9_-]{22,1400})\\?"/dg
const JWK_KTY = {
  d: /\\?"kty\\?"[ \t]*:[ \t]*\\?"(?:RSA|EC|OKP)\\?"/,
  k: /\\?"kty\\?"[ \t]*:[ \t]*\\?"oct\\?"/,
}
// Fewest bytes of each member: a P-224 `d` is 28; an HMAC key shorter than 128 bits is no key.
const JWK_MIN_BYTES = { d: 28, k: 16 }

/** True when a key's `bytes` are printable text that reads as a placeholder (`changemechangeme…`). */
function typedPlaceholder(bytes: Uint8Array): boolean {
  if (!bytes.every((byte) => byte >= 0x20 && byte < 0x7f)) return false
  return isPlaceholder(Buffer.from(bytes).toString('latin1'))
}

/** Secret members of JSON Web Keys: the enclosing object (within 4 KiB either side) has the matching `"kty"`. */
function* jwkPrivateKeys(text: string): Generator<RawMatch> {
  JWK_SECRET.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = JWK_SECRET.exec(text)) !== null) {
    const member = match[1] === 'k' ? 'k' : 'd'
    const [from, to] = match.indices?.[2] ?? [0, 0]
    const open = text.lastIndexOf('{', match.index)
    const close = text.indexOf('}', to)
    if (open < 0 || close < 0 || match.index - open > 4096 || close - to > 4096) continue
    const object = text.slice(open, close)
    if (object.includes('{', 1) || !JWK_KTY[member].test(object)) continue
    const secret = match[2] ?? ''
    const bytes = strictBase64(secret.replace(/-/g, '+').replace(/_/g, '/'))
    // A key is random bytes with no structure to prove, so documentation's `xxxx…` must still be
    // dropped, and a key whose bytes are typed text judged by that text (base64url of `changeme` ×4).
    if (bytes === undefined || bytes.length < JWK_MIN_BYTES[member] || isPlaceholder(secret)) continue
    if (!typedPlaceholder(bytes)) yield { start: from, end: to, secret }
  }
}

// A PuTTY key file from its version line to its private lines; `Encryption` tells how to check them.
// Its lines may be indented (a YAML block scalar) or joined by `\n` escapes (a JSON or quoted YAML
// string): NL is a line break and the indentation after it, or the escape.
const NL = String.raw`(?:\\r)?(?:\\n|\r?\n)[ \t]{0,40}`
const PUTTY = new RegExp(
  String.raw`PuTTY-User-Key-File-[23]:[ \t]{0,4}[\w@.-]{1,64}${NL}Encryption:[ \t]{0,4}([\w-]{1,32})${NL}` +
    String.raw`(?:[\w-]{1,40}:[^\n\\]{0,400}${NL}|[A-Za-z0-9+/=]{1,128}${NL}){0,200}?` +
    String.raw`Private-Lines:[ \t]{0,4}\d{1,4}${NL}(?<secret>(?:[A-Za-z0-9+/=]{1,128}${NL}){1,200})`,
)

/** Key and token rules. */
export const KEY_RULES: readonly Rule[] = [
  ...PEM_RULES,
  provider('putty-private-key', 'PuTTY private key', ['putty-user-key-file'], PUTTY, {
    minEntropy: 4,
    // A blob that parses (SSH-wire fields, or whole AES blocks when encrypted) is a key whatever its bytes.
    verified: (secret) => puttyPrivateOk(secret, false) || puttyPrivateOk(secret, true),
  }),
  provider(
    'age-secret-key',
    'age secret key (identity)',
    ['age-secret-key-'],
    re('<S>(AGE-SECRET-KEY-(?:PQ-)?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})<E>'),
    {
      minEntropy: 3.5,
      verified: bech32ChecksumOk, // X25519 and post-quantum (ML-KEM-768 hybrid) identities alike
      remediation:
        'Generate a new age identity (`age-keygen -o keys.txt`), re-encrypt files for the new recipient (`gitseal updatekeys` / `gitseal rotate`), and keep the identity outside the repository.',
    },
  ),
  provider(
    'age-plugin-identity',
    'age plugin identity',
    ['age-plugin-'],
    re('<S>(AGE-PLUGIN-[A-Z0-9]{1,40}-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{20,400})<E>'),
    { severity: 'medium', minEntropy: 3.5 },
  ),
  {
    id: 'jwk-private-key',
    title: 'JSON Web Key private key',
    severity: 'high',
    description:
      'A JSON Web Key (JWK) with its private member `d`, or the `k` of a symmetric key, in plain text.',
    remediation: ROTATE,
    keywords: ['"kty"', 'kty\\"'], // also escaped, inside a string
    find: jwkPrivateKeys,
    kind: 'provider',
  },
  provider(
    'jwt',
    'JSON Web Token',
    ['eyj'],
    re('<S>(eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{10,2000})<E>'),
    {
      severity: 'medium',
      validate: jwtOk,
    },
  ),
  provider(
    'kubeadm-certificate-key',
    'kubeadm certificate key',
    ['certificate_key', 'certificatekey', 'certificate-key'],
    // `certificateKey:` (kubeadm config), `kubeadm_certificate_key:` (Kubespray), `--certificate-key`.
    re('certificate[_-]?key["\']?[ \\t]{0,4}[:= \\t][ \\t]{0,4}["\']?([0-9a-fA-F]{64})(?![0-9A-Za-z])', 'i'),
    {
      severity: 'high',
      description:
        'The AES key kubeadm encrypts the uploaded control-plane certificates with (the `kubeadm-certs` Secret): whoever holds it can join a control plane.',
      remediation:
        'Make a new key (`kubeadm certs certificate-key`), upload the certificates with it again, and keep it out of the repository (`gitseal encrypt`).',
      minEntropy: 3,
      skipPlaceholder: true,
    },
  ),
  provider(
    'password-hash',
    'Password hash (crypt, bcrypt, Argon2, scrypt, PBKDF2, LDAP/Dovecot schemes, MySQL, PostgreSQL)',
    PASSWORD_HASH_KEYWORDS,
    re(`<S>(${PASSWORD_HASH_SOURCE})(?![./A-Za-z0-9$])`),
    {
      severity: 'low',
      skipPlaceholder: true,
      minEntropy: 3,
      validate: passwordHashOk,
      remediation:
        'Password hashes can be cracked offline: keep them in a protected Secret (`gitseal seal` / `gitseal encrypt`) and change the password.',
    },
  ),
]
