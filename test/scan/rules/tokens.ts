/**
 * Test tokens built at run time, so that neither gitseal's own scan of this repository nor GitHub
 * push protection sees a token-shaped string in the source.
 */
import { base62, crc32 } from '../../../src/scan/validators.js'

/** Character sets. */
export const CS = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digits: '0123456789',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  get alnum() {
    return this.upper + this.lower + this.digits
  },
  get b64() {
    return `${this.alnum}+/`
  },
  get url() {
    return `${this.alnum}_-`
  },
  bech32: 'qpzry9x8gf2tvdw0s3jn54khce6mua7l',
}

let seed = 0x5eed

/** Deterministic pseudo-random string of `n` characters from `charset`. */
export function rnd(charset: string, n: number, s?: number): string {
  if (s !== undefined) seed = s
  let out = ''
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    out += charset.charAt((seed >>> 8) % charset.length)
  }
  return out
}

/** Concatenate parts (keeps prefixes split in the source). */
export function j(...parts: string[]): string {
  return parts.join('')
}

/** A GitHub-format token with a correct CRC-32 checksum. */
export function githubToken(prefix: string): string {
  const body = rnd(CS.alnum, 30)
  return `${prefix}_${body}${base62(crc32(body), 6)}`
}

/** base64 of UTF-8 text. */
export function b64(text: string): string {
  return Buffer.from(text).toString('base64')
}

/** base64url of JSON. */
export function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** A structurally valid JWT (unsigned test signature). */
export function jwt(): string {
  return [
    b64url({ alg: 'HS256', typ: 'JWT' }),
    b64url({ sub: rnd(CS.alnum, 12), iat: 1700000000 }),
    rnd(CS.url, 43),
  ].join('.')
}

// How real bodies open: DER's SEQUENCE (`MII…`), OpenSSH's `openssh-key-v1` magic.
const BODY_OPENING: Readonly<Record<string, string>> = {
  'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAA',
  'PGP PRIVATE KEY BLOCK': '',
  'SSH2 ENCRYPTED PRIVATE KEY': '',
}

/** A PEM block with a random base64 body that opens as its label's format does (a key cut short). */
export function pem(label: string, lines = 8, dashes = '-----'): string {
  const sep = dashes === '-----' ? '' : ' '
  const opening = BODY_OPENING[label] ?? 'MII'
  const body = Array.from({ length: lines }, () => rnd(CS.b64, 64))
    .join('\n')
    .replace(/^.{0,24}/, (start) => opening + start.slice(opening.length))
  return `${dashes}${sep}${j('BEGIN ', label)}${sep}${dashes}\n${body}\n${dashes}${sep}END ${label}${sep}${dashes}\n`
}
