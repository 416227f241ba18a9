/**
 * Format checks run on a regex match before it becomes a finding: checksums and structure that a
 * random-looking string of the right shape does not have.
 */
import { shannonEntropy } from './entropy.js'
import { isJsonText } from './analysers/json-syntax.js'
import { signatureLengthFits, signedWithPublishedSecret } from './jwt-signature.js'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

let crcTable: Uint32Array | undefined

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (let i = 0; i < text.length; i++) crc = (crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** `n` in base 62 (digits, upper, lower), left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let out = ''
  let rest = n
  do {
    out = BASE62.charAt(rest % 62) + out
    rest = Math.floor(rest / 62)
  } while (rest > 0)
  return out.padStart(width, '0')
}

/**
 * GitHub's 2021 token format: `<prefix>_` + 30 random base62 characters + a 6-character base62
 * CRC-32 of the random part. A token whose checksum is right is certainly GitHub's.
 */
export function githubChecksumOk(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1)
  if (body.length !== 36) return false
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30)
}

// GitHub's token prefixes, and the one shape each has after it (the provider rules judge that shape).
const GITHUB_PREFIX = /^(?:gh[pousr]_|github_pat_)/
const GITHUB_SHAPE = /^(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})$/

/**
 * True when `value` opens with a GitHub token prefix but has not GitHub's fixed shape after it
 * (`ghp_asdflkj12340987`): written to look like a token, not issued by GitHub.
 */
export function madeUpGithubToken(value: string): boolean {
  return GITHUB_PREFIX.test(value) && !GITHUB_SHAPE.test(value)
}

/** GitHub tokens: a valid checksum, or (for hand-made and test tokens) a random-looking body. */
export function githubTokenOk(token: string): boolean {
  return githubChecksumOk(token) || shannonEntropy(token.slice(4)) >= 3.5
}

function base64UrlJson(part: string): unknown {
  try {
    const json = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
    // Told first: JSON.parse's exception cost a crafted run of JWT-shaped tokens a third of its time.
    return isJsonText(json) ? (JSON.parse(json) as unknown) : undefined
  } catch {
    return undefined
  }
}

/**
 * A JWT: three base64url parts, the first a JSON header with `alg`, the second a JSON object; a
 * signature, when there is one, of the length `alg` makes and not made with a published demo secret.
 */
export function jwtOk(token: string): boolean {
  const parts = token.split('.')
  if (parts.length !== 3) return false
  const [head = '', body = '', signature = ''] = parts
  const header = base64UrlJson(head)
  const payload = base64UrlJson(body)
  if (typeof header !== 'object' || header === null || !('alg' in header)) return false
  if (typeof payload !== 'object' || payload === null || isJwtIoSample(payload)) return false
  // A token cut before its signature is judged by its header and claims alone.
  if (signature === '') return true
  return (
    signatureLengthFits(header.alg, signature) &&
    !signedWithPublishedSecret(header.alg, `${head}.${body}`, signature)
  )
}

/** jwt.io's published sample token (`John Doe`), pasted into documentation and tests everywhere. */
function isJwtIoSample(payload: object): boolean {
  return 'sub' in payload && payload.sub === '1234567890' && 'iat' in payload && payload.iat === 1516239022
}

/** AWS access key ids are 20 characters of base32 after a known 4-character prefix. */
export function awsKeyIdOk(id: string): boolean {
  return /^(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|A3T[A-Z0-9])[A-Z2-7]{16}$/.test(id)
}
