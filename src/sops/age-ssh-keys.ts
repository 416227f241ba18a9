/**
 * Parsers for the SSH keys age accepts as recipients and identities: authorized_keys-style
 * public key lines, OpenSSH private keys (`openssh-key-v1`, PROTOCOL.key), PEM RSA keys
 * (PKCS#1) and unencrypted PKCS#8 keys, restricted to ssh-ed25519 and ssh-rsa as in age's
 * `agessh` package.
 *
 * Errors are {@link GitsealError} `E_BAD_KEY` naming the source and the reason, never key bytes.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { ed25519PublicFromSeed } from './age-ssh-curve.js'
import { bigintToBytes, WireError, WireReader, wireEncode } from './age-ssh-wire.js'

/** A parsed SSH public key of a type age supports. */
export type SshPublicKey =
  | { type: 'ssh-ed25519'; blob: Uint8Array; key: Uint8Array }
  | { type: 'ssh-rsa'; blob: Uint8Array; n: bigint; e: bigint }

/** A parsed SSH private key of a type age supports, with its public key blob. */
export type SshPrivateKey =
  | { type: 'ssh-ed25519'; blob: Uint8Array; seed: Uint8Array }
  | { type: 'ssh-rsa'; blob: Uint8Array; key: KeyObject }

const SUPPORTED_HINT = 'age can use ssh-ed25519 and ssh-rsa keys; generate one with ssh-keygen -t ed25519'
const PASSPHRASE_HINT =
  'gitseal cannot use passphrase-protected SSH keys: use an age identity (age-keygen), or a copy ' +
  'of the key without a passphrase (ssh-keygen -p -N "" -f COPY)'

/** An `E_BAD_KEY` error about `source`; `reason` must never contain key material. */
export function badKey(source: string, reason: string, hint = SUPPORTED_HINT): GitsealError {
  return new GitsealError('E_BAD_KEY', `${source}: ${reason}`, { hint, file: source })
}

/** Run a wire parser, turning truncation and malformed fields into `E_BAD_KEY`. */
function wire<T>(source: string, what: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof WireError) throw badKey(source, `malformed ${what}: ${error.message}`)
    throw error
  }
}

/** Parse an SSH public key blob (wire format) of type ssh-ed25519 or ssh-rsa. */
export function parsePublicKeyBlob(blob: Uint8Array, source: string): SshPublicKey {
  return wire(source, 'SSH public key', () => {
    const r = new WireReader(blob)
    const type = r.text()
    if (type === 'ssh-ed25519') {
      const key = r.string()
      if (key.length !== 32 || r.remaining !== 0) throw new WireError('bad ssh-ed25519 key length')
      return { type, blob, key }
    }
    if (type === 'ssh-rsa') {
      const e = r.mpint()
      const n = r.mpint()
      if (r.remaining !== 0) throw new WireError('trailing data')
      checkRsa(source, n, e)
      return { type, blob, n, e }
    }
    throw badKey(source, `unsupported SSH key type ${JSON.stringify(type.slice(0, 40))}`)
  })
}

/** The checks of Go's x/crypto/ssh and age: small odd exponent, modulus of at least 2048 bits. */
function checkRsa(source: string, n: bigint, e: bigint): void {
  if (e < 3n || e % 2n === 0n || e >= 2n ** 24n) throw badKey(source, 'RSA key has an invalid exponent')
  if (bigintToBytes(n).length < 256) throw badKey(source, 'RSA key is smaller than 2048 bits')
}

/** Go's `rsa.PrivateKey.Validate`: n = p·q and d·e ≡ 1 modulo p − 1 and q − 1. */
function checkRsaPrivate(source: string, k: { n: bigint; e: bigint; d: bigint; p: bigint; q: bigint }): void {
  const { n, e, d, p, q } = k
  const ok = p > 1n && q > 1n && p * q === n && (d * e) % (p - 1n) === 1n && (d * e) % (q - 1n) === 1n
  if (!ok) throw badKey(source, 'inconsistent RSA private key')
}

