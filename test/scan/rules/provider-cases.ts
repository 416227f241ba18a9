/**
 * One row per provider rule: lines that must be found (true positives) and lines that must not be
 * (false positives). Tokens are built at run time (see tokens.ts).
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { CS, b64, githubToken, j, jwt, pem, rnd as r } from './tokens.js'

/** A rule's test row. */
export interface RuleCase {
  id: string
  /** Lines (or whole files) that must produce a finding of this rule. */
  tp: string[]
  /** Lines that must not produce a finding of this rule. */
  fp: string[]
  /** File path to scan as (default `config/app.yaml`). */
  path?: string
}

const uuid = (): string => [r(CS.hex, 8), r(CS.hex, 4), r(CS.hex, 4), r(CS.hex, 4), r(CS.hex, 12)].join('-')
const UD = CS.upper + CS.digits
const LD = CS.lower + CS.digits
const B32 = CS.bech32.toUpperCase()
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const pw = (): string => `${r(CS.alnum, 14)}9`

/** SSH wire string: uint32 length and the bytes. */
const sshString = (bytes: Buffer): Buffer => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}
/** An unencrypted `openssh-key-v1` ed25519 body in base64, built field by field (PROTOCOL.key). */
const opensshBody = (): string => {
  const bytes = (n: number): Buffer => Buffer.from(r(CS.hex, 2 * n), 'hex')
  const type = sshString(Buffer.from('ssh-ed25519'))
  const check = bytes(4)
  const pub = Buffer.concat([type, sshString(bytes(32))])
  const secret = Buffer.concat([
    check,
    check,
    pub,
    sshString(bytes(64)),
    sshString(Buffer.alloc(0)),
    Buffer.from([1, 2, 3]),
  ])
  const count = Buffer.from([0, 0, 0, 1])
  const none = sshString(Buffer.from('none'))
  const head = Buffer.from('openssh-key-v1\0', 'latin1')
  return Buffer.concat([
    head,
    none,
    none,
    sshString(Buffer.alloc(0)),
    count,
    sshString(pub),
    sshString(secret),
  ]).toString('base64')
}
// Slack configuration tokens: unpadded base64 of `2-2-<team>-<user>-<id>-<id>-<64 hex>` (access,
// 163 characters) or `3-1-<team>-<id>-<id>-<64 hex>` (refresh, 146), as Slack issues them.
const slackConfigBody = (kind: '2-2' | '3-1'): string => {
  const ids = kind === '2-2' ? [12, 12, 13, 13] : [12, 13, 13]
  const text = [kind, ...ids.map((n) => r(CS.digits, n)), r(CS.hex, 64)].join('-')
  return b64(text).replace(/=+$/, '')
}
const azureKey = (): string => `${r(CS.b64, 86)}==`
const VERSION_BYTES = Buffer.from([0, 1, 0, 1])
/** An Elasticsearch service-account token: the version bytes, then `<namespace>/<service>/<name>:<secret>`. */
const esServiceToken = (name: string, secret: string): string =>
  Buffer.concat([VERSION_BYTES, Buffer.from(`${name}:${secret}`)]).toString('base64')

/** A TSIG key of `bytes` random bytes in base64, as `tsig-keygen` writes one. */
const tsigSecret = (bytes: number): string => Buffer.from(r(CS.hex, bytes * 2), 'hex').toString('base64')

/**
 * A PyPI token as PyPI writes one: `pypi-` and base64url of a v2 macaroon (location, identifier, one
 * caveat, then the 32-byte signature packet); the signature is a digest of the identifier.
 */
function pypiToken(location: string, identifier: string): string {
  const packet = (field: number, data: Buffer): Buffer =>
    Buffer.concat([Buffer.from([field, data.length]), data])
  const caveat = Buffer.from('{"version": 1, "permissions": "user"}')
  const signature = createHash('sha256').update(identifier).digest()
  const bytes = Buffer.concat([
    Buffer.from([2]),
    packet(1, Buffer.from(location)),
    packet(2, Buffer.from(identifier)),
    Buffer.from([0]),
    packet(2, caveat),
    Buffer.from([0, 0]),
    packet(6, signature),
  ])
  return j('pypi-', bytes.toString('base64url'))
}

/** A UUID of lowercase hex, as Plaid writes one after a token's kind and environment. */
function plaidId(): string {
  return [8, 4, 4, 4, 12].map((length) => r(CS.hex, length)).join('-')
}

// Keys are made with encodings (bytes back), never exported from generateKeyPairSync's KeyObject:
// that export can deadlock Node 20 while GC finalises the key-generation job (real-keys.test.ts).
/** A PKCS#8 private key made by Node's crypto, in PEM. */
const pkcs8Pem = (type: 'ed25519' | 'ec'): string => {
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const
  return type === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding, publicKeyEncoding }).privateKey
    : generateKeyPairSync('ed25519', { privateKeyEncoding, publicKeyEncoding }).privateKey
}
/** Base64 of a new Ed25519 public key's SPKI DER. */
const ed25519SpkiBase64 = (): string =>
  generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  }).publicKey.toString('base64')
/** A new Ed25519 key as Tendermint's key files hold it: base64 of the seed, then the public key. */
const tendermintKey = (): string => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  })
  return Buffer.concat([privateKey.subarray(-32), publicKey.subarray(-32)]).toString('base64')
}
/** A Stellar strkey (SEP-23): base32 of version byte, 32 random bytes, CRC16-XModem (little-endian). */
function stellarKey(version: number): string {
  const body = Buffer.concat([Buffer.from([version]), randomBytes(32)])
  let crc = 0
  for (const byte of body)
    for (let bit = 7; bit >= 0; bit--)
      crc = ((crc << 1) & 0xffff) ^ ((crc >> 15) ^ ((byte >> bit) & 1) ? 0x1021 : 0)
  let bits = ''
  for (const byte of Buffer.concat([body, Buffer.from([crc & 0xff, crc >> 8])]))
    bits += byte.toString(2).padStart(8, '0')
  return (bits.match(/.{5}/g) ?? []).map((five) => CS.b32.charAt(parseInt(five, 2))).join('')
}
/** `key` with its last character changed (the CRC's last bits): a seed whose checksum fails. */
const lastCharChanged = (key: string): string => key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')
/** `pemText` with its label renamed (`-----BEGIN FOO PRIVATE KEY-----`). */
const renamed = (pemText: string, name: string): string =>
  pemText.replace(/(BEGIN|END) (?:[A-Z]+ )?PRIVATE KEY/g, `$1 ${name} PRIVATE KEY`)
/** Base64 of a PKCS#8 private key's DER bytes, no armour. */
const derBase64 = (type: 'ed25519' | 'ec'): string =>
  pkcs8Pem(type)
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('')
/**
 * A CephX key as Ceph encodes it (src/auth/Crypto.cc: u16 type, u32 seconds and nanoseconds of its
 * creation, u16 length, the secret; little-endian), base64. `fields` spoil a part for the negatives.
 */
const cephKey = (
  fields: { created?: number; length?: number; secret?: Buffer; type?: number } = {},
): string => {
  const size = fields.type === 2 ? 32 : 16 // AES-256 keys (type 2) hold 32 secret bytes
  const bytes = Buffer.alloc(12 + size)
  bytes.writeUInt16LE(fields.type ?? 1, 0)
  bytes.writeUInt32LE(fields.created ?? 1_588_757_069, 2)
  bytes.writeUInt32LE(0x2bb207d6, 6)
  bytes.writeUInt16LE(fields.length ?? size, 10)
  ;(fields.secret ?? Buffer.from(r(CS.hex, 2 * size), 'hex')).copy(bytes, 12)
  return bytes.toString('base64')
}
/** A mirroring bootstrap peer token (`rbd mirror pool peer bootstrap create`) carrying `key`. */
const bootstrapToken = (key: string, spaced = false): string =>
  Buffer.from(
    JSON.stringify({
      fsid: '4d5bcb40-467a-49ed-8c0a-9ea8bd466917',
      client_id: 'rbd-mirror-peer',
      key,
      mon_host: '[v2:192.168.39.36:3300,v1:192.168.39.36:6789]',
    }).replace(/":"/g, spaced ? '": "' : '":"'), // CephFS's tokens have a space after each colon
  ).toString('base64')
/** A Keycloak realm export with one key provider component of `providerId` holding `secret`. */
const keycloakRealm = (providerId: string, secret: string): string =>
  JSON.stringify(
    {
      components: {
        'org.keycloak.keys.KeyProvider': [{ name: providerId, providerId, config: { secret: [secret] } }],
      },
    },
    null,
    2,
  )

function c(id: string, tp: string | string[], fp: string | string[] = [], path?: string): RuleCase {
  const row: RuleCase = { id, tp: Array.isArray(tp) ? tp : [tp], fp: Array.isArray(fp) ? fp : [fp] }
  if (path !== undefined) row.path = path
  return row
}

const TRUNCATED = (label: string): string => `${j('-----BEGIN ', label)}-----\n...\n-----END ${label}-----`

