/**
 * What a JWT's signature part says about the token: a signature of the wrong length for the
 * header's `alg` is no signature (a redaction test's `signaturepart`, words typed in its place), and
 * an HMAC signature made with a secret the whole world knows (jwt.io debugger's default, RFC 7515's
 * example key) or with no secret at all (one byte repeated) is a demo token anyone can mint. Both
 * are checked, not guessed.
 */
import { nodeCrypto } from '../core/node-crypto.js'

// Signature bytes per algorithm (RFC 7518): HMAC's digest, ECDSA's r||s, EdDSA's fixed sizes.
const SIGNATURE_BYTES: Readonly<Record<string, readonly number[]>> = {
  HS256: [32],
  HS384: [48],
  HS512: [64],
  ES256: [64],
  ES256K: [64],
  ES384: [96],
  ES512: [132],
  EdDSA: [64, 114],
  Ed25519: [64],
  Ed448: [114],
}
// RSA signatures are as long as the modulus; no RSA key in use is shorter than 512 bits.
const MIN_RSA_SIGNATURE_BYTES = 64
const RSA_ALG = /^(?:RS|PS)(?:256|384|512)$/

/** Characters of unpadded base64url that `bytes` bytes take. */
function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3)
}

/**
 * True when `signature` (base64url, unpadded) has a length `alg` can produce. Algorithms this does
 * not know are given the benefit of the doubt.
 */
export function signatureLengthFits(alg: unknown, signature: string): boolean {
  if (typeof alg !== 'string') return true
  if (alg === 'none') return signature === ''
  const sizes = SIGNATURE_BYTES[alg]
  if (sizes !== undefined) return sizes.some((bytes) => base64UrlLength(bytes) === signature.length)
  if (RSA_ALG.test(alg)) return signature.length >= base64UrlLength(MIN_RSA_SIGNATURE_BYTES)
  return true
}

// jwt.io's debugger signs its sample with these secrets unless the user types another one (`secret`
// in its first version, the next three later, then the one after); tutorials copy its tokens and
// `jwt.sign(payload, 'secret')`. The Online JWT Builder (jwtbuilder.jamiekurtz.com, `"iss": "Online
// JWT Builder"`) signs with its keyboard-row default key the same way.
// Docs and tests sign with the RFC 7515 Appendix A.1 example HMAC key (also RFC 7517 Appendix A.3's
// second key; JOSE libraries' test vectors), with `example`, or with a word every tutorial uses.
const RFC_7515_HMAC_KEY = Buffer.from(
  'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
  'base64url',
)
const PUBLISHED_HMAC_SECRETS: readonly (string | Buffer)[] = [
  'secret',
  'your-256-bit-secret',
  'your-384-bit-secret',
  'your-512-bit-secret',
  'a-string-secret-at-least-256-bits-long',
  'qwertyuiopasdfghjklzxcvbnm123456',
  RFC_7515_HMAC_KEY,
  'example',
  'test',
  'changeme',
  'password',
  'key',
  // NGINX's JWT guides (NGINX Plus docs and blog, the Ingress Controller's examples and tests): the
  // symmetric JWK `{"k":"ZmFudGFzdGljand0","kid":"0001"}` their sample tokens are signed with.
  'fantasticjwt',
]
const HMAC_HASH: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }
const HMAC_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 }
// A key of one byte repeated (`bytes.Repeat([]byte{1}, 32)`, the empty key, which HMAC pads with
// zeros): a test's stand-in with no secret in it. The bytes tests fill keys with.
const FILL_BYTES = [0x00, 0x01, 0x02, 0x30, 0x31, 0x61, 0x78, 0xff]

/**
 * True when the HMAC `signature` of `signingInput` (header.payload) verifies with a published
 * secret or a key of one repeated byte: anyone can mint the token, so it guards nothing.
 */
export function signedWithPublishedSecret(alg: unknown, signingInput: string, signature: string): boolean {
  const hash = typeof alg === 'string' ? HMAC_HASH[alg] : undefined
  if (hash === undefined) return false
  const signedWith = (key: string | Buffer): boolean =>
    nodeCrypto().createHmac(hash, key).update(signingInput).digest('base64url') === signature
  if (PUBLISHED_HMAC_SECRETS.some(signedWith)) return true
  const bytes = HMAC_BYTES[alg as string] ?? 32
  return FILL_BYTES.some((byte) => signedWith(Buffer.alloc(bytes, byte)))
}
