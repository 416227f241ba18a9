/**
 * A hex digest of text written beside it (`pwduser2: <sha256 of "pwduser2">`, ClickHouse's
 * `password_sha256_hex` and `password_double_sha1_hex` set up in a test Secret): a hash of a
 * password whose plaintext is in view, not a random secret. Random hex never equals the digest
 * of a neighbouring text by chance.
 */

import { nodeCrypto as crypto } from '../../core/node-crypto.js'

// Lengths of MD5, SHA-1, SHA-256 and SHA-512 digests in hex.
const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i
// How long a text may be to be hashed.
const MAX_TEXT_LENGTH = 256

/** True when `value` has the length and alphabet of a hex digest {@link VisiblePreimages} recognises. */
export function isHexDigest(value: string): boolean {
  return HEX_DIGEST.test(value)
}

/** The hex digests of `text` a password store keeps: MD5, SHA-1, SHA-256, SHA-512 and double SHA-1. */
function digestsOf(text: string): string[] {
  const hash = (algorithm: string, data: string | Buffer): Buffer =>
    crypto().createHash(algorithm).update(data).digest()
  const sha1 = hash('sha1', text)
  return [
    hash('md5', text).toString('hex'),
    sha1.toString('hex'),
    hash('sha1', sha1).toString('hex'), // MySQL's and ClickHouse's double SHA-1
    hash('sha256', text).toString('hex'),
    hash('sha512', text).toString('hex'),
  ]
}

/**
 * Tells whether a value is the hex digest of a text around it. Hashing costs: at most `limit`
 * texts are hashed per file (a crafted file may hold a digest-shaped value every few bytes); past
 * that, values are judged as any other (reported when random).
 */
export class VisiblePreimages {
  private hashed = 0
  constructor(private readonly limit = 256) {}

  /** True when `value` is the hex digest of one of `texts` (the names and values around it). */
  digestOf(value: string, texts: readonly string[]): boolean {
    if (!isHexDigest(value)) return false
    const lower = value.toLowerCase()
    for (const text of texts) {
      if (text === '' || text === value || text.length > MAX_TEXT_LENGTH) continue
      if (this.hashed >= this.limit) return false
      this.hashed++
      if (digestsOf(text).includes(lower)) return true
    }
    return false
  }
}
