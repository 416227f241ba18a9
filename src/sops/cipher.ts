/**
 * sops' value cipher (`aes/cipher.go`): `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, AES-256-GCM
 * with a 32-byte nonce and the value's key path as additional data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'
import { holdsLoneSurrogate } from '../core/utf8.js'
import { decodeStdBase64 } from '../core/secret.js'
import {
  formatGoBool,
  formatGoFloat,
  goRfc3339Nano,
  parseGoBool,
  parseGoFloat,
  parseGoInt,
} from './go-format.js'
import { Comment, SopsBytes, SopsTime } from './tree.js'
import type { Leaf } from './tree.js'
import { formatEncryptedValue, parseEncryptedValue } from '../core/sops-value.js'

const NONCE_SIZE = 32
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** Reuses the nonce of an unchanged (value, path) pair so re-encrypted files diff minimally. */
export type Stash = Map<string, Buffer>

/** The sops `type:` of a leaf and the bytes sops encrypts and hashes for it. */
export function leafBytes(value: Leaf | Comment): { type: string; bytes: Buffer } {
  if (typeof value === 'string') return { type: 'str', bytes: Buffer.from(value, 'utf8') }
  if (typeof value === 'bigint') return { type: 'int', bytes: Buffer.from(value.toString()) }
  if (typeof value === 'number') return { type: 'float', bytes: Buffer.from(formatGoFloat(value)) }
  if (typeof value === 'boolean') return { type: 'bool', bytes: Buffer.from(formatGoBool(value)) }
  if (value instanceof SopsTime) return { type: 'time', bytes: Buffer.from(value.text) }
  if (value instanceof SopsBytes) return { type: 'str', bytes: Buffer.from(value.bytes) }
  return { type: 'comment', bytes: Buffer.from(value.text, 'utf8') }
}

/**
 * Encrypt one leaf with the data key; empty strings and comments stay `""` as in sops.
 * `stash` (from a previous decryption) makes unchanged values keep their ciphertext.
 */
export function encryptValue(value: Leaf | Comment, key: Uint8Array, aad: string, stash?: Stash): string {
  if (typeof value === 'string' && holdsLoneSurrogate(value)) {
    throw new GitsealError(
      'E_BAD_MANIFEST',
      `the value at ${printable(aad)} holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which has no UTF-8 encoding`,
      {
        hint: 'Write the character itself, or both halves of its surrogate pair; encrypted as it stands the value would become U+FFFD, not what you wrote.',
      },
    )
  }
  const { type, bytes } = leafBytes(value)
  if (bytes.length === 0 && (type === 'str' || type === 'comment')) return ''
  const stashKey = `${aad}\u0000${type}\u0000${bytes.toString('base64')}`
  const iv = stash?.get(stashKey) ?? randomBytes(NONCE_SIZE)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const data = Buffer.concat([cipher.update(bytes), cipher.final()])
  const tag = cipher.getAuthTag()
  return formatEncryptedValue({
    data: data.toString('base64'),
    iv: iv.toString('base64'),
    tag: tag.toString('base64'),
    type,
  })
}

/**
 * Decrypt one `ENC[…]` value. Records the nonce in `stash` when given.
 * @throws GitsealError `E_SOPS_DECRYPT` when the value is not sops-encrypted, was tampered with,
 * sits at another path, or has an unknown type. The message never contains the value.
 */
export function decryptValue(text: string, key: Uint8Array, aad: string, stash?: Stash): Leaf | Comment {
  if (text === '') return ''
  const parts = parseEncryptedValue(text)
  if (!parts) {
    throw new GitsealError(
      'E_SOPS_DECRYPT',
      `value at '${aad}' is not encrypted (expected ENC[AES256_GCM,…])`,
      {
        hint: 'A plaintext value was put into an encrypted file: encrypt it again, or remove it.',
      },
    )
  }
  // Go's StdEncoding, as sops decodes them: unpadded or misplaced padding is an error there too.
  const [data, iv, tag] = [parts.data, parts.iv, parts.tag].map(decodeStdBase64)
  if (data === undefined || iv === undefined || tag === undefined) {
    throw new GitsealError('E_SOPS_DECRYPT', `value at '${aad}' is not valid base64 (sops refuses it too)`, {
      hint: 'The value was changed outside sops/gitseal; restore the file from Git.',
    })
  }
  const { type } = parts
  let plain: Buffer
  try {
    if (iv.length === 0 || tag.length !== 16) throw new Error('bad iv or tag length')
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(tag)
    plain = Buffer.concat([decipher.update(data), decipher.final()])
  } catch (cause) {
    throw new GitsealError(
      'E_SOPS_DECRYPT',
      `value at '${aad}' failed to decrypt (tampered, moved, or wrong key)`,
      {
        cause,
        hint: 'The ciphertext does not authenticate under the data key and its path; restore the file from Git.',
      },
    )
  }
  let parsed: Leaf | Comment | undefined
  if (type === 'str' || type === 'bytes') {
    // Binary files hold any bytes: keep them exact when they are not UTF-8.
    try {
      parsed = STRICT_UTF8.decode(plain)
    } catch {
      parsed = new SopsBytes(new Uint8Array(plain))
    }
  } else parsed = parseTyped(type, plain.toString('utf8'))
  if (parsed === undefined) {
    throw new GitsealError(
      'E_SOPS_DECRYPT',
      `value at '${aad}' has type '${type}' but its plaintext does not parse as one`,
    )
  }
  if (stash) stash.set(`${aad}\u0000${type}\u0000${plain.toString('base64')}`, Buffer.from(iv))
  return parsed
}

function parseTyped(type: string, text: string): Leaf | Comment | undefined {
  switch (type) {
    case 'str':
    case 'bytes':
      return text
    case 'int':
      return parseGoInt(text)
    case 'float':
      return parseGoFloat(text)
    case 'bool':
      return parseGoBool(text)
    case 'time': {
      // Time.UnmarshalText, then MarshalText (the MAC, YAML and JSON output): sops re-formats it.
      const nano = goRfc3339Nano(text)
      const time = nano === undefined ? undefined : new SopsTime(nano)
      return time?.marshals === true ? time : undefined
    }
    case 'comment':
      return new Comment(text)
    default:
      throw new GitsealError('E_SOPS_DECRYPT', `unknown sops value type '${type}'`, {
        hint: 'The file was written by a newer sops or is damaged.',
      })
  }
}
