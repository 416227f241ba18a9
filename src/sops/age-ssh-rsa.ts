/**
 * age's `ssh-rsa` stanza (agessh): RSA-OAEP with SHA-256 and the label
 * `age-encryption.org/v1/ssh-rsa` over the file key.
 *
 *   -> ssh-rsa <tag>
 *   <RSA-OAEP ciphertext>
 */
import { constants, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto'
import { bigintToBytes } from './age-ssh-wire.js'

const OAEP_LABEL = Buffer.from('age-encryption.org/v1/ssh-rsa')

/** A node:crypto RSA public key from its modulus and exponent. */
export function rsaPublicKey(n: bigint, e: bigint): KeyObject {
  const jwk = {
    kty: 'RSA',
    n: bigintToBytes(n).toString('base64url'),
    e: bigintToBytes(e).toString('base64url'),
  }
  return createPublicKey({ key: jwk, format: 'jwk' })
}

/** RSA-OAEP-SHA-256 encrypt the file key with age's label. */
export function rsaWrap(fileKey: Uint8Array, key: KeyObject): Buffer {
  return publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: OAEP_LABEL },
    fileKey,
  )
}

/** RSA-OAEP-SHA-256 decrypt; undefined when the ciphertext does not open. */
export function rsaUnwrap(body: Uint8Array, key: KeyObject): Buffer | undefined {
  try {
    return privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: OAEP_LABEL },
      body,
    )
  } catch {
    return undefined
  }
}
