/**
 * Curve25519 steps for age's ssh-ed25519 type, on node:crypto: X25519 with raw 32-byte scalars
 * and points, Ed25519 seed → X25519 scalar, and Ed25519 public key → X25519 public key.
 *
 * node:crypto has no Edwards → Montgomery point conversion, so that one step is done here with
 * BigInt field arithmetic (decompression check plus u = (1 + y) / (1 − y)); it handles public
 * data only, so constant time does not matter.
 */
import { createHash, createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto'

// DER prefixes wrapping a raw 32-byte key into PKCS#8 / SPKI for node:crypto (RFC 8410).
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex')
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex')
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')

/** The X25519 base point (u = 9). */
export const BASEPOINT: Uint8Array = Uint8Array.from([9, ...new Array<number>(31).fill(0)])

/** A node:crypto X25519 private key from a raw scalar (clamped by X25519 itself). */
export function x25519PrivateKey(scalar: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8, scalar]), format: 'der', type: 'pkcs8' })
}

/** A node:crypto X25519 public key from a raw u-coordinate. */
export function x25519PublicKey(point: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([X25519_SPKI, point]), format: 'der', type: 'spki' })
}

/**
 * X25519(scalar, point) as in RFC 7748. Throws when the result is all zeros (a low-order point),
 * like Go's `curve25519.X25519`.
 */
export function x25519(scalar: Uint8Array | KeyObject, point: Uint8Array): Buffer {
  const privateKey = scalar instanceof Uint8Array ? x25519PrivateKey(scalar) : scalar
  // OpenSSL refuses an all-zero shared secret itself; the explicit check keeps the contract
  // independent of the OpenSSL build.
  const out = diffieHellman({ privateKey, publicKey: x25519PublicKey(point) })
  if (out.every((b) => b === 0)) throw new Error('low-order X25519 point')
  return out
}

/** The X25519 public key (raw u-coordinate) of a private key. */
export function x25519Public(privateKey: KeyObject): Buffer {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  return der.subarray(X25519_SPKI.length)
}

/** age's Ed25519 → X25519 secret: the first 32 bytes of SHA-512(seed), as Ed25519 signing uses. */
export function ed25519SeedToX25519(seed: Uint8Array): Buffer {
  return createHash('sha512').update(seed).digest().subarray(0, 32)
}

/** The Ed25519 public key for a 32-byte seed (node:crypto derives it). */
export function ed25519PublicFromSeed(seed: Uint8Array): Buffer {
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' })
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' })
  return der.subarray(der.length - 32)
}

const P = 2n ** 255n - 19n
const D = mod(-121665n * inverse(121666n))

function mod(a: bigint): bigint {
  const r = a % P
  return r < 0n ? r + P : r
}

function power(base: bigint, exp: bigint): bigint {
  let result = 1n
  let b = mod(base)
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P
    b = (b * b) % P
  }
  return result
}

function inverse(a: bigint): bigint {
  return power(a, P - 2n)
}

/**
 * Convert an Ed25519 public key to its X25519 (Montgomery u) form, or undefined when the bytes
 * are not a valid Edwards point. Matches filippo.io/edwards25519 `SetBytes` + `BytesMontgomery`:
 * the sign bit is dropped, non-canonical y (≥ p) is reduced, and y must have a square x² =
 * (y² − 1) / (d·y² + 1).
 */
export function ed25519PublicToX25519(publicKey: Uint8Array): Uint8Array | undefined {
  if (publicKey.length !== 32) return undefined
  const le = Buffer.from(publicKey)
  le[31] = (le[31] ?? 0) & 0x7f
  const y = mod(BigInt(`0x${Buffer.from(le).reverse().toString('hex')}`))
  const y2 = (y * y) % P
  const x2 = mod((y2 - 1n) * inverse(mod(D * y2 + 1n)))
  // Euler's criterion: x² must be zero or a quadratic residue for the point to exist.
  if (x2 !== 0n && power(x2, (P - 1n) / 2n) !== 1n) return undefined
  // y = 1 makes 1 − y zero; edwards25519's inversion of zero yields zero, so u = 0 as in Go.
  const u = mod((1n + y) * inverse(mod(1n - y)))
  return Buffer.from(u.toString(16).padStart(64, '0'), 'hex').reverse()
}