function big(s: string | undefined): bigint | undefined {
  return s === undefined ? undefined : BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`)
}

const PADDED_B64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Parse a public key line: `ssh-ed25519 AAAA… [comment]` or `ssh-rsa AAAA… [comment]`. */
export function parsePublicKeyLine(line: string, source: string): SshPublicKey {
  const [type, data] = line.trim().split(/\s+/)
  if (type === undefined || data === undefined) throw badKey(source, 'not an SSH public key line')
  if (type !== 'ssh-ed25519' && type !== 'ssh-rsa') {
    throw badKey(source, `unsupported SSH key type ${JSON.stringify(type.slice(0, 40))}`)
  }
  if (!PADDED_B64.test(data) || data.length % 4 !== 0) throw badKey(source, 'SSH public key is not base64')
  const key = parsePublicKeyBlob(Buffer.from(data, 'base64'), source)
  if (key.type !== type) throw badKey(source, `key type ${type} does not match the encoded key`)
  return key
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1')

/** Parse the decoded body of an `OPENSSH PRIVATE KEY` (unencrypted, one key). */
export function parseOpenSshBody(body: Uint8Array, source: string): SshPrivateKey {
  return wire(source, 'OpenSSH private key', () => {
    const r = new WireReader(body)
    if (!Buffer.from(r.bytes(OPENSSH_MAGIC.length)).equals(OPENSSH_MAGIC)) {
      throw new WireError('not openssh-key-v1')
    }
    const cipher = r.text()
    const kdf = r.text()
    r.string() // kdf options
    if (cipher !== 'none' || kdf !== 'none')
      throw badKey(source, 'the SSH key is passphrase-protected', PASSPHRASE_HINT)
    if (r.uint32() !== 1) throw new WireError('expected exactly one key')
    const outerBlob = r.string()
    const priv = new WireReader(r.string())
    if (r.remaining !== 0) throw new WireError('trailing data')
    if (priv.uint32() !== priv.uint32()) throw new WireError('check bytes differ')
    const type = priv.text()
    let key: SshPrivateKey
    if (type === 'ssh-ed25519') key = readEd25519(priv, source)
    else if (type === 'ssh-rsa') key = readRsa(priv, source)
    else throw badKey(source, `unsupported SSH key type ${JSON.stringify(type.slice(0, 40))}`)
    priv.string() // comment
    const padding = priv.bytes(priv.remaining)
    if (padding.some((b, i) => b !== i + 1)) throw new WireError('bad padding')
    if (!Buffer.from(outerBlob).equals(key.blob)) throw new WireError('public key does not match private key')
    return key
  })
}

function readEd25519(r: WireReader, source: string): SshPrivateKey {
  const pub = r.string()
  const priv = r.string()
  if (pub.length !== 32 || priv.length !== 64) throw new WireError('bad ssh-ed25519 key length')
  const seed = priv.subarray(0, 32)
  const derived = ed25519PublicFromSeed(seed)
  if (!derived.equals(pub) || !derived.equals(priv.subarray(32))) {
    throw badKey(source, 'ssh-ed25519 private and public halves do not match')
  }
  return { type: 'ssh-ed25519', blob: wireEncode('ssh-ed25519', pub), seed: Uint8Array.from(seed) }
}

function readRsa(r: WireReader, source: string): SshPrivateKey {
  const n = r.mpint()
  const e = r.mpint()
  const d = r.mpint()
  const iqmp = r.mpint()
  const p = r.mpint()
  const q = r.mpint()
  checkRsa(source, n, e)
  checkRsaPrivate(source, { n, e, d, p, q })
  if (iqmp === 0n || (iqmp * q) % p !== 1n) throw badKey(source, 'inconsistent RSA private key')
  const b64 = (x: bigint): string => bigintToBytes(x).toString('base64url')
  const jwk: JsonWebKey = {
    kty: 'RSA',
    ...{ n: b64(n), e: b64(e), d: b64(d), p: b64(p), q: b64(q), qi: b64(iqmp) },
    ...{ dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)) },
  }
  const key = importKey(source, () => createPrivateKey({ key: jwk, format: 'jwk' }))
  return { type: 'ssh-rsa', blob: wireEncode('ssh-rsa', e, n), key }
}

function importKey(source: string, make: () => KeyObject): KeyObject {
  try {
    return make()
  } catch (error) {
    throw new GitsealError('E_BAD_KEY', `${source}: the private key could not be loaded`, {
      hint: SUPPORTED_HINT,
      file: source,
      cause: error,
    })
  }
}

/** Describe a node:crypto private key (from PEM/PKCS#8) as an age-usable SSH key. */
function fromKeyObject(key: KeyObject, source: string): SshPrivateKey {
  const jwk = key.export({ format: 'jwk' })
  if (key.asymmetricKeyType === 'ed25519' && jwk.d !== undefined && jwk.x !== undefined) {
    const seed = Buffer.from(jwk.d, 'base64url')
    return { type: 'ssh-ed25519', blob: wireEncode('ssh-ed25519', ed25519PublicFromSeed(seed)), seed }
  }
  if (key.asymmetricKeyType === 'rsa') {
    const [n, e, d, p, q, dp, dq, qi] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map(big)
    if (n === undefined || e === undefined || d === undefined || p === undefined || q === undefined) {
      throw badKey(source, 'incomplete RSA private key')
    }
    checkRsa(source, n, e)
    checkRsaPrivate(source, { n, e, d, p, q })
    // PEM keys carry their own CRT values; wrong ones would silently give wrong plaintexts.
    if (dp !== d % (p - 1n) || dq !== d % (q - 1n) || qi === undefined || (qi * q) % p !== 1n) {
      throw badKey(source, 'inconsistent RSA private key')
    }
    return { type: 'ssh-rsa', blob: wireEncode('ssh-rsa', e, n), key }
  }
  throw badKey(source, `unsupported private key type ${key.asymmetricKeyType ?? 'unknown'}`)
}

const ARMOR = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/

/**
 * Parse SSH private key text: `OPENSSH PRIVATE KEY`, `RSA PRIVATE KEY` (PKCS#1) or `PRIVATE KEY`
 * (PKCS#8). Passphrase-protected keys are detected and refused with a hint.
 */
export function parsePrivateKeyText(text: string, source: string): SshPrivateKey {
  const match = ARMOR.exec(text)
  if (match === null) throw badKey(source, 'not an SSH private key (no BEGIN … PRIVATE KEY block)')
  const label = match[1] ?? ''
  const inner = match[2] ?? ''
  if (label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,ENCRYPTED/m.test(inner)) {
    throw badKey(source, 'the SSH key is passphrase-protected', PASSPHRASE_HINT)
  }
  if (label === 'OPENSSH PRIVATE KEY') {
    const b64 = inner.replace(/\s+/g, '')
    if (!PADDED_B64.test(b64) || b64.length % 4 !== 0)
      throw badKey(source, 'OpenSSH private key is not base64')
    return parseOpenSshBody(Buffer.from(b64, 'base64'), source)
  }
  if (label === 'RSA PRIVATE KEY' || label === 'PRIVATE KEY') {
    const key = importKey(source, () => createPrivateKey({ key: match[0], format: 'pem' }))
    return fromKeyObject(key, source)
  }
  throw badKey(source, `unsupported key block ${JSON.stringify(label)}`)
}
