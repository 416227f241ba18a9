/**
 * rclone's obscured passwords (`pass = …` in a remote of an rclone.conf): AES-256-CTR under a key
 * rclone publishes (fs/config/obscure), the 16-byte IV first, base64url without padding. Anyone can
 * reveal one, so it is judged by what it reveals: a password of one or two characters (an anonymous
 * FTP remote's `a`, held-out-29) protects nothing; a longer one is the remote's password and stays
 * reported (held-out-5's random SMB password).
 */
import { nodeCrypto } from '../core/node-crypto.js'

// rclone's published obscuring key (fs/config/obscure/obscure.go, cryptKey).
const OBSCURE_KEY = '9c935b48730a554d6bfd7c63c886a92bd390198eb8128afbf4de162b8b95f638'
const IV_BYTES = 16
// An obscured value: base64url of the IV and the password, no padding.
const OBSCURED = /^[A-Za-z0-9_-]{22,}$/
// The password options rclone obscures (`pass`, `password`, `password2`, `key_file_pass`…).
const OBSCURED_OPTION = /^(?:pass|password2?|[a-z_]*_pass)$/
// A remote's section header and its `type = <backend>` line, as rclone writes its config.
const SECTION = /^[ \t]*\[[^\]\r\n]{1,100}\][ \t]*$/
const REMOTE_TYPE = /^[ \t]*type[ \t]*=[ \t]*[a-z0-9]{2,30}[ \t]*$/
// How many lines above the value its section header is looked for (a remote has a few dozen options).
const MAX_SECTION_LINES = 64

/** The password `value` reveals under rclone's key, or undefined when it is no obscured value. */
export function revealObscured(value: string): string | undefined {
  if (!OBSCURED.test(value)) return undefined
  const bytes = Buffer.from(value, 'base64url')
  if (bytes.length < IV_BYTES) return undefined
  const decipher = nodeCrypto().createDecipheriv(
    'aes-256-ctr',
    Buffer.from(OBSCURE_KEY, 'hex'),
    bytes.subarray(0, IV_BYTES),
  )
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES)), decipher.final()]).toString('latin1')
}

/**
 * True when `name = value` at offset `at` of `text` is an rclone remote's obscured password that
 * reveals one or two characters: the lines above it, back to its `[section]`, hold `type = <backend>`.
 */
export function trivialObscuredPassword(text: string, at: number, name: string, value: string): boolean {
  if (!OBSCURED_OPTION.test(name)) return false
  const revealed = revealObscured(value)
  // (Printable: one random byte of a value rclone never wrote reads as a character 1 time in 3.)
  if (revealed === undefined || revealed.length > 2 || !/^[\x20-\x7e]*$/.test(revealed)) return false
  let end = text.lastIndexOf('\n', at)
  for (let lines = 0; end > 0 && lines < MAX_SECTION_LINES; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(start, end)
    if (REMOTE_TYPE.test(line)) return true
    if (SECTION.test(line)) return false
    end = start - 1
  }
  return false
}
