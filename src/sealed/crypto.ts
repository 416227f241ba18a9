/**
 * The controller's hybrid encryption of one value (`HybridEncrypt` / `HybridDecrypt` in
 * sealed-secrets' pkg/crypto): RSA-OAEP(SHA-256, label) of a fresh 32-byte AES-256 key, then
 * AES-GCM of the value under an all-zero nonce. Layout: u16be(len rsa) ‖ rsa ‖ gcm ciphertext ‖ tag.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'

const SESSION_KEY_BYTES = 32
const TAG_BYTES = 16
// A zero nonce is safe only because every session key encrypts exactly one value.
const ZERO_NONCE = new Uint8Array(12)

/** Seal `plaintext` for `publicKey` under `label` (see scope.ts); fresh randomness every call. */
export function hybridEncrypt(publicKey: KeyObject, plaintext: Uint8Array, label: Uint8Array): Uint8Array {
  const sessionKey = randomBytes(SESSION_KEY_BYTES)
  const rsa = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    sessionKey,
  )
  const cipher = createCipheriv('aes-256-gcm', sessionKey, ZERO_NONCE)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  const out = Buffer.allocUnsafe(2 + rsa.length + body.length)
  out.writeUInt16BE(rsa.length, 0)
  rsa.copy(out, 2)
  body.copy(out, 2 + rsa.length)
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

/** Why a value did not open: the framing is broken, or no key/label pair fits. */
export type DecryptFailure = 'too-short' | 'no-key'

/**
 * Open a sealed value with the first of `privateKeys` that fits `label`, as the controller does
 * (any AES key size the RSA layer yields; an RSA part shorter than the modulus is accepted).
 * @throws GitsealError `E_BAD_CIPHERTEXT` for truncated framing, `E_DECRYPT` when no key opens it.
 */
export function hybridDecrypt(
  privateKeys: readonly KeyObject[],
  sealed: Uint8Array,
  label: Uint8Array,
): Uint8Array {
  const result = tryHybridDecrypt(privateKeys, sealed, label)
  if (result instanceof Uint8Array) return result
  if (result === 'too-short') {
    throw new GitsealError(
      'E_BAD_CIPHERTEXT',
      'sealed value is too short (truncated or not a sealed value)',
      {
        hint: 'Copy the whole base64 value; it starts with "Ag" for a 4096-bit controller key.',
      },
    )
  }
  throw new GitsealError('E_DECRYPT', 'no key could decrypt the value', {
    hint:
      'Check the key (the controller may have renewed it: pass every --key) and the scope, name and ' +
      'namespace: a strict value opens only under the name and namespace it was sealed for.',
  })
}

/** {@link hybridDecrypt} without throwing: the plaintext, or why it failed. */
export function tryHybridDecrypt(
  privateKeys: readonly KeyObject[],
  sealed: Uint8Array,
  label: Uint8Array,
): Uint8Array | DecryptFailure {
  const parts = splitSealed(sealed)
  if (parts === 'too-short') return parts
  for (const key of privateKeys) {
    const opened = openWith(key, parts, label)
    if (opened !== undefined) return opened
  }
  return 'no-key'
}

/** A sealed value's two layers: the RSA-encrypted session key and the AES-GCM body. */
export interface SealedParts {
  rsaPart: Uint8Array
  body: Uint8Array
}

/** Split a sealed value at its 2-byte RSA length, or `'too-short'` when the framing is broken. */
export function splitSealed(sealed: Uint8Array): SealedParts | 'too-short' {
  if (sealed.length < 2) return 'too-short'
  const rsaLength = (sealed[0] ?? 0) * 256 + (sealed[1] ?? 0)
  if (sealed.length < 2 + rsaLength) return 'too-short'
  return { rsaPart: sealed.subarray(2, 2 + rsaLength), body: sealed.subarray(2 + rsaLength) }
}

/** The plaintext when `key` opens `parts` under `label`, else undefined (one RSA decryption). */
export function openWith(
  key: KeyObject,
  { rsaPart, body }: SealedParts,
  label: Uint8Array,
): Uint8Array | undefined {
  let sessionKey: Buffer
  try {
    sessionKey = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
      rsaPart,
    )
  } catch {
    return undefined
  }
  const algorithm = { 16: 'aes-128-gcm', 24: 'aes-192-gcm', 32: 'aes-256-gcm' }[sessionKey.length]
  if (algorithm === undefined || body.length < TAG_BYTES) return undefined
  try {
    const decipher = createDecipheriv(algorithm as 'aes-256-gcm', sessionKey, ZERO_NONCE)
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
    const plain = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ])
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength)
  } catch {
    return undefined
  }
}

// RSA-OAEP with SHA-256 needs at least 2·32+2 bytes of modulus; no controller key is larger than 16384 bits.
const MIN_RSA_PART = 2 * 32 + 2
const MAX_RSA_PART = 2048

/**
 * Why a base64 `encryptedData` value cannot be a sealed value, or undefined when its framing is
 * sound: standard base64 of u16be(n) ‖ an n-byte RSA-OAEP part ‖ an AES-GCM body of at least its
 * 16-byte tag. Needs no key, so `status` can flag broken or truncated values; never reveals the value.
 */
export function sealedFramingProblem(value: string): string | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return 'is empty'
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) return 'is not standard base64'
  const sealed = Buffer.from(trimmed, 'base64')
  if (sealed.length < 2) return 'is too short to be a sealed value'
  const rsaLength = sealed.readUInt16BE(0)
  if (rsaLength < MIN_RSA_PART || rsaLength > MAX_RSA_PART) {
    return `does not start with an RSA session key (length field ${rsaLength})`
  }
  if (sealed.length < 2 + rsaLength + TAG_BYTES) return 'is truncated (shorter than its session key and tag)'
  return undefined
}
