/** Other keys and tokens with a recognisable shape: age identities, JWTs, PuTTY keys, password hashes. */
import { isPlaceholder } from '../placeholder.js'
import { jwtOk } from '../validators.js'
import { ROTATE, provider, re } from './define.js'
import { assignment } from './define-assign.js'
import { bech32ChecksumOk, keyStructure, puttyPrivateOk, strictBase64 } from './key-structure.js'
import { PASSWORD_HASH_KEYWORDS, PASSWORD_HASH_SOURCE, passwordHashOk } from './password-hashes.js'
import { PEM_RULES, base64FilesHolding, holdsPrivateKey } from './pem.js'
import { tendermintPrivateKeys } from './chain-keys.js'
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

const SSH2_LABEL = 'SSH2 ENCRYPTED PRIVATE KEY'
const SSH2_BEGIN = `---- BEGIN ${SSH2_LABEL} ----`
const SSH2_END = `---- END ${SSH2_LABEL} ----`
const AGE_IDENTITY = /AGE-SECRET-KEY-(?:PQ-)?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/g
const CLIENT_KEY_DATA = /client-key-data:[ \t]{0,8}["']?([A-Za-z0-9+/=]{40,40000})/g

/**
 * True when a decoded file holds the key its plain-text rule checks for: a PuTTY or SSH.com
 * (`puttygen -O private-sshcom`) key whose private lines parse, an age identity with a valid bech32 checksum, a JWK with its private member, or a
 * kubeconfig whose client-key-data is a private key.
 */
function decodedFileHoldsKey(text: string): boolean {
  const putty = PUTTY.exec(text)?.groups?.secret
  if (putty !== undefined && (puttyPrivateOk(putty, false) || puttyPrivateOk(putty, true))) return true
  for (const [identity] of text.matchAll(AGE_IDENTITY)) if (bech32ChecksumOk(identity)) return true
  if (!jwkPrivateKeys(text).next().done) return true
  if (!tendermintPrivateKeys(text).next().done) return true
  const ssh2 = text.indexOf(SSH2_BEGIN)
  const ssh2End = ssh2 < 0 ? -1 : text.indexOf(SSH2_END, ssh2)
  if (ssh2End > 0 && keyStructure(SSH2_LABEL, text.slice(ssh2 + SSH2_BEGIN.length, ssh2End)) !== undefined)
    return true
  for (const [, data = ''] of text.matchAll(CLIENT_KEY_DATA))
    if (holdsPrivateKey(Buffer.from(data, 'base64').toString('latin1'))) return true
  return false
}

// How a key file begins: a PuTTY or SSH.com key, a bare age identity or `age-keygen`'s file
// (`# created: …`), a Kubernetes YAML (a kubeconfig), and a JWK (`kty` or `crv` first, as Node writes
// an OKP key) or JWK set as JSON is written: compact, or indented by two or four spaces or a tab
// (LF or CRLF). Kept under any name — a values file's `payload:`, a CRD's `jwks:`, an environment
// variable — only decoding tells what it is.
const JSON_OPENINGS = ['{', '{ ', '{\n  ', '{\n    ', '{\n\t', '{\r\n  ', '{\r\n    ', '{\r\n\t']
const FILE_OPENINGS = [
  'PuTTY-User-Key-Fil',
  '---- BEGIN SSH2',
  'AGE-SECRET-KEY-',
  '# created',
  'apiVersion: v1\n',
  ...JSON_OPENINGS.flatMap((opening) => ['"kty"', '"crv"', '"keys"'].map((member) => opening + member)),
  // Tendermint/CometBFT key files: `priv_validator_key.json` opens with the address, `node_key.json` with the key.
  ...JSON_OPENINGS.flatMap((opening) => ['"address"', '"priv_key"'].map((member) => opening + member)),
]
/** The base64 of `opening`'s whole 3-byte groups: what every encoding of a file so opened starts with. */
const base64Head = (opening: string): string =>
  Buffer.from(opening.slice(0, opening.length - (opening.length % 3))).toString('base64')
const BASE64_FILE_HEADS = [...new Set(FILE_OPENINGS.map(base64Head))]
const BASE64_FILE = new RegExp(
  `(?<![A-Za-z0-9+/_-])(?:${BASE64_FILE_HEADS.join('|')})[A-Za-z0-9+/_-]{16,40000}={0,2}`,
  'g',
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
  {
    id: 'key-file-base64',
    title: 'Key file in base64 (PuTTY, age, JWK, kubeconfig, Tendermint)',
    severity: 'high',
    description:
      'A PuTTY key, age identity, JSON Web Key, kubeconfig or Tendermint key file written in base64, whose decoded file holds its private key.',
    remediation: ROTATE,
    keywords: BASE64_FILE_HEADS.map((head) => head.toLowerCase()),
    find: (text) => base64FilesHolding(BASE64_FILE, decodedFileHoldsKey, text),
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
    'fernet-key',
    'Fernet key',
    ['fernet'],
    // `fernetKey:` (Airflow charts), `AIRFLOW__CORE__FERNET_KEY=`, `fernet_key =`: url-safe base64 of
    // 32 random bytes (a signing and an encryption key), as `Fernet.generate_key()` makes them.
    re(assignment('fernet[\\w.-]{0,20}key', '[A-Za-z0-9_-]{43}='), 'i'),
    {
      severity: 'high',
      description:
        'A Fernet key (Airflow encrypts its connections and variables with it): whoever holds it reads and forges every value it protects.',
      minEntropy: 4,
      // As an encoder writes it: the last character's two spare bits are zero.
      validate: (secret) => `${Buffer.from(secret, 'base64url').toString('base64url')}=` === secret,
    },
  ),
  provider(
    'consul-gossip-key',
    'Consul gossip encryption key',
    ['gossip', 'encrypt'],
    // `gossip_key`, `gossipEncryptionKey :=` (a Go test), Consul's own `encrypt = "…"`: base64 of 32
    // random bytes, as `consul keygen` prints it.
    // Looked for from `gossip` (`CONSUL_GOSSIP_KEY`) and from a whole `encrypt` (its boundary looked
    // behind it): a bounded name prefix tried at every word start cost 30× more on 111 MB of CRDs.
    /(?:gossip[\w.-]{0,20}key|encrypt(?<![\w.-]encrypt))["']?[ \t]{0,4}(?::=|=|:)[ \t]{0,4}["'`]?([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9_+/=-])/i,
    {
      description:
        "A Consul gossip encryption key: whoever holds it reads and joins the cluster's gossip (membership, events, queries).",
      remediation:
        'Make a new key (`consul keygen`), roll it out with `consul keyring -install/-use/-remove`, and deliver it as a protected Secret (`gitseal seal`, `gitseal encrypt`).',
      minEntropy: 4,
      // As an encoder writes 32 bytes: the last character's spare bits are zero.
      validate: (secret) => Buffer.from(secret, 'base64').toString('base64') === secret,
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
