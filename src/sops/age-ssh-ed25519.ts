/**
 * age's `ssh-ed25519` stanza (agessh): X25519 against the Montgomery form of the Ed25519 key,
 * tweaked by a key-bound scalar, then HKDF-SHA-256 and ChaCha20-Poly1305 over the file key.
 *
 *   -> ssh-ed25519 <tag> <ephemeral share>
 *   <ChaCha20-Poly1305(wrap key, zero nonce, file key)>
 *
 * tweak = HKDF(ikm = "", salt = SSH public key blob, info = label); shared = X25519(tweak,
 * X25519(eph, pk)); wrap key = HKDF(ikm = shared, salt = share ‖ pk, info = label).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type KeyObject } from 'node:crypto'
import { x25519, x25519Public, x25519PrivateKey } from './age-ssh-curve.js'
import { decodeAgeBase64, encodeAgeBase64 } from './age-ssh-wire.js'

const LABEL = 'age-encryption.org/v1/ssh-ed25519'
const ZERO_NONCE = Buffer.alloc(12)

/** The tweak scalar binding the shared secret to the whole SSH public key. */
export function ed25519Tweak(blob: Uint8Array): KeyObject {
  return x25519PrivateKey(Buffer.from(hkdfSync('sha256', Buffer.alloc(0), blob, LABEL, 32)))
}

function wrapKey(shared: Uint8Array, share: Uint8Array, recipient: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, recipient]), LABEL, 32))
}

/** ChaCha20-Poly1305 seal with the all-zero nonce (each wrap key is used once). */
function aeadSeal(key: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 })
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

/** ChaCha20-Poly1305 open with the all-zero nonce; undefined when authentication fails. */
function aeadOpen(key: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < 16) return undefined
  const decipher = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 })
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()])
  } catch {
    return undefined
  }
}

/** Wrap `fileKey` for an X25519 public key `recipient` derived from the SSH key `blob`. */
export function ed25519Wrap(
  fileKey: Uint8Array,
  recipient: Uint8Array,
  recipientKey: KeyObject,
  tweak: KeyObject,
): { share: string; body: Buffer } {
  // Random bytes imported as PKCS#8, not generateKeyPairSync: exporting from a KeyObject that
  // generateKeyPairSync returned can deadlock Node 20 when GC finalises its KeyGenJob meanwhile.
  // X25519 clamps any 32 bytes into a valid scalar (RFC 7748), as age's own ephemeral key.
  const privateKey = x25519PrivateKey(randomBytes(32))
  const share = x25519Public(privateKey)
  const shared = x25519(tweak, x25519(privateKey, recipientKey))
  return { share: encodeAgeBase64(share), body: aeadSeal(wrapKey(shared, share, recipient), fileKey) }
}

/** Why an ssh-ed25519 stanza addressed to us could not be opened. */
export type UnwrapFailure = 'malformed' | 'decrypt'

/** Unwrap a stanza addressed to this key: the file key, or the reason it failed. */
export function ed25519Unwrap(
  shareText: string,
  body: Uint8Array,
  secret: KeyObject,
  ownPublic: Uint8Array,
  tweak: KeyObject,
): Buffer | UnwrapFailure {
  const share = decodeAgeBase64(shareText)
  if (share?.length !== 32) return 'malformed'
  let shared: Buffer
  try {
    shared = x25519(tweak, x25519(secret, share))
  } catch {
    return 'malformed'
  }
  return aeadOpen(wrapKey(shared, share, ownPublic), body) ?? 'decrypt'
}

/** The X25519 public key for an age ssh-ed25519 secret key. */
export function ed25519OwnPublic(secret: KeyObject): Buffer {
  return x25519Public(secret)
}