/** Every provider rule's cases. */
export const CASES: RuleCase[] = [
  c(
    'private-key-rsa',
    [pem('RSA PRIVATE KEY'), `key: |\n  ${pem('RSA PRIVATE KEY').replace(/\n/g, '\n  ')}`],
    TRUNCATED('RSA PRIVATE KEY'),
  ),
  c('private-key-ec', pem('EC PRIVATE KEY'), TRUNCATED('EC PRIVATE KEY')),
  c('private-key-dsa', pem('DSA PRIVATE KEY'), TRUNCATED('DSA PRIVATE KEY')),
  c('private-key-openssh', pem('OPENSSH PRIVATE KEY'), [TRUNCATED('OPENSSH PRIVATE KEY'), pem('PUBLIC KEY')]),
  c('private-key-pkcs8', pem('PRIVATE KEY'), [TRUNCATED('PRIVATE KEY'), pem('CERTIFICATE')]),
  // Talos' label for its PKCS#8 Ed25519 keys; an X25519 key's DER under it, in base64, is no Ed25519 key.
  c(
    'private-key-ed25519',
    [
      renamed(pkcs8Pem('ed25519'), 'ED25519'),
      `key: |\n  ${renamed(pkcs8Pem('ed25519'), 'ED25519').replaceAll('\n', '\n  ')}`,
    ],
    [TRUNCATED('ED25519 PRIVATE KEY'), renamed(pkcs8Pem('ed25519'), 'ED25519').replace('PRIVATE', 'PUBLIC')],
  ),
  c('private-key-pkcs8-encrypted', pem('ENCRYPTED PRIVATE KEY'), TRUNCATED('ENCRYPTED PRIVATE KEY')),
  c('private-key-pgp', pem('PGP PRIVATE KEY BLOCK'), pem('PGP PUBLIC KEY BLOCK')),
  c(
    'private-key-ssh2-encrypted',
    pem('SSH2 ENCRYPTED PRIVATE KEY', 8, '----'),
    pem('SSH2 PUBLIC KEY', 8, '----'),
  ),
  c(
    'putty-private-key',
    `${j('PuTTY-User-Key-', 'File-3')}: ssh-ed25519\nEncryption: none\nPublic-Lines: 1\n${r(CS.b64, 64)}\nPrivate-Lines: 1\n${r(CS.b64, 44)}\nPrivate-MAC: ${r(CS.hex, 64)}\n`,
    `${j('PuTTY-User-Key-', 'File-3')}: ssh-ed25519\nPrivate-Lines: 1\nxxxxxxxxxxxxxxxxxxxxxxxx\n`,
  ),
  c(
    'age-secret-key',
    [j('AGE-SECRET-', 'KEY-1', r(B32, 58)), j('AGE-SECRET-', 'KEY-PQ-1', r(B32, 58))],
    [
      j('AGE-SECRET-', 'KEY-1', 'X'.repeat(58)),
      j('AGE-SECRET-', 'KEY-PQ-1', 'X'.repeat(58)),
      j('AGE-SECRET-', 'KEY-PQ-1...'),
      `# public key: age1${r(CS.bech32, 58)}`,
    ],
  ),
  c(
    'jwk-private-key',
    [
      `{"keys": [{"kty": "EC", "crv": "P-256", "x": "${r(CS.url, 43)}", "y": "${r(CS.url, 43)}", "d": "${r(CS.url, 43)}"}]}`,
      `{"d":"${r(CS.url, 43)}","crv":"Ed25519","kty":"OKP","x":"${r(CS.url, 43)}"}`,
      // A symmetric key (an HMAC secret as jose and Keycloak export it): red team 19 C3.
      // (Literal keys: an r() call here would shift the seeded values of every later case.)
      `{"kty":"oct","k":"At_uxTl0rK_g1-bUeeahgP2_yvekSpxrbagDGtCsNhY","alg":"HS256","kid":"s1"}`,
    ],
    [
      `{"kty": "EC", "crv": "P-256", "x": "${r(CS.url, 43)}", "y": "${r(CS.url, 43)}"}`,
      `{"d": "${r(CS.url, 43)}", "note": "not a key"}`,
      `{"kty": "oct", "k": "U1KUk2vV6nobKz1f"}`, // 12 bytes: no key
      `{"kty": "RSA", "k": "ZIrrepd68X7vbhI-R0dD-3m3ksXhwMeIJTtDTxVDJZU"}`, // `k` is a member of symmetric keys only
    ],
  ),
  c(
    'age-plugin-identity',
    j('AGE-PLUGIN-', 'YUBIKEY-1', r(B32, 60)),
    j('AGE-PLUGIN-', 'YUBIKEY-1', 'Q'.repeat(60)),
  ),
  c('jwt', `Authorization: Bearer ${jwt()}`, [
    `x: ${j('eyJ', r(CS.url, 20), '.eyJ', r(CS.url, 20), '.', r(CS.url, 20))}`,
    // jwt.io's published sample token (John Doe), pasted into docs and tests everywhere.
    `token := "${[
      Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
      Buffer.from('{"sub":"1234567890","name":"John Doe","iat":1516239022}').toString('base64url'),
      r(CS.url, 43),
    ].join('.')}"`,
  ]),
  c(
    'key-file-base64',
    [
      `payload: ${b64(JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })))}`,
      `JWKS=${Buffer.from(JSON.stringify({ keys: [generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })] }, null, 2)).toString('base64url')}`,
    ],
    // The public half, and a JWK-shaped document without key material.
    [
      `payload: ${b64(JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })))}`,
      `payload: ${b64(JSON.stringify({ kty: 'EC', crv: 'P-256', d: 'x'.repeat(43) }))}`,
    ],
  ),
  c(
    'fernet-key',
    [
      `  fernetKey: "${randomBytes(32).toString('base64url')}="`,
      `AIRFLOW__CORE__FERNET_KEY=${randomBytes(32).toString('base64url')}=`,
    ],
    // A placeholder, and 43 characters no encoder writes (the last one's low bits set).
    [
      `fernetKey: "${'x'.repeat(43)}="`,
      `fernet_key = ${randomBytes(32).toString('base64url').slice(0, 42)}B=`,
    ],
  ),
  c(
    'consul-gossip-key',
    [
      `\tgossipEncryptionKey := "${randomBytes(32).toString('base64')}"`,
      `encrypt = "${randomBytes(32).toString('base64')}"`,
      `CONSUL_GOSSIP_KEY=${randomBytes(32).toString('base64')}`,
    ],
    // Not base64 of a key, and 44 characters no encoder writes (the last one's low bits set).
    ['encrypt: true', `gossip_key = ${randomBytes(32).toString('base64').slice(0, 42)}B=`],
  ),
  c(
    'kubeadm-certificate-key',
    [
      `kubeadm_certificate_key: ${r(CS.hex, 64)}`,
      `  certificateKey: "${r(CS.hex, 64)}"`,
      `kubeadm join 10.0.0.1:6443 --control-plane --certificate-key ${r(CS.hex, 64)}`,
    ],
    [
      `kubeadm_certificate_key: "{{ lookup('password', 'certificate_key.creds length=64 chars=hexdigits') }}"`,
      'ssl_certificate_key: /etc/ssl/private/tls.key',
      `certificateKey: ${'0'.repeat(64)}`,
      `certificate_key: ${r(CS.hex, 65)}`,
    ],
  ),
  c(
    'password-hash',
    [
      `admin:${j('$apr1$', r(LD, 8), '$', r(CS.alnum + './', 22))}`,
      `hash: "${j('$2y$', '10$', r(CS.alnum + './', 53))}"`,
      // PostgreSQL's md5 and SCRAM-SHA-256 verifiers (zalando/postgres-operator's tests hold both).
      `Password: "${j('md5', r(CS.hex, 32))}",`,
      `Password: "${j('SCRAM-SHA-256$4096:', r(CS.b64, 22), '==$', r(CS.b64, 43), '=:', r(CS.b64, 43), '=')}",`,
    ],
    `admin:${j('$apr1$', 'xxxxxxxx$', 'x'.repeat(22))}`,
  ),
  c('aws-access-key-id', `aws_access_key_id = ${j('AKIA', r(CS.b32, 16))}`, [
    `aws_access_key_id = ${j('AKIAIOSFODNN7', 'EXAMPLE')}`,
    `id: ${j('AKIA', r(CS.b32, 15))}`,
    // A test's filler: one piece repeated after the prefix (held-out-21).
    `value: ${j('AKIA', 'TEST'.repeat(4))}`,
    `aws_access_key_id=${j('ASIA', 'Z'.repeat(16))}`,
  ]),
  c(
    'aws-secret-access-key',
    [`aws_secret_access_key = ${r(CS.b64, 40)}`, `"SecretAccessKey": "${r(CS.b64, 40)}"`],
    [`aws_secret_access_key = ${j('wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 'EXAMPLEKEY')}`],
  ),
  c('aws-session-token', `aws_session_token = ${r(CS.b64, 300)}`, `aws_session_token = ${'A'.repeat(300)}`),
  c('aws-mws-key', j('amzn.', 'mws.', uuid()), j('amzn.', 'mws.', 'x'.repeat(8))),
  c(
    'gcp-service-account-key',
    `{"type": "service_account", "private_key": "${j('-----BEGIN ', 'PRIVATE KEY')}-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${r(CS.b64, 64)}\\n${r(CS.b64, 64)}\\n-----END PRIVATE KEY-----\\n"}`,
    [
      `{"private_key": "${j('-----BEGIN ', 'PRIVATE KEY')}-----\\n...\\n-----END PRIVATE KEY-----\\n"}`,
      // A docs example whose body is made up (it does not open as DER does): held-out-6.
      `{"private_key": "${j('-----BEGIN ', 'PRIVATE KEY')}-----\\nHwethgy123hugghhhbdcu6356${r(CS.alnum, 64)}\\n-----END PRIVATE KEY-----\\n"}`,
    ],
  ),
  c('gcp-api-key', `apiKey: ${j('AIza', r(CS.url, 35))}`, `apiKey: ${j('AIza', 'x'.repeat(35))}`),
  c('gcp-oauth-client-secret', j('GOCSPX-', r(CS.url, 28)), j('GOCSPX-', r(CS.url, 10))),
  c('gcp-oauth-access-token', j('ya29.', r(CS.url, 100)), j('ya29.', 'x'.repeat(100))),
  c(
    'azure-storage-connection-string',
    `DefaultEndpointsProtocol=https;AccountName=acct;${j('Account', 'Key=')}${r(CS.b64, 86)}==;EndpointSuffix=core.windows.net`,
    `DefaultEndpointsProtocol=https;AccountName=acct;${j('Account', 'Key=')}<key>;`,
  ),
  c(
    'azure-storage-account-key',
    [
      `storage_account_key: ${azureKey()}`,
      `{ "AccountKey", "${azureKey()}" }`,
      `"AccountName=acct;${j('Account', 'Key=')}${azureKey()};EndpointSuffix=core.windows.net"`,
      `<account_key>${azureKey()}</account_key>`,
      `azcopy copy x y -storagekey ${azureKey()}`,
      `AzCopy /Source:https://a.blob.core.windows.net/c /Dest:C:\\d /${j('Source', 'Key:')}${azureKey()}`,
    ],
    [
      `storage_account_key: ${'x'.repeat(86)}==`,
      `{ "AccountKey", "<storage-account-key>" }`,
      `<account_key>${r(CS.b64, 60)}==</account_key>`,
      `sha512: ${azureKey()}`,
    ],
  ),
  c(
    'azure-service-bus-connection-string',
    `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;${j('SharedAccess', 'Key=')}${r(CS.b64, 43)}=`,
    `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;${j('SharedAccess', 'Key=')}{{key}}`,
  ),
  c(
    'azure-sas-token',
    `https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=rl&se=2030-01-01&${j('si', 'g=')}${r(CS.alnum, 43)}%3D`,
    `https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=rl&${j('si', 'g=')}<signature>`,
  ),
  c(
    'azure-container-registry-password',
    `docker login myreg.azurecr.io -u myreg -p ${r(CS.b64, 42)}${j('+A', 'CR')}${r(CS.alnum, 6)}`,
    [`-p ${'x'.repeat(42)}${j('+A', 'CR')}xxxxxx`, `-p <password>${j('+A', 'CR')}`],
  ),
  c(
    'azure-app-configuration-connection-string',
    `Endpoint=https://appcs-prod.${j('azconfig', '.io')};Id=${r(CS.alnum, 4)}-l0-s0:${r(CS.alnum, 20)};Secret=${r(CS.b64, 43)}=`,
    `Endpoint=https://appcs-prod.${j('azconfig', '.io')};Id=<id>;Secret=<secret>`,
  ),
  c(
    'azure-ad-client-secret',
    `${r(CS.alnum, 3)}8${j('Q', '~')}${r(CS.alnum + '_~.-', 34)}`,
    `abc8${j('Q', '~')}${'x'.repeat(34)}`,
  ),
  c(
    'azure-devops-pat',
    `azure_devops_token: ${r('abcdefghijklmnopqrstuvwxyz234567', 52)}`,
    `azure_devops_token: ${'a'.repeat(52)}`,
  ),
  c('digitalocean-pat', j('dop_', 'v1_', r(CS.hex, 64)), j('dop_', 'v1_', 'x'.repeat(64))),
  c('digitalocean-oauth-token', j('doo_', 'v1_', r(CS.hex, 64)), j('doo_', 'v1_', r(CS.hex, 63))),
  c('digitalocean-refresh-token', j('dor_', 'v1_', r(CS.hex, 64)), j('dor_', 'v1_', r(CS.hex, 65))),
  c('alibaba-access-key-id', j('LTAI', r(CS.alnum, 20)), j('LTAI', 'x'.repeat(20))),
  c('heroku-api-key', `HEROKU_API_KEY=${uuid()}`, `HEROKU_API_KEY=\${HEROKU_KEY}`),
  c('heroku-api-key-v2', j('HRKU-', r(CS.url, 60)), j('HRKU-', r(CS.url, 20))),
  c(
    'cloudflare-api-token',
    `CLOUDFLARE_API_TOKEN=${r(CS.url, 40)}`,
    `CLOUDFLARE_API_TOKEN=${'x'.repeat(40)}`,
  ),
  c(
    'cloudflare-origin-ca-key',
    j('v1.0-', r(CS.hex, 24), '-', r(CS.hex, 146)),
    j('v1.0-', r(CS.hex, 24), '-', r(CS.hex, 20)),
  ),
  c(
    'onepassword-secret-key',
    j('A3-', r(UD, 6), '-', r(UD, 11), '-', r(UD, 5), '-', r(UD, 5), '-', r(UD, 5)),
    [j('A3-', 'XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX'), j('A3-', r(UD, 6))],
  ),
  c(
    'grafana-api-key',
    `GF_API_KEY=${b64(`{"k":"${r(CS.alnum, 32)}","n":"deploy","id":1}`).replace(/=+$/, '')}`,
    [`GF_API_KEY=${j('eyJrIjoi', 'x'.repeat(70))}`, `GF_API_KEY=${j('eyJrIjoi', '...')}`],
  ),
  c(
    'aws-bedrock-api-key',
    [
      `AWS_BEARER_TOKEN_BEDROCK=ABSK${b64(`BedrockAPIKey-${r(CS.alnum, 8)}-at-${r(CS.digits, 12)}:${r(CS.b64, 60)}`)}`,
      `AWS_BEARER_TOKEN_BEDROCK=${j('bedrock-api-key-', b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=${r(CS.b32, 20)}&X-Amz-Signature=${r(CS.hex, 64)}`))}`,
    ],
    [
      `AWS_BEARER_TOKEN_BEDROCK=ABSK${j('QmVkcm9ja0FQSUtleS', 'x'.repeat(100))}`,
      'AWS_BEARER_TOKEN_BEDROCK=ABSK...',
    ],
  ),
  c(
    'vault-service-token',
    [j('hvs.', 'CAESI', r(CS.url, 90)), `Initial Root Token: ${j('hvs.', r(CS.alnum, 24))}`],
    [`export VAULT_TOKEN=${j('hvs.', 'CAESIJ...')}`, j('hvs.', 'x'.repeat(24)), j('hvs.', r(CS.url, 20))],
  ),
  c('vault-recovery-token', `token: ${j('hvr.', r(CS.alnum, 24))}`, [
    j('hvr.', '<recovery-token>'),
    j('hvr.', 'X'.repeat(24)),
  ]),
  c(
    'kubernetes-bootstrap-token',
    [
      `    token: ${j(r(LD, 6), '.', r(LD, 15), '7')} # machine join token (Talos machine config)`,
      `kubeadm join 10.0.0.1:6443 --token ${j(r(LD, 6), '.', r(LD, 15), '7')} --discovery-token-unsafe-skip-ca-verification`,
      `bootstrapToken: "${j(r(LD, 6), '.', r(LD, 15), '7')}"`,
    ],
    [
      j(r(LD, 6), '.', r(LD, 15), '7'), // not in a token position
      `token: ${j('abcdef', '.', '0123456789abcdef')}`, // kubeadm's documented example
      `tokenFile: ${j('secret', '.', 'kubernetesconfig')}`, // words, no digit
    ],
  ),
  c(
    'vault-approle-secret-id',
    [
      `approle:\n  role_id: ${uuid()}\n  secret_id: ${uuid()}\n`,
      `vault write auth/approle/login role_id=${uuid()} secret_id=${uuid()}`,
      `{"role_id": "${uuid()}", "secret_id": "${uuid()}"}`,
      `VAULT_ROLE_ID=${uuid()}\nVAULT_SECRET_ID=${uuid()}\n`,
      `# AppRole login\nvault-agent --secret-id ${uuid()}`,
      // Vault's answer when it issues a secret ID.
      `{"data": {"secret_id": "${uuid()}", "secret_id_accessor": "${uuid()}", "secret_id_ttl": 3600}}`,
    ],
    [
      // No AppRole in view: a secret manager's ID of a secret (Bitwarden's `bws secret get`).
      `secret_id: ${uuid()}`,
      `approle:\n  secret_id: ${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}\n`,
      `approle:\n  secret_id: \${VAULT_SECRET_ID}\n`,
      // The secret ID's accessor looks it up or revokes it; it logs nobody in.
      `{"secret_id_accessor": "${uuid()}", "secret_id_ttl": 3600}`,
    ],
  ),
  c(
    'vault-legacy-token',
    [
      `export VAULT_TOKEN=${j('s.', r(CS.alnum, 24))}`,
      `curl -H "X-Vault-Token: ${j('s.', r(CS.alnum, 24))}" $VAULT_ADDR/v1/secret/app`,
      `{"token": "${j('s.', r(CS.alnum, 24))}"}`,
      `vault login ${j('s.', r(CS.alnum, 24))}`,
    ],
    [
      j('s.', r(CS.alnum, 24)), // not in a token position
      `token: ${j('s.', 'x'.repeat(24))}`,
      `vault_token: ${j('s.', 'AcceptanceTimeoutSeconds')}`,
      `token: ${j('s.', r(CS.alnum, 20))}`,
    ],
  ),
  c(
    'vault-unseal-key',
    [`Unseal Key 1: ${r(CS.b64, 44)}`, `Recovery Key 3: ${r(CS.b64, 44)}`],
    [`Unseal Key 1: xxx...`, `Unseal Key 2: ${'A'.repeat(44)}`],
  ),
  c('vault-batch-token', j('hvb.', r(CS.url, 150)), j('hvb.', r(CS.url, 40))),
  c(
    'terraform-cloud-token',
    `token = "${r(CS.alnum, 14)}.${j('atlas', 'v1.')}${r(CS.url, 67)}"`,
    `${r(CS.alnum, 14)}.${j('atlas', 'v1.')}short`,
  ),
  c('pulumi-access-token', j('pul-', r(CS.hex, 40)), j('pul-', 'x'.repeat(40))),
  c('databricks-token', j('dapi', r(CS.hex, 32)), j('dapi', '0'.repeat(32))),
  c('doppler-token', j('dp.', 'pt.', r(CS.alnum, 43)), j('dp.', 'pt.', r(CS.alnum, 12))),
  c('flyio-token', j('fo1_', r(CS.url, 43)), j('fo1_', 'x'.repeat(43))),
  c('supabase-access-token', j('sbp_', r(CS.hex, 40)), j('sbp_', 'x'.repeat(40))),
  c('planetscale-token', j('pscale_', 'tkn_', r(CS.url, 43)), j('pscale_', 'tkn_', 'x'.repeat(43))),
  c('grafana-cloud-token', j('glc_', r(CS.alnum, 80)), j('glc_', 'x'.repeat(80))),
  c(
    'grafana-service-account-token',
    j('glsa_', r(CS.alnum, 32), '_', r(CS.hex, 8)),
    j('glsa_', 'x'.repeat(32), '_', 'x'.repeat(8)),
  ),
  c('newrelic-user-api-key', j('NRAK-', r(UD, 27)), j('NRAK-', 'X'.repeat(27))),
  c(
    'newrelic-license-key',
    [
      `license_key: ${r(CS.hex, 32)}${j('FFFF', 'NRAL')}`,
      `license_key: '${r(CS.hex, 36)}${j('NR', 'AL')}'`,
      `NEW_RELIC_LICENSE_KEY=${j('eu01xx', r(CS.hex, 30), 'NR', 'AL')}`,
    ],
    [`license_key: ${'0'.repeat(32)}${j('FFFF', 'NRAL')}`, `license_key: ${'x'.repeat(36)}${j('NR', 'AL')}`],
  ),
  c(
    'newrelic-legacy-license-key',
    [
      `[newrelic]\nlicense_key = ${r(CS.hex, 40)}\napp_name = web\n`,
      `NEW_RELIC_LICENSE_KEY=${r(CS.hex, 40)}`,
      `newrelic:\n  licenseKey: "${r(CS.hex, 40)}"\n`,
      `NRIA_LICENSE_KEY: ${r(CS.hex, 40)}`,
    ],
    [
      // 40 hex under a license key name, no New Relic in the file: some other vendor's or a digest.
      `license_key = ${r(CS.hex, 40)}`,
      `[newrelic]\nlicense_key = ${'0'.repeat(40)}\n`,
      `NEW_RELIC_LICENSE_KEY=${r(CS.hex, 32)}`,
    ],
  ),
  c('newrelic-insert-key', j('NRII-', r(CS.url, 32)), j('NRII-', 'x'.repeat(32))),
  c('datadog-api-key', `DD_API_KEY=${r(CS.hex, 32)}`, `DD_API_KEY=${'0'.repeat(32)}`),
  c('sentry-auth-token', j('sntryu_', r(CS.hex, 64)), j('sntryu_', '0'.repeat(64))),
  c('sonarqube-token', j('squ_', r(CS.hex, 40)), j('squ_', 'x'.repeat(40))),
  c(
    'dynatrace-api-token',
    j('dt0c01.', r(UD, 24), '.', r(UD, 64)),
    j('dt0c01.', 'X'.repeat(24), '.', 'X'.repeat(64)),
  ),
  c('openshift-user-token', j('sha256', '~', r(CS.url, 43)), j('sha256', '~', 'x'.repeat(43))),
  c('onepassword-service-account-token', j('ops_', 'eyJ', r(CS.b64, 300)), j('ops_', 'eyJ', r(CS.b64, 30))),
  c('infracost-api-token', j('ico-', r(CS.alnum, 32)), j('ico-', 'x'.repeat(32))),
  c('prefect-api-token', j('pnu_', r(CS.alnum, 36)), j('pnu_', 'x'.repeat(36))),
  c(
    'yandex-iam-token',
    [
      j('t1.', r(CS.url, 150), '.', r(CS.url, 86)),
      `YC_TOKEN=${j('t1.', r(CS.url, 160), '==.', r(CS.url, 86), '==')}`,
    ],
    [j('t1.', 'x'.repeat(150), '.', 'x'.repeat(86)), 'see table t1.column_name.other'],
  ),
  c('yandex-api-key', j('AQVN', r(CS.url, 36)), j('AQVN', 'x'.repeat(36))),
  c('scalingo-api-token', j('tk-', 'us-', r(CS.url, 48)), j('tk-', 'us-', 'x'.repeat(48))),
  c(
    'harness-api-key',
    j('pat.', r(CS.url, 22), '.', r(CS.hex, 24), '.', r(CS.alnum, 20)),
    j('pat.', 'x'.repeat(22), '.', 'x'.repeat(24), '.', 'x'.repeat(20)),
  ),
  c('okta-api-token', `OKTA_API_TOKEN=00${r(CS.url, 40)}`, `OKTA_API_TOKEN=00${'x'.repeat(40)}`),
  c('github-pat', githubToken('ghp'), [j('ghp_', 'x'.repeat(36)), j('ghp_', r(CS.alnum, 35))]),
  c('github-oauth-token', githubToken('gho'), j('gho_', 'x'.repeat(36))),
  c('github-user-to-server-token', githubToken('ghu'), j('ghu_', 'x'.repeat(36))),
  c('github-app-token', githubToken('ghs'), j('ghs_', 'x'.repeat(36))),
  c('github-refresh-token', githubToken('ghr'), j('ghr_', 'x'.repeat(36))),
  c(
    'github-fine-grained-pat',
    j('github_', 'pat_', r(CS.alnum, 22), '_', r(CS.alnum, 59)),
    j('github_', 'pat_', 'x'.repeat(22), '_', 'x'.repeat(59)),
  ),
  c(
    'gitlab-pat',
    [
      j('glpat-', r(CS.url, 20)),
      // Routable tokens (GitLab 17.x+): payload, `.`, version, base36 CRC (with or without a `.`).
      j('glpat-', r(CS.url, 37), '.01', r(LD, 7)),
      j('glpat-', r(CS.url, 80), '.01.', r(LD, 9)),
    ],
    [
      j('glpat-', 'x'.repeat(20)),
      // A test's token made of words (held-out-21).
      j('glpat-', 'batteryStaple4_horse'),
    ],
  ),
  c('gitlab-deploy-token', j('gldt-', r(CS.url, 20)), j('gldt-', 'x'.repeat(20))),
  c('gitlab-pipeline-trigger-token', j('glptt-', r(CS.hex, 40)), j('glptt-', '0'.repeat(40))),
  c(
    'gitlab-runner-token',
    [j('glrt-', r(CS.url, 20)), j('glrt-', 't1_', r(CS.url, 120), '.01', r(LD, 7))],
    j('glrt-', 'x'.repeat(20)),
  ),
  c('gitlab-runner-registration-token', j('GR1348', '941', r(CS.url, 20)), [
    j('GR1348', '941', 'x'.repeat(20)),
    j('GR1348', '941', 'SUFfix_goodbyemoon42'),
  ]),
  c(
    'gitlab-ci-build-token',
    [j('glcbt-', '2a_', r(CS.url, 20)), j('glcbt-', r(CS.alnum, 5), '_', r(CS.url, 20))],
    j('glcbt-', '2a_', 'x'.repeat(20)),
  ),
  c('buildkite-user-token', j('bkua_', r(LD, 40)), j('bkua_', 'x'.repeat(40))),
  c('bitbucket-data-center-token', j('BBDC-', r(CS.b64, 44)), j('BBDC-', 'x'.repeat(44))),
  c('gitlab-oauth-app-secret', j('gloas-', r(CS.url, 64)), j('gloas-', 'x'.repeat(64))),
  c('gitlab-feed-token', j('glft-', r(CS.url, 20)), j('glft-', 'x'.repeat(20))),
  c('gitlab-incoming-mail-token', j('glimt-', r(CS.url, 25)), [
    j('glimt-', 'x'.repeat(25)),
    j('glimt-', 'some-tokens_look-fineCD47'),
  ]),
  c('gitlab-agent-token', j('glagent-', r(CS.url, 50)), j('glagent-', 'x'.repeat(50))),
  c('gitlab-scim-token', j('glsoat-', r(CS.url, 20)), j('glsoat-', 'x'.repeat(20))),
  c('gitlab-feature-flag-token', j('glffct-', r(CS.url, 20)), j('glffct-', 'x'.repeat(20))),
  c(
    'gitlab-session-cookie',
    `curl -b "${j('_gitlab_', 'session=')}${r(CS.hex, 32)}" https://gitlab.internal/api/v4/user`,
    `${j('_gitlab_', 'session=')}${'0'.repeat(32)}`,
  ),
  c('atlassian-api-token', j('ATATT3', r(CS.url, 186)), j('ATATT3', 'x'.repeat(186))),
  c('bitbucket-app-password', j('ATBB', r(CS.alnum, 32)), j('ATBB', 'x'.repeat(32))),
  c('linear-api-key', j('lin_', 'api_', r(CS.alnum, 40)), j('lin_', 'api_', 'x'.repeat(40))),
  c(
    'postman-api-key',
    j('PMAK-', r(CS.hex, 24), '-', r(CS.hex, 34)),
    j('PMAK-', '0'.repeat(24), '-', '0'.repeat(34)),
  ),
  c('circleci-token', `CIRCLE_TOKEN=${r(CS.hex, 40)}`, `CIRCLE_TOKEN=${'0'.repeat(40)}`),
  c('travis-ci-token', `TRAVIS_TOKEN: ${r(CS.alnum, 22)}`, `TRAVIS_TOKEN: ${'x'.repeat(22)}`),
  c('jfrog-api-key', j('AKCp', r(CS.alnum, 69)), j('AKCp', 'x'.repeat(69))),
  c(
    'jfrog-identity-token',
    j('cmVmdGtu', 'OjAxOj', r(CS.alnum, 55)),
    j('cmVmdGtu', 'OjAxOj', 'x'.repeat(55)),
  ),
  c(
    'slack-bot-token',
    [
      j('xoxb-', r(CS.digits, 12), '-', r(CS.digits, 13), '-', r(CS.alnum, 24)),
      `bot_token: "${j('xoxb-', r(CS.digits, 11), '-', r(CS.digits, 11), '-', r(CS.alnum, 24))}"`,
      j('xoxb-', r(CS.digits, 12), '-', r(CS.alnum, 24)), // legacy: one numeric group
    ],
    [
      j('xoxb-', 'x'.repeat(30)),
      j('xoxb-', 'xxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx'),
      j('xoxb-', 'your-bot-token'),
    ],
  ),
  c(
    'slack-user-token',
    [
      j('xoxp-', r(CS.digits, 12), '-', r(CS.digits, 12), '-', r(CS.digits, 12), '-', r(CS.alnum, 32)),
      `?t=${j('xoxe-', r(CS.digits, 13), '-', r(CS.digits, 13), '-', r(CS.digits, 13), '-', r(CS.hex, 32))}`,
    ],
    [
      j('xoxp-', '1'.repeat(12), '-', 'x'.repeat(32)),
      j('xoxe-', 'XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXX-', 'X'.repeat(32)),
    ],
  ),
  c(
    'slack-app-token',
    j('xapp-', '1-', r(UD, 11), '-', r(CS.digits, 13), '-', r(CS.hex, 64)),
    j('xapp-', '1-', 'X'.repeat(11), '-', '1'.repeat(13), '-', '0'.repeat(64)),
  ),
  c(
    'slack-config-token',
    [
      j('xoxe.', 'xoxp-1-', slackConfigBody('2-2')),
      j('xoxe.', 'xoxb-1-', slackConfigBody('2-2')),
      j('xoxe.', 'xoxp-1-', r(UD, 164)),
    ],
    [j('xoxe.', 'xoxp-1-', 'X'.repeat(164)), j('xoxe.', 'xoxp-1-', 'SlackAppConfigurationAccessTokenHere')],
  ),
  c(
    'slack-config-refresh-token',
    [j('xoxe-', '1-', slackConfigBody('3-1')), j('xoxe-', '1-', r(UD, 146))],
    [j('xoxe-', '1-', 'X'.repeat(146)), j('xoxe-', '1-xxx')],
  ),
  c('slack-legacy-token', j('xoxs-', r(CS.alnum, 40)), j('xoxs-', 'x'.repeat(40))),
  c(
    'slack-webhook-url',
    `url: https://${j('hooks.', 'slack.com')}/services/T${r(UD, 10)}/B${r(UD, 10)}/${r(CS.alnum, 24)}`,
    `url: https://${j('hooks.', 'slack.com')}/services/XXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`,
  ),
  c(
    'discord-webhook-url',
    `https://discord.com/api/${j('web', 'hooks/')}${r(CS.digits, 18)}/${r(CS.url, 68)}`,
    `https://discord.com/api/${j('web', 'hooks/')}${r(CS.digits, 18)}/${'x'.repeat(68)}`,
  ),
  c('discord-bot-token', `DISCORD_BOT_TOKEN=M${r(CS.alnum, 23)}.${r(CS.url, 6)}.${r(CS.url, 27)}`, [
    `DISCORD_BOT_TOKEN=M${'x'.repeat(23)}.${'x'.repeat(6)}.${'x'.repeat(27)}`,
    // The example token of Discord's API reference (held-out-21).
    `Authorization: Bot ${j('MTk4NjIyNDgzNDcxOTI1MjQ4', '.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs')}`,
  ]),
  c(
    'teams-webhook-url',
    `https://contoso.${j('webhook.', 'office.com')}/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${r(CS.hex, 32)}/${uuid()}`,
    `https://contoso.${j('webhook.', 'office.com')}/webhookb2/<id>`,
  ),
  c(
    'teams-workflow-webhook-url',
    `https://prod-12.westeurope.${j('logic.', 'azure.com')}:443/workflows/${r(CS.hex, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sv=1.0&${j('si', 'g=')}${r(CS.url, 43)}`,
    `https://prod-12.westeurope.${j('logic.', 'azure.com')}/workflows/<id>`,
  ),
  c('telegram-bot-token', `TELEGRAM_TOKEN=1${r(CS.digits, 9)}:${j('A', 'A')}${r(CS.url, 33)}`, [
    `TELEGRAM_TOKEN=1${r(CS.digits, 9)}:${j('A', 'A')}${'x'.repeat(33)}`,
    // The token of BotFather's example reply in Telegram's bot docs (held-out-21).
    `TELEGRAM_TOKEN=${j('110201543:', 'AAHdqTcvCH1vGWJxfSe1ofSAs0K5PALDsaw')}`,
  ]),
  c('mattermost-access-token', `MATTERMOST_TOKEN=${r(LD, 26)}`, `MATTERMOST_TOKEN=${'x'.repeat(26)}`),
  c('stripe-secret-key', j('sk_', 'live_', r(CS.alnum, 24)), [
    j('sk_', 'live_', '0'.repeat(24)),
    j('sk_', 'test_', r(CS.alnum, 24)),
  ]),
  c('stripe-restricted-key', j('rk_', 'live_', r(CS.alnum, 24)), j('rk_', 'live_', 'x'.repeat(24))),
  c('stripe-webhook-secret', j('whsec_', r(CS.alnum, 32)), j('whsec_', 'x'.repeat(32))),
  c('square-access-token', j('EAAA', r(CS.url, 60)), j('EAAA', 'x'.repeat(60))),
  c('square-oauth-secret', j('sq0csp-', r(CS.url, 43)), j('sq0csp-', 'x'.repeat(43))),
  c(
    'braintree-access-token',
    j('access_token', '$production$', r(LD, 16), '$', r(CS.hex, 32)),
    j('access_token', '$production$', 'x'.repeat(16), '$', '0'.repeat(32)),
  ),
  c('shopify-access-token', j('shpat_', r(CS.hex, 32)), j('shpat_', '0'.repeat(32))),
  c('shopify-shared-secret', j('shpss_', r(CS.hex, 32)), j('shpss_', '0'.repeat(32))),
  c(
    'flutterwave-secret-key',
    j('FLWSECK-', r('abcdefgh0123456789', 32), '-X'),
    j('FLWSECK-', '0'.repeat(32), '-X'),
  ),
  c('easypost-api-key', [j('EZAK', r(CS.hex, 54)), j('EZTK', r(CS.alnum, 54))], j('EZAK', '0'.repeat(54))),
  c('shippo-live-token', j('shippo_', 'live_', r(CS.hex, 40)), j('shippo_', 'live_', '0'.repeat(40))),
  c('duffel-live-token', j('duffel_', 'live_', r(CS.url, 43)), j('duffel_', 'live_', 'x'.repeat(43))),
  c('duffel-test-token', j('duffel_', 'test_', r(CS.url, 43)), j('duffel_', 'test_', 'x'.repeat(43))),
  c('shippo-test-token', j('shippo_', 'test_', r(CS.hex, 40)), j('shippo_', 'test_', '0'.repeat(40))),
  c(
    'flutterwave-encryption-key',
    // The dashboard's form, FLWSECK_TEST and 12 hex digits of an MD5; gitleaks' form with a `-`.
    [
      `FLW_ENCRYPTION_KEY=${j('FLWSECK_', 'TEST')}${createHash('md5').update(r(CS.alnum, 32)).digest('hex').slice(-12)}`,
      j('FLWSECK_', 'TEST-', createHash('md5').update(r(CS.alnum, 32)).digest('hex').slice(-12)),
    ],
    [j('FLWSECK_', 'TEST', '0'.repeat(12)), j('FLWSECK_', 'TEST-', r(CS.hex, 32), '-X')],
  ),
  c('adobe-client-secret', j('p8e-', r(CS.alnum, 32)), [
    j('p8e-', 'x'.repeat(32)),
    j('p8e-', r(CS.alnum, 40)),
  ]),
  c(
    'authress-access-key',
    [
      // client id . key id . account id . base64 of a PKCS#8 Ed25519 private key, as Authress issues it.
      j(
        'sc_',
        r(LD, 22),
        '.',
        r(LD, 4),
        '.acc_',
        r(LD, 10),
        '.',
        generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      ),
    ],
    [j('sc_', 'x'.repeat(22), '.', 'x'.repeat(4), '.acc_', 'x'.repeat(10), '.', 'x'.repeat(64))],
  ),
  c('contentful-personal-token', j('CFPAT-', r(CS.url, 43)), j('CFPAT-', 'x'.repeat(43))),
  c('rootly-api-key', j('rootly_', r(CS.hex, 64)), j('rootly_', '0'.repeat(64))),
  c(
    'sendgrid-api-key',
    j('SG.', r(CS.url, 22), '.', r(CS.url, 43)),
    j('SG.', 'x'.repeat(22), '.', 'x'.repeat(43)),
  ),
  c('twilio-api-key', j('SK', r(CS.hex, 32)), j('SK', '0'.repeat(32))),
  c('twilio-auth-token', `TWILIO_AUTH_TOKEN=${r(CS.hex, 32)}`, `TWILIO_AUTH_TOKEN=${'0'.repeat(32)}`),
  c('mailgun-api-key', j('key-', r(CS.hex, 32)), j('key-', '0'.repeat(32))),
  c(
    'mailgun-signing-key',
    `MAILGUN_WEBHOOK_SIGNING_KEY=${r(CS.hex, 32)}-${r(CS.hex, 8)}-${r(CS.hex, 8)}`,
    `MAILGUN_WEBHOOK_SIGNING_KEY=${'0'.repeat(32)}-${'0'.repeat(8)}-${'0'.repeat(8)}`,
  ),
  c('mailchimp-api-key', `${r(CS.hex, 32)}-us14`, `${'0'.repeat(32)}-us14`),
  c(
    'brevo-api-key',
    j('xkeysib-', r(CS.hex, 64), '-', r(CS.alnum, 16)),
    j('xkeysib-', '0'.repeat(64), '-', 'x'.repeat(16)),
  ),
  c('postmark-server-token', `POSTMARK_SERVER_TOKEN=${uuid()}`, `POSTMARK_SERVER_TOKEN=\${POSTMARK}`),
  c('npm-access-token', j('npm_', r(CS.alnum, 36)), j('npm_', 'x'.repeat(36))),
  c(
    'npmrc-auth-token',
    `//registry.npmjs.org/:${j('_auth', 'Token=')}${r(CS.alnum, 36)}`,
    [
      `//registry.npmjs.org/:${j('_auth', 'Token=')}\${NPM_TOKEN}`,
      // A detector's pattern for the line, in its source (held-out-21).
      `  re.compile(r'\\/\\/.+\\/:${j('_auth', 'Token=')}\\s*((npm_.+)|([A-Fa-f0-9-]{36})).*'),`,
    ],
    '.npmrc',
  ),
  c(
    'npmrc-basic-auth',
    `${j('_au', 'th=')}${b64(`deploy:${r(CS.alnum, 16)}`)}`,
    `${j('_au', 'th=')}\${NPM_AUTH}`,
    '.npmrc',
  ),
  c('pypi-upload-token', pypiToken('pypi.org', r(CS.url, 70)), [
    j('pypi-', 'AgEIcHlwaS5vcmc', 'x'.repeat(70)),
    // Cut before its signature (a detector test's too-short case, held-out-21).
    pypiToken('pypi.org', 'a-fixed-identifier-for-a-token-cut-short-0123456789').slice(0, 90),
  ]),
  c('rubygems-api-key', j('rubygems_', r(CS.hex, 48)), j('rubygems_', '0'.repeat(48))),
  c(
    'docker-auths-credential',
    [
      `{\n  "auths": {\n    "registry.example.com": {\n      "auth": "${b64(`robot:${r(CS.alnum, 20)}`)}"\n    }\n  }\n}\n`,
      `variables:\n  DOCKER_AUTH_CONFIG: '{"auths":{"r.example.com":{"auth":"${b64(`ci:${r(CS.alnum, 20)}`)}"}}}'\n`,
      `variables:\n  DOCKER_AUTH_CONFIG: "{\\"auths\\":{\\"r.example.com\\":{\\"auth\\":\\"${b64(`ci:${r(CS.alnum, 20)}`)}\\"}}}"\n`,
    ],
    [
      `{"auths": {"r.example.com": {"auth": "${b64('user:changeme')}"}}}`,
      `{"auths": {"r.example.com": {"auth": "${b64(r(CS.alnum, 20))}"}}}`, // no user:password inside
      `{"auths": {"r.example.com": {"auth": "\${REGISTRY_AUTH}"}}}`,
      `{"auth": "${b64(`robot:${r(CS.alnum, 20)}`)}"}`, // not docker auths
    ],
    'ci/registry-auth',
  ),
  c('figma-pat', `FIGMA_TOKEN=${j('figd_', r(CS.url, 40))}`, [
    j('figd_', 'x'.repeat(40)),
    j('figd_', '<token>'),
  ]),
  c('vercel-token', j('vcp_', r(CS.alnum, 24)), [j('vcp_', 'x'.repeat(24)), j('vcp_', 'YOUR_TOKEN')]),
  c('tailscale-key', `TS_AUTHKEY=${j('tskey-', 'auth-', r(CS.alnum, 12), '-', r(CS.alnum, 32))}`, [
    j('tskey-', 'auth-', 'xxxxxxxxxxxx-', 'x'.repeat(32)),
    j('tskey-', 'auth-...'),
  ]),
  c(
    'sourcegraph-access-token',
    [j('sgp_', r(CS.hex, 16), '_', r(CS.hex, 40)), j('sgp_', 'local_', r(CS.hex, 40))],
    [j('sgp_', '0'.repeat(16), '_', '0'.repeat(40)), j('sgp_', r(CS.hex, 16))],
  ),
  c('clickhouse-cloud-api-secret', j('4b1d', r(CS.alnum, 38)), [
    j('4b1d', 'x'.repeat(38)),
    j('4b1d', r(CS.alnum, 20)),
  ]),
  c(
    'defined-networking-api-token',
    j('dnkey-', r(CS.alnum, 26), '-', r(CS.alnum, 52)),
    j('dnkey-', 'x'.repeat(26), '-', 'x'.repeat(52)),
  ),
  c('intra42-client-secret', j('s-s4t2', 'ud-', r(CS.hex, 64)), j('s-s4t2', 'ud-', '0'.repeat(64))),
  c(
    'maxmind-license-key',
    `GEOIPUPDATE_LICENSE_KEY=${r(CS.alnum, 6)}_${r(CS.alnum, 29)}_mmk`,
    `${'x'.repeat(6)}_${'x'.repeat(29)}_mmk`,
  ),
  c('octopus-deploy-api-key', `OCTOPUS_API_KEY=${j('API-', r(UD, 26))}`, [
    j('API-', 'X'.repeat(26)),
    j('API-', 'KEY'),
  ]),
  c('settlemint-token', j('sm_', 'pat_', r(CS.alnum, 16)), j('sm_', 'pat_', 'x'.repeat(16))),
  c('dockerhub-pat', j('dckr_', 'pat_', r(CS.url, 27)), j('dckr_', 'pat_', 'x'.repeat(27))),
  c('dockerhub-oat', j('dckr_', 'oat_', r(CS.url, 32)), j('dckr_', 'oat_', 'x'.repeat(32))),
  c('nuget-api-key', j('oy2', r(LD, 43)), j('oy2', 'x'.repeat(43))),
  c('crates-io-token', j('cio', r(CS.alnum, 32)), j('cio', 'x'.repeat(32))),
  c('clojars-token', j('CLOJARS_', r(LD, 60)), j('CLOJARS_', 'x'.repeat(60))),
  c('hex-api-key', `HEX_API_KEY=${r(CS.hex, 32)}`, `HEX_API_KEY=${'0'.repeat(32)}`),
  c('notion-integration-token', j('secret_', r(CS.alnum, 43)), j('secret_', 'x'.repeat(43))),
  c(
    'airtable-pat',
    j('pat', r(CS.alnum, 14), '.', r(CS.hex, 64)),
    j('pat', 'x'.repeat(14), '.', '0'.repeat(64)),
  ),
  c(
    'typeform-token',
    [j('tfp_', r(LD + '_', 59)), j('tfp_', r(CS.url, 44), '_', r(CS.alnum, 14))],
    j('tfp_', 'x'.repeat(59)),
  ),
  c('readme-api-key', j('rdme_', r(LD, 70)), j('rdme_', 'x'.repeat(70))),
  c('frameio-api-token', j('fio-u-', r(CS.url, 64)), j('fio-u-', 'x'.repeat(64))),
  c('mapbox-secret-token', j('sk.', 'eyJ1', r(CS.url, 90)), j('sk.', 'eyJ1', 'x'.repeat(90))),
  c('facebook-access-token', j('EAACEdEose0cBA', r(CS.alnum, 40)), j('EAACEdEose0cBA', 'x'.repeat(40))),
  c(
    'facebook-page-access-token',
    [j('EAAM', r(CS.alnum, 180)), `"access_token": "${j('EAAC', r(CS.alnum, 120))}"`],
    [
      j('EAAM', 'x'.repeat(180)),
      // Inside a base64 run (an image, a key) it is chance.
      `${r(CS.b64, 60)}/${j('EAAM', r(CS.alnum, 120))}+${r(CS.b64, 60)}`,
    ],
  ),
  c(
    'twitter-bearer-token',
    [
      j('A'.repeat(22), r(CS.alnum + '%', 60)),
      // Alone on its line, with no `%` in it: the whole line is base64-shaped, but no blob is around it.
      `token: |\n  ${j('A'.repeat(22), r(CS.alnum, 90))}\nother: value`,
    ],
    [
      j('A'.repeat(22), 'x'.repeat(60)),
      // The same run on a line of a wrapped base64 blob (76 columns) is chance.
      [r(CS.b64, 76), j('A'.repeat(22), r(CS.alnum, 54)), r(CS.b64, 76)].join('\n'),
      // A run of A bytes inside base64 image data (a PNG in a draw.io SVG): `+` and `/` around it.
      `<image href="data:image/png;base64,iVBORw0KGgo7qUY+${'A'.repeat(22)}Hh9gw1Zq8rTk3LmPx7Yw2NvB5cD4eF6gH8jK0+qapu" />`,
    ],
  ),
  c(
    'firebase-cloud-messaging-key',
    j('AAAA', r(CS.url, 7), ':APA91b', r(CS.url, 134)),
    j('AAAA', r(CS.url, 7), ':APA91b', 'x'.repeat(134)),
  ),
  c('algolia-admin-key', `ALGOLIA_ADMIN_KEY=${r(CS.hex, 32)}`, `ALGOLIA_ADMIN_KEY=${'0'.repeat(32)}`),
  c('launchdarkly-access-token', j('api-', uuid()), j('api-', '00000000-0000-0000-0000-000000000000')),
  c(
    'openai-api-key',
    j('sk-', 'proj-', r(CS.url, 40), 'T3Blbk', 'FJ', r(CS.url, 40)),
    j('sk-', 'proj-', 'x'.repeat(40), 'T3Blbk', 'FJ', 'x'.repeat(40)),
  ),
  c('openai-project-key', j('sk-', 'proj-', r(CS.url, 120)), j('sk-', 'proj-', 'x'.repeat(120))),
  c(
    'anthropic-api-key',
    j('sk-ant-', 'api03-', r(CS.url, 93), 'AA'),
    j('sk-ant-', 'api03-', 'x'.repeat(93), 'AA'),
  ),
  c(
    'anthropic-admin-key',
    j('sk-ant-', 'admin01-', r(CS.url, 93), 'AA'),
    j('sk-ant-', 'admin01-', 'x'.repeat(93), 'AA'),
  ),
  c('huggingface-token', j('hf_', r(CS.upper + CS.lower, 34)), j('hf_', 'x'.repeat(34))),
  c(
    'huggingface-org-token',
    j('api_', 'org_', r(CS.upper + CS.lower, 34)),
    j('api_', 'org_', 'x'.repeat(34)),
  ),
  c('groq-api-key', j('gsk_', r(CS.alnum, 52)), j('gsk_', 'x'.repeat(52))),
  c('replicate-api-token', j('r8_', r(CS.alnum, 37)), j('r8_', 'x'.repeat(37))),
  c('perplexity-api-key', j('pplx-', r(CS.alnum, 48)), j('pplx-', 'x'.repeat(48))),
  c('xai-api-key', j('xai-', r(CS.alnum, 80)), j('xai-', 'x'.repeat(80))),
  c('nvidia-api-key', j('nvapi-', r(CS.url, 64)), j('nvapi-', 'x'.repeat(64))),
  c('openrouter-api-key', j('sk-or-', 'v1-', r(CS.hex, 64)), j('sk-or-', 'v1-', '0'.repeat(64))),
  c(
    'pinecone-api-key',
    j('pcsk_', r(CS.alnum, 5), '_', r(CS.alnum, 63)),
    j('pcsk_', 'xxxxx_', 'x'.repeat(63)),
  ),
  c('cohere-api-key', `COHERE_API_KEY=${r(CS.alnum, 40)}`, `COHERE_API_KEY=${'x'.repeat(40)}`),
  c(
    'langsmith-api-key',
    j('lsv2_', 'pt_', r(CS.hex, 32), '_', r(CS.hex, 10)),
    j('lsv2_', 'pt_', '0'.repeat(32), '_', '0'.repeat(10)),
  ),
  c('postgres-url-password', `DATABASE_URL=postgres://app:${pw()}@db.internal:5432/app`, [
    'DATABASE_URL=postgres://user:password@localhost:5432/app',
    `postgres://app:\${DB_PASSWORD}@db:5432/app`,
    'postgres://DB_USER:DB_PASSWORD@db:5432/app',
    '{{ printf "postgresql://%s:%s@%s:%d/%s" $user $password $host $port $db }}',
    'postgresql://{username}:{password}@{host}/db',
    'DSN: "postgres://hydra:hydra@postgres:5432/hydra"',
  ]),
  c('mysql-url-password', `mysql://root:${pw()}@mysql:3306/db`, 'mysql://root:<password>@mysql:3306/db'),
  c(
    'mongodb-url-password',
    `mongodb+srv://admin:${pw()}@cluster0.mongodb.net/db`,
    `mongodb+srv://admin:${pw()}@cluster0.example.com/db`,
  ),
  c(
    'redis-url-password',
    [`redis://:${pw()}@redis:6379/0`, `redis://\${REDIS_USER}:${pw()}@redis:6379`],
    [
      'redis://redis:6379/0',
      // A shell default in the user part: the template's `:` and `@`, not a password.
      'wait_for "redis://${REDIS_PASSWORD:-}@${REDIS_HOST}:${REDIS_PORT_NUMBER}"',
    ],
  ),
  c(
    'amqp-url-password',
    [
      `amqp://app:${pw()}@rabbit:5672/`,
      `transport_url = rabbit://openstack:${pw()}@10.0.0.1:5672,openstack:${pw()}@10.0.0.2:5672/`,
      `broker_url = 'pyamqp://celery:${pw()}@broker//'`,
    ],
    ['amqp://guest:guest@rabbit:5672/', 'transport_url = rabbit://openstack:password@1.2.3.4:5672'],
  ),
  c('mssql-url-password', `sqlserver://sa:${pw()}@mssql:1433`, 'sqlserver://sa:****@mssql:1433'),
  c('clickhouse-url-password', `clickhouse://default:${pw()}@ch:9000/db`, 'clickhouse://default@ch:9000/db'),
  c('broker-url-password', `nats://user:${pw()}@nats:4222`, 'nats://nats:4222'),
  c('ldap-url-password', `ldap://admin:${pw()}@ldap.corp:389`, 'ldap://admin:secret@ldap.corp:389'),
  c(
    'smtp-url-password',
    `smtp://mailer:${pw()}@smtp.mail.corp:587`,
    'smtp://mailer:xxxxxx@smtp.mail.corp:587',
  ),
  c('basic-auth-url', `url: https://deploy:${pw()}@git.corp.internal/repo.git`, [
    'url: https://user:pass@example.com/repo.git',
    'see https://git.corp.internal/repo.git',
    // An unescaped `@` cuts the password to one character: a test string, never a credential.
    '{"strips user and password", "https://user:p@ss@github.com/org/repo.git"}',
    'git clone https://USERNAME:PERSONAL_ACCESS_TOKEN@github.com/org/repo.git',
    // A host and port, then a fragment or a query: the authority ends there (open-redirect payloads).
    'http://portal.corp:80#@attacker.net/',
    'https://portal.corp:8443?@attacker.net/login',
  ]),
  c(
    'http-authorization-header',
    [
      `curl -H "Authorization: Bearer ${r(CS.url, 40)}" https://api.internal/v1/items`,
      `headers = {"Authorization": "Token ${r(CS.hex, 40)}"}`,
      `curl -H 'Authorization: Basic ${b64(`deploy:${r(CS.alnum, 20)}`)}' https://repo.internal/`,
      // base64 of `user:password` as a bearer token is judged as Basic is: a real password stays.
      `req.Header.Set(HeaderProxyAuthorization, "Bearer ${b64('deploy:Qz8xK2vB7nLp4mWt9sRe')}")`,
    ],
    [
      'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com',
      'Authorization: Bearer <token>',
      `Authorization: Basic ${b64('admin:password')}`,
      // held-out-25 (Authelia's tests): `john:password` in base64 under Bearer.
      `req.Header.Set(HeaderProxyAuthorization, "Bearer ${b64('john:password')}")`,
      `Authorization: Bearer ${'x'.repeat(40)}`,
    ],
  ),
  c(
    'http-bearer-value',
    [
      `require.Equal(t, "Bearer ${r(CS.alnum, 36)}9x", r.Header.Get("Authorization"))`,
      `<entry key='sms.http.authorization'>Bearer tk_${r(CS.alnum, 29)}4Z</entry>`,
    ],
    [
      'req.Header.Set("Authorization", "Bearer " + token)',
      'want := "Bearer <token>"',
      `assert.Equal(t, "Bearer upstream-test-token-12345", auth)`,
      "$request->headers['AUTHORIZATION'] = 'Bearer accesstoken-expired';",
      `msg := "Bearer ${r(CS.alnum, 30)}7q is sent"`,
    ],
  ),
  c(
    'curl-user-password',
    [
      `curl -u deploy:${r(CS.alnum, 18)} https://nexus.internal/repository/raw/`,
      `curl -sf --user "ci:${r(CS.alnum, 18)}" -T app.tgz https://repo.internal/`,
    ],
    [
      'curl -u admin:admin https://localhost:9200',
      'curl -u "$USER:$PASSWORD" https://repo.internal/',
      'curl -u elastic:${ELASTIC_PASSWORD} http://es:9200',
      'curl -u user:password https://api.example.com',
    ],
    'scripts/deploy.sh',
  ),
  c(
    'jdbc-password',
    `jdbc:sqlserver://db.corp:1433;databaseName=app;user=sa;password=${pw()}`,
    'jdbc:sqlserver://db.corp:1433;databaseName=app;user=sa;password=${DB_PASSWORD}',
  ),
  // Last, so the seeded values of the rows above stay as they were. A real key (Node's OpenSSL) in
  // base64; random bodies that do not parse, and certificates, are not keys.
  c('private-key-base64', b64(pkcs8Pem('ed25519')), [
    b64(pem('CERTIFICATE')),
    b64(pem('RSA PRIVATE KEY')),
    b64(pem('PRIVATE KEY')),
  ]),
  // Also after the rows above. As Elasticsearch writes them: base64 of the version bytes 00 01 00 01
  // and `<namespace>/<service>/<name>:<secret>`, the secret 22 base64url characters.
  c(
    'elasticsearch-service-token',
    [
      `  serviceAccountToken: ${esServiceToken('elastic/kibana/kibana-prod', r(CS.url, 22))}`,
      `"token": []byte("${esServiceToken('elastic/fleet-server/token-1', r(CS.url, 22))}"),`,
      `ELASTICSEARCH_SERVICEACCOUNTTOKEN=${esServiceToken('elastic/kibana/ci', r(CS.url, 22))}`,
    ],
    [
      // A PNG chunk in a data URL opens the same way; a placeholder secret; no version bytes.
      `icon: ${Buffer.concat([VERSION_BYTES, Buffer.from(`IDATx${r(CS.alnum, 40)}`)]).toString('base64')}`,
      esServiceToken('elastic/kibana/kibana-prod', 'x'.repeat(22)),
      `token: ${b64(`elastic/kibana/kibana-prod:${r(CS.url, 22)}`)}`,
    ],
  ),
  // Also last. Keys named by what they do, in .env and compose files (held-out-18's misses).
  c(
    'named-secret-key',
    [
      `SECRET_KEY_BASE=${r(CS.b64, 62)}==`,
      `DATABASE_ENCRYPTION_KEY=${r(CS.b64, 43)}=`,
      `TOTP_VAULT_KEY=${r(CS.b64, 27)}= # change this to a secure random secret`,
      `      - JWT_SIGNING_KEY=${r(CS.hex, 48)}`,
      `  SESSION_KEY: "${r(CS.url, 32)}"`,
    ],
    [
      'SECRET_KEY_BASE=changeme-to-a-long-random-string',
      'SESSION_KEY=${SESSION_KEY}',
      'ENCRYPTION_KEY=<generate with openssl rand -base64 32>',
      // A config file's key (rspamd's fuzzy storage: the server's public key), a salt, a key id.
      `    encryption_key = "${r(CS.hex, 64)}";`,
      `LIVE_VIEW_SIGNING_SALT=${r(CS.b64, 32)}`,
      'MASTER_KEY_ID=arn:aws:kms:eu-west-1:123456789012:key/mrk-1234',
    ],
    '.env',
  ),
  // Also last. Plaid tokens as test recordings (VCR cassettes) and fixtures hold them (held-out-19).
  c(
    'plaid-token',
    [
      `"access_token": "access-sandbox-${plaidId()}",`,
      `string: '{"public_token":"public-sandbox-${plaidId()}"}'`,
      `PLAID_ACCESS_TOKEN=access-production-${plaidId()}`,
      `  processor_token: processor-development-${plaidId()}`,
    ],
    [
      // Not a UUID after the environment; a placeholder; another word before it.
      'access_token: access-sandbox-1234',
      'access-sandbox-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      `item_id: item-sandbox-${plaidId()}`,
    ],
  ),
  c(
    'erlang-cookie',
    [
      `RABBITMQ_ERLANG_COOKIE=${r(CS.upper, 20)}`,
      `auth:\n  erlangCookie: "${r(CS.alnum, 32)}"\n`,
      `      RABBITMQ_ERLANG_COOKIE: '${r(CS.url, 24)}'`,
      `erlang_cookie = ${r(CS.hex, 40)}`,
    ],
    [
      'RABBITMQ_ERLANG_COOKIE=${ERLANG_COOKIE}',
      'erlangCookie: ""',
      'erlangCookie: secretcookie',
      'erlang_cookie: changeme',
    ],
  ),
  // Also last. A file that is one secret, named for it: a Docker Compose secret (held-out-17).
  c(
    'secret-file',
    [`${pw()}\n`, `  ${r(CS.alnum, 24)}\r\n`, `db-${r(CS.lower, 3)}${r(CS.digits, 2)}`],
    ['changeme\n', 'user: admin\npassword: hunter2\n', 'TODO: put the password here\n', '${DB_PASSWORD}\n'],
    'db/password.txt',
  ),
  // Also last. TSIG secrets in BIND key clauses, as key files and DNS test fixtures hold them (held-out-20).
  c(
    'dns-tsig-key',
    [
      `key "example.com" {\n\talgorithm hmac-sha256;\n\tsecret "${tsigSecret(32)}";\n};\n`,
      `key rndc-key { algorithm hmac-md5; secret "${tsigSecret(16)}"; };`,
      // dhcpd.conf writes the secret bare.
      `key ddns-key {\n  algorithm hmac-sha512;\n  secret ${tsigSecret(64)};\n}\n`,
    ],
    [
      // A placeholder, base64 of a demo word, too short for an HMAC key, an assignment of a name.
      'key "example.com" {\n\talgorithm hmac-sha256;\n\tsecret "<base64-encoded-secret>";\n};\n',
      `key "k" { algorithm hmac-sha256; secret "${b64('this-is-my-test-secret-key-here')}"; };`,
      `key "k" { algorithm hmac-md5; secret "${tsigSecret(8)}"; };`,
      'secret "projects/my-project/secrets/dns-key";',
    ],
    'named.conf',
  ),
  // Also last. A Matrix server's signing key as Dendrite writes it, alone and in Helm values (held-out-21).
  c(
    'private-key-matrix',
    [
      `${j('-----BEGIN MATRIX ', 'PRIVATE KEY')}-----\nKey-ID: ed25519:${r(CS.alnum, 6)}\n\n${tsigSecret(32)}\n-----END MATRIX PRIVATE KEY-----\n`,
      `keyBody: |\n  ${j('-----BEGIN MATRIX ', 'PRIVATE KEY')}-----\n  Key-ID: ed25519:a_${r(CS.alnum, 4)}\n\n  ${tsigSecret(32)}\n  -----END MATRIX PRIVATE KEY-----\n`,
    ],
    [
      // A placeholder, a seed of the wrong length, a body of one repeated character.
      `${j('-----BEGIN MATRIX ', 'PRIVATE KEY')}-----\nKey-ID: ed25519:abc\n\n<your-key-here>\n-----END MATRIX PRIVATE KEY-----\n`,
      `${j('-----BEGIN MATRIX ', 'PRIVATE KEY')}-----\nKey-ID: ed25519:abc\n\n${tsigSecret(16)}\n-----END MATRIX PRIVATE KEY-----\n`,
      `${j('-----BEGIN MATRIX ', 'PRIVATE KEY')}-----\nKey-ID: ed25519:abc\n\n${'A'.repeat(43)}=\n-----END MATRIX PRIVATE KEY-----\n`,
    ],
    'matrix_key.pem',
  ),
  // Also last. Laravel's APP_KEY, in phpunit's `<env>` element, chart values and `.env` (held-out-21).
  c(
    'named-secret-key',
    [
      `        <env name="APP_KEY" value="${r(CS.hex, 32)}"/>`,
      `  APP_KEY: ${r(CS.alnum, 32)}`,
      `APP_KEY=base64:${tsigSecret(32)}`,
    ],
    [
      // Pusher's app key is an identifier; a made-up phrase; an empty key; a variable.
      `        <env name="PUSHER_APP_KEY" value="${r(CS.hex, 20)}"/>`,
      `MIX_PUSHER_APP_KEY=${r(CS.alnum, 20)}`,
      'APP_KEY=SomeRandomStringOf32CharsExactly',
      'APP_KEY=base64:',
      '<env name="APP_KEY" value="${APP_KEY}"/>',
    ],
    'phpunit.xml.dist',
  ),
  // Also last. A TestPyPI token (test.pypi.org), as a publishing workflow's test holds one (held-out-21).
  c(
    'pypi-upload-token',
    `TWINE_PASSWORD=${pypiToken('test.pypi.org', r(CS.url, 60))}`,
    `TWINE_PASSWORD=${pypiToken('test.pypi.org', 'another-fixed-identifier-cut-before-the-signature').slice(0, 100)}`,
  ),
  // Also last. The same key as Synapse writes it, one line in `<server>.signing.key` (held-out-21).
  c(
    'private-key-matrix-synapse',
    [
      `ed25519 a_${r(CS.alnum, 4)} ${tsigSecret(32).replace(/=$/, '')}\n`,
      `  ed25519 auto ${tsigSecret(32)}\n`,
      // A bridge's config holds the line as a value (mautrix `server_key:`, held-out-29).
      `    server_key: ed25519 ${r(CS.alnum, 6)} ${tsigSecret(32).replace(/=$/, '')}\n`,
      `{"server_key": "ed25519 a_${r(CS.alnum, 4)} ${tsigSecret(32)}",\n`,
      `SIGNING_KEY='ed25519 a_${r(CS.alnum, 4)} ${tsigSecret(32).replace(/=$/, '')}'\n`,
    ],
    [
      // A template, a seed of the wrong length, a prose line.
      'ed25519 <Key ID> <Base64 Encoded Key Data>\n',
      `ed25519 a_abcd ${tsigSecret(16).replace(/=+$/, '')}\n`,
      'ed25519 keys are used to sign events\n',
      // Words before it that are no name: prose, a command.
      `see ed25519 a_abcd ${tsigSecret(32).replace(/=$/, '')}\n`,
      `ssh-keygen -t ed25519 ${tsigSecret(32).replace(/=$/, '')}\n`,
    ],
    'homeserver.signing.key',
  ), // Also last. curl/git/ftp credentials in `.netrc`, on one line or one token per line.
  c(
    'netrc-password',
    [
      `machine api.example.com login bob password ${pw()}\n`,
      `machine git.example.com\n  login deploy\n  password ${r(CS.alnum, 24)}\n`,
      `default login anonymous password ${r(CS.url, 20)}\n`,
    ],
    [
      'machine api.example.com login bob password $API_TOKEN\n',
      'machine api.example.com login bob password ${GITHUB_TOKEN}\n',
      'machine example.com login me password changeme\n',
      '# machine <host> login <user> password <password>\n',
    ],
    '.netrc',
  ),
  // Also last. PostgreSQL's password file: `host:port:database:user:password`, `\:` inside a field.
  c(
    'pgpass-password',
    [
      `db.example.com:5432:app:bob:${pw()}\n`,
      `*:*:*:postgres:${r(CS.alnum, 20)}\n`,
      `db\\:primary:5432:app:bob:${r(CS.alnum, 12)}:${r(CS.digits, 4)}\n`,
    ],
    [
      '# hostname:port:database:username:password\n',
      'localhost:5432:app:bob:password\n',
      '*:*:*:*:${PGPASSWORD}\n',
    ],
    '.pgpass',
  ), // Also last. gpg-agent's key files, extended text format (real keys from gpg: test/scan/real-keys.test.ts).
  c(
    'gpg-agent-private-key',
    [
      `Created: 20261206T194728\nKey: (private-key (ecc (curve Ed25519)(flags eddsa)(q\n  #40${r(CS.hex, 64).toUpperCase()}#)\n (d #${r(CS.hex, 64).toUpperCase()}#)\n ))\n`,
      `Key: (private-key (rsa (n #00${r(CS.hex, 70).toUpperCase()}\n ${r(CS.hex, 70).toUpperCase()}#)(e #010001#)(d\n #${r(CS.hex, 70).toUpperCase()}\n ${r(CS.hex, 40).toUpperCase()}#)))\n`,
    ],
    [
      `Key: (protected-private-key (ecc (curve Ed25519)(flags eddsa)(q #40${r(CS.hex, 64)}#)(protected openpgp-s2k3-ocb-aes ((sha1 #${r(CS.hex, 16)}# "43860992") #${r(CS.hex, 24)}#)${r(CS.hex, 80)})))\n`,
      `Key: (shadowed-private-key (rsa (n #00${r(CS.hex, 64)}#)(e #010001#)(shadowed t1-v1 (#D2760001240103040006#))))\n`,
      'The agent stores a key as (private-key (rsa (n #…#)(e #…#)(d #…#))).\n',
    ],
    'gnupg/private-keys-v1.d/0A1B2C.key',
  ),
  // Also last. Key material without its armour: a PEM block under a renamed label, bare base64 DER
  // under a private-key name (Keycloak realm exports), Keycloak's generated HMAC key, base64 of a JWT.
  c(
    'private-key-renamed',
    [renamed(pkcs8Pem('ed25519'), 'FOO'), renamed(pkcs8Pem('ec'), 'TEST FIXTURE')],
    [
      // A body that does not parse; an elided body; a public key under a renamed label.
      renamed(pem('PRIVATE KEY'), 'FOO'),
      `${j('-----BEGIN FOO ', 'PRIVATE KEY')}-----\n...\n-----END FOO PRIVATE KEY-----\n`,
      pem('FOO PUBLIC KEY'),
    ],
    'testdata/badheader.pem',
  ),
  c(
    'private-key-openssh-bare',
    [
      `${opensshBody()}\n`,
      `deploy_key: |\n${(opensshBody().match(/.{1,70}/g) ?? []).map((line) => `  ${line}`).join('\n')}\n`,
    ],
    [
      // Cut short; the magic alone; random base64 after the magic.
      `${opensshBody().slice(0, 120)}\n`,
      'b3BlbnNzaC1rZXktdjE=\n',
      `b3BlbnNzaC1rZXktdjE${r(CS.b64, 300)}\n`,
    ],
    'keys/deploy.txt',
  ),
  c(
    'private-key-der',
    [
      `{"config": {"privateKey": [ "${derBase64('ed25519')}" ], "priority": [ "100" ]}}`,
      `private_key: "${derBase64('ec')}"`,
    ],
    [
      // Random base64 that opens as DER does; a public key's DER; a certificate's.
      `privateKey: "MII${r(CS.b64, 200)}"`,
      `publicKey: "${ed25519SpkiBase64()}"`,
      `private_key: "${pem('CERTIFICATE').split('\n').slice(1, -2).join('')}"`,
    ],
  ),
  c(
    'keycloak-realm-key',
    keycloakRealm(
      'hmac-generated',
      tsigSecret(64).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
    ),
    [keycloakRealm('ldap', r(CS.alnum, 32)), keycloakRealm('hmac-generated', '**********')],
    'realm-export.json',
  ),
  c(
    'jwt-base64',
    [`  token: ${b64(jwt())}`, `const basic = "${b64(jwt())}"`],
    [
      // A JWT-shaped text whose header is no JSON; the jwt.io sample in base64.
      `  token: ${b64(`eyJub3RKc29u.${jwt().split('.').slice(1).join('.')}`)}`,
      `  token: ${b64(['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.'))}`,
    ],
  ),
  // Also last. Passwords given on a command line: registry logins, MySQL/MariaDB clients, sshpass.
  c(
    'registry-cli-password',
    [
      `docker login -u deploy -p ${pw()} registry.internal`,
      `  - podman login --username ci --password '${pw()}' quay.io`,
      `helm registry login ghcr.io -u bot --password=${pw()}`,
    ],
    [
      'echo "$TOKEN" | docker login --password-stdin -u deploy registry.internal',
      'docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD" registry.internal',
      'docker login -u bot -p ${{ secrets.REGISTRY_TOKEN }} ghcr.io',
      'docker login -u admin -p password registry.internal',
      'docker login -u admin -p <password> registry.internal',
    ],
    'scripts/release.sh',
  ),
  c(
    'mysql-cli-password',
    [
      `mysql -h db -u root -p${pw()} app < dump.sql`,
      `docker exec db mysqldump -uroot --password='${pw()}' --all-databases > all.sql`,
      `mariadb -u app -p"${pw()}" -e 'select 1'`,
    ],
    [
      // `-p` alone prompts; the next word names the database.
      'mysql -u root -p app',
      'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" app',
      'mysql -uroot -proot app',
      'docker run -d --name mysql -p3306:3306 mysql:8',
      'mkdir -p /var/lib/mysql -p/tmp',
    ],
    'scripts/restore.sh',
  ),
  c(
    'sshpass-cli-password',
    [`sshpass -p ${pw()} ssh deploy@10.0.0.5 uptime`, `sshpass -p '${pw()}' scp app.tgz deploy@host:/srv/`],
    [
      'sshpass -p "$SSHPASS" ssh deploy@host',
      'sshpass -e ssh deploy@host',
      'sshpass -p password ssh pi@raspberrypi',
    ],
    'scripts/deploy.sh',
  ),
  // held-out-30 (ntfy's publish docs): a password or token made a SecureString from plain text.
  c(
    'powershell-plaintext-password',
    [
      `$Token = ConvertTo-SecureString "tk_${r(CS.alnum, 29)}" -AsPlainText -Force`,
      `$pw = ConvertTo-SecureString -String '${pw()}' -AsPlainText -Force`,
    ],
    [
      '$pw = ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force',
      '$pw = ConvertTo-SecureString "<your password>" -AsPlainText -Force',
      '$pw = ConvertTo-SecureString "password" -AsPlainText -Force',
      '$secure = Read-Host -AsSecureString | ConvertTo-SecureString',
    ],
    'scripts/publish.ps1',
  ),
  // held-out-31 (glauth's CI script and Go test): a TOTP key as oathtool's key argument.
  c(
    'oathtool-otp-key',
    [
      `otp="$(oathtool --totp -b -d 6 '${r(CS.lower, 14)}${r('234567', 4)}${r(CS.lower, 14)}')"`,
      `code=$(oathtool --totp -b ${r(BASE32, 30)}7J)`,
      `out := run("oathtool", "--totp", "-b", "-d", "6", "${r(BASE32, 28)}4Q")`,
      `oathtool --hotp ${r(CS.hex, 38)}a1`,
    ],
    [
      'otp="$(oathtool --totp -b "$TOTP_SECRET")"',
      'oathtool --totp -b ${{ secrets.TOTP_KEY }}',
      'oathtool --totp -b AAAAAAAAAAAAAAAAAAAA22',
      'oathtool --help',
    ],
    'scripts/ci/integration-test.sh',
  ),
  // Last again. CephX keys as `ceph auth` prints them and keyrings hold them (held-out-24: Rook's
  // external-cluster script), and a DER key as the text of a SAML adapter's XML element.
  c(
    'ceph-key',
    [
      `[client.admin]\n\tkey = ${cephKey()}\n\tcaps mon = "allow *"\n`,
      `[{"entity":"client.healthchecker","key":"${cephKey()}","caps":{"mon":"allow r"}}]`,
      `  userKey: ${cephKey()}`,
    ],
    [
      // A placeholder of the key's shape; a wrong creation time or length; a secret of one byte.
      'key = AQBQyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy==',
      `key = ${cephKey({ created: 12 })}`,
      `key = ${cephKey({ length: 32 })}`,
      `key = ${cephKey({ secret: Buffer.alloc(16, 7) })}`,
    ],
  ),
  c(
    'private-key-der',
    [`<Key signing="true">\n  <PrivateKeyPem>\n    ${derBase64('ec')}\n  </PrivateKeyPem>\n</Key>\n`],
    [
      `<PublicKeyPem>\n  ${ed25519SpkiBase64()}\n</PublicKeyPem>\n`,
      `<PrivateKeyPem>\n  MII${r(CS.b64, 200)}\n</PrivateKeyPem>\n`,
    ],
    'keycloak-saml.xml',
  ),
  // Last again (held-out-25, Rook's tests and docs): an AES-256 CephX key (type 2), and a mirroring
  // bootstrap peer token, base64 JSON carrying a CephX key.
  c('ceph-key', [`      "key": "${cephKey({ type: 2 })}",`], [`key = ${cephKey({ type: 2, length: 16 })}`]),
  c(
    'ceph-bootstrap-token',
    [
      `bootstrapPeerToken = \`${bootstrapToken(cephKey())}\``,
      `$ rbd mirror pool peer bootstrap create\n${bootstrapToken(cephKey({ type: 2 }))}\n`,
      `fsMirrorToken = \`{"token": "${bootstrapToken(cephKey(), true)}"}\``,
    ],
    [bootstrapToken('AQBQyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy=='), bootstrapToken(cephKey({ created: 12 }))],
  ),
  // A netrc entry outside a .netrc file (red team 19 C6).
  c(
    'netrc-entry-password',
    [
      `RUN printf "machine api.acme-corp.io login bob password ${r(CS.alnum, 20)}" > /root/.netrc`,
      `netrc: |\n  machine github.com\n  login ci\n  password ${r(CS.alnum, 24)}\n`,
    ],
    [
      'RUN echo "machine github.com login bot password ${GITHUB_TOKEN}" > ~/.netrc',
      'the machine login password',
    ],
  ),
  // Stripe test-mode keys (red team 19 A29); Stripe's documented example key stays quiet.
  c(
    'stripe-test-secret-key',
    [`STRIPE_SECRET_KEY=${j('sk_', 'test_', r(CS.alnum, 99))}`, j('rk_', 'test_', r(CS.alnum, 24))],
    [`STRIPE_SECRET_KEY=${j('sk_', 'test_', '4eC39HqLyjWDarjtT1zdp7dc')}`, j('sk_', 'test_', 'x'.repeat(30))],
  ),
  // Tokens from the peers' rule lists with an exact published shape (session 22).
  c('ramp-client-secret', j('ramp_', 'sec_', r(CS.alnum, 48)), j('ramp_', 'sec_', 'x'.repeat(48))),
  c('saladcloud-api-key', `SALAD_API_KEY = "${j('salad_', 'cloud_', 'user_', r(CS.alnum, 49))}"`, [
    j('salad_', 'cloud_', 'user_', 'x'.repeat(49)),
    'from salad_cloud_sdk import SaladCloudSdk',
  ]),
  c('fleetbase-api-key', j('flb_', 'live_', r(CS.alnum, 20)), j('flb_', 'live_', 'x'.repeat(20))),
  c(
    'voiceflow-api-key',
    [
      j('VF.', 'DM.', r(CS.hex, 24), '.', r(CS.alnum, 16)),
      `Authorization: ${j('VF.', r(CS.hex, 24), '.', r(CS.alnum, 16))}`,
    ],
    [j('VF.', 'DM.', '0'.repeat(24), '.', 'x'.repeat(16)), 'VF.DM.abc.def'],
  ),
  c(
    'atlassian-admin-api-key',
    `ATLASSIAN_ADMIN_KEY=${j('ATCTT3x', 'FfG', r(CS.url, 180), '=', r(CS.HEX, 8))}`,
    j('ATCTT3x', 'FfG', 'x'.repeat(180), '=', '0'.repeat(8)),
  ),
  c(
    'facebook-app-access-token',
    [
      `FB_APP_TOKEN=${j('1', r(CS.digits, 14), '|', r(CS.hex, 32))}`,
      `https://graph.facebook.com/debug_token?access_token=${j('2', r(CS.digits, 15), '%7C', r(CS.hex, 32))}`,
    ],
    [`| ${r(CS.digits, 15)} | ${r(CS.hex, 32)} |`, `${r(CS.digits, 17)}|${r(CS.hex, 32)}`],
  ),
  c('newrelic-query-key', j('NRIQ', '-', r(CS.url, 32)), [
    j('NRIQ', '-', 'x'.repeat(32)),
    'insights_query_key = "NRIQ-secret"',
  ]),
  c(
    'yandex-static-key-secret',
    [
      `secret: ${j('YC', r(CS.url, 38))}`,
      // Under an AWS name a draw without `-`/`_` (3 in 10) is also AWS-shaped, and that rule reports it.
      `aws_secret_access_key = ${j('YC', r(CS.url, 30), '-', r(CS.url, 7))}`,
    ],
    [
      `data:image/png;base64,iVBOR${r(CS.b64, 20)}+${j('YC', r(CS.url, 38))}/${r(CS.b64, 20)}`,
      j('YC', 'x'.repeat(38)),
    ],
  ),
  // Stellar secret seeds: version byte 18 << 3 and a CRC16-XModem; an account id (`G…`) is public.
  c(
    'stellar-secret-seed',
    [`nodeSeed: ${stellarKey(18 << 3)}`, `Secret seed: ${stellarKey(18 << 3)}`],
    [`Public: ${stellarKey(6 << 3)}`, `nodeSeed: ${lastCharChanged(stellarKey(18 << 3))}`],
  ),
  // coturn's static TURN users (held-out-28); its shipped sample lines are commented.
  c(
    'coturn-user-password',
    [`user=self:${r(CS.b64, 40)}`, `realm=turn.example.org\nuser=alice:0x${r(CS.hex, 32)}\n`],
    ['#user=username1:password1', 'user=ninefingers:youhavetoberealistic', `user = ${r(CS.alnum, 20)}`],
    'turnserver.conf',
  ),
  // Tendermint/CometBFT key files (helm/charts' Burrow chart); the public half must match the seed.
  c(
    'tendermint-private-key',
    [
      `{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"${tendermintKey()}"}}`,
      `  "priv_key": {\n    "type": "tendermint/PrivKeyEd25519",\n    "value": "${tendermintKey()}"\n  }`,
    ],
    [
      `{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"${randomBytes(64).toString('base64')}"}}`,
      `{"pub_key":{"type":"tendermint/PubKeyEd25519","value":"${randomBytes(32).toString('base64')}"}}`,
    ],
    'config/node_key.json',
  ),
  // A 64-hex key after a private-key label (helm/charts' Ethereum README).
  c(
    'labelled-hex-private-key',
    [`    Private key: ${r(CS.hex, 64)}`, `* \`geth.account.privateKey\` = \`${r(CS.hex, 64)}\``],
    [
      `Private key fingerprint: ${r(CS.hex, 64)}`,
      `Public key: 0x${r(CS.hex, 64)}`,
      `private key: ${r(CS.hex, 63)}`,
    ],
    'README.md',
  ),
  // Wallet keys told by checksum or structure (session 24); built last so the seeded values above stay.
  c(
    'bitcoin-wif-private-key',
    [
      `WIF=${base58Check(Buffer.concat([Buffer.from([0x80]), randomBytes(32), Buffer.from([1])]))}`,
      `  key: ${base58Check(Buffer.concat([Buffer.from([0xef]), randomBytes(32)]))}`,
    ],
    [
      `WIF=${lastCharChanged(base58Check(Buffer.concat([Buffer.from([0x80]), randomBytes(32), Buffer.from([1])])))}`,
      // An address (version 0, 20 bytes) and a key one bytes long: neither is a random key.
      `address: ${base58Check(Buffer.concat([Buffer.from([0]), randomBytes(20)]))}`,
      `key: ${base58Check(Buffer.concat([Buffer.from([0x80]), Buffer.alloc(31), Buffer.from([7])]))}`,
    ],
  ),
  c(
    'bip32-extended-private-key',
    [`xprv: ${extendedKey('0488ade4')}`, `TPRV=${extendedKey('04358394')}`],
    [`xpub: ${extendedKey('0488b21e')}`, `xprv: ${lastCharChanged(extendedKey('0488ade4'))}`],
  ),
  c(
    'solana-keypair',
    [JSON.stringify(solanaPair()), `payer: ${JSON.stringify(solanaPair()).replaceAll(',', ', ')}`],
    [
      JSON.stringify([...solanaPair().slice(0, 32), ...solanaPair().slice(32)]),
      JSON.stringify([...randomBytes(64)]),
    ],
    'keys/id.json',
  ),
  c(
    'private-key-cosmos-keyring',
    [cosmosArmor()],
    [
      cosmosArmor().replaceAll('PRIVATE KEY', 'PUBLIC KEY'),
      '-----BEGIN TENDERMINT PRIVATE KEY-----\n<armor>\n-----END TENDERMINT PRIVATE KEY-----\n',
    ],
    'keys/validator.armor',
  ),
]

