/**
 * Byte-level helpers for age's SSH recipient types: the SSH wire encoding (RFC 4251 §5) used by
 * public key blobs and OpenSSH private keys, age's strict unpadded base64, and the key tag.
 */
import { createHash } from 'node:crypto'

/** Thrown by {@link WireReader} on truncated or malformed data; callers turn it into E_BAD_KEY. */
export class WireError extends Error {
  override readonly name = 'WireError'
}

/** Sequential reader over SSH wire data; every read checks the remaining length. */
export class WireReader {
  private offset = 0

  constructor(private readonly data: Uint8Array) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.data.length - this.offset
  }

  /** Read exactly `n` raw bytes. */
  bytes(n: number): Uint8Array {
    if (n < 0 || n > this.remaining) throw new WireError('truncated data')
    const out = this.data.subarray(this.offset, this.offset + n)
    this.offset += n
    return out
  }

  /** Read a big-endian uint32. */
  uint32(): number {
    const b = this.bytes(4)
    return Buffer.from(b.buffer, b.byteOffset, 4).readUInt32BE(0)
  }

  /** Read a length-prefixed `string` (arbitrary bytes). */
  string(): Uint8Array {
    return this.bytes(this.uint32())
  }

  /** Read a length-prefixed `string` as ASCII text. */
  text(): string {
    return Buffer.from(this.string()).toString('latin1')
  }

  /** Read a non-negative `mpint` as a BigInt. */
  mpint(): bigint {
    const b = this.string()
    if (b.length === 0) return 0n
    if (((b[0] ?? 0) & 0x80) !== 0) throw new WireError('negative mpint')
    return BigInt(`0x${Buffer.from(b).toString('hex')}`)
  }
}

/** Encode SSH wire `string`s and `mpint`s, concatenated. */
export function wireEncode(...fields: (Uint8Array | string | bigint)[]): Uint8Array {
  const parts: Buffer[] = []
  for (const field of fields) {
    let body: Buffer
    if (typeof field === 'bigint') {
      if (field === 0n) body = Buffer.alloc(0)
      else {
        let hex = field.toString(16)
        if (hex.length % 2 === 1) hex = `0${hex}`
        // A set top bit would read as negative: mpints carry a leading zero byte then.
        if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`
        body = Buffer.from(hex, 'hex')
      }
    } else body = Buffer.from(typeof field === 'string' ? Buffer.from(field, 'latin1') : field)
    const len = Buffer.alloc(4)
    len.writeUInt32BE(body.length)
    parts.push(len, body)
  }
  return Buffer.concat(parts)
}

/** BigInt to a fixed-length or minimal big-endian byte string. */
export function bigintToBytes(n: bigint, length?: number): Buffer {
  let hex = n.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  const raw = Buffer.from(hex, 'hex')
  if (length === undefined || raw.length === length) return raw
  if (raw.length > length) throw new WireError('integer too large')
  return Buffer.concat([Buffer.alloc(length - raw.length), raw])
}

const B64_RAW = /^[A-Za-z0-9+/]*$/

/**
 * age's base64: standard alphabet, no padding, canonical trailing bits (Go's
 * `RawStdEncoding.Strict()`). Returns undefined for anything else.
 */
export function decodeAgeBase64(s: string): Buffer | undefined {
  if (!B64_RAW.test(s) || s.length % 4 === 1) return undefined
  const out = Buffer.from(s, 'base64')
  // Re-encoding catches non-zero trailing bits, which Go's strict decoder rejects.
  return encodeAgeBase64(out) === s ? out : undefined
}

/** Encode bytes as age's unpadded standard base64. */
export function encodeAgeBase64(b: Uint8Array): string {
  return Buffer.from(b).toString('base64').replace(/=+$/, '')
}

/** age's SSH key tag: the first 4 bytes of SHA-256 of the public key blob, unpadded base64. */
export function sshKeyTag(publicKeyBlob: Uint8Array): string {
  return encodeAgeBase64(createHash('sha256').update(publicKeyBlob).digest().subarray(0, 4))
}