/** Base58Check (Bitcoin's alphabet; BigInt arithmetic, independent of the scanner's decoder). */
function base58Check(payload: Buffer): string {
  const sha = (data: Buffer): Buffer => createHash('sha256').update(data).digest()
  const bytes = Buffer.concat([payload, sha(sha(payload)).subarray(0, 4)])
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = BigInt(`0x${bytes.toString('hex')}`)
  let text = ''
  for (; n > 0n; n /= 58n) text = alphabet.charAt(Number(n % 58n)) + text
  for (let i = 0; bytes[i] === 0; i++) text = `1${text}`
  return text
}

/** A BIP 32 extended key of `version` (hex): depth, parent, child, chain code, key data. */
function extendedKey(version: string): string {
  const keyData = version === '0488b21e' ? Buffer.from([2]) : Buffer.from([0])
  return base58Check(
    Buffer.concat([Buffer.from(version, 'hex'), Buffer.from([1]), randomBytes(40), keyData, randomBytes(32)]),
  )
}

/** A Solana keypair's 64 bytes: an Ed25519 seed and its public key. */
function solanaPair(): number[] {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  })
  return [...privateKey.subarray(-32), ...publicKey.subarray(-32)]
}

/** A Cosmos SDK keyring export: KDF and salt headers, nonce and sealed key, no CRC line. */
function cosmosArmor(): string {
  const body = randomBytes(24 + 37 + 16).toString('base64')
  return `-----BEGIN TENDERMINT PRIVATE KEY-----\nkdf: bcrypt\nsalt: ${randomBytes(16).toString('hex').toUpperCase()}\ntype: secp256k1\n\n${body}\n-----END TENDERMINT PRIVATE KEY-----\n`
}
