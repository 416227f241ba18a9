/**
 * Jenkins' encrypted secrets (`hudson.util.Secret`): what a controller writes into its XML and what
 * configuration-as-code YAML may hold in place of a password, `{` + base64 + `}`. Only the controller
 * that holds `secrets/hudson.util.Secret` can decrypt one, so it is protected like a sops or
 * `{cipher}` value, not a plaintext secret. Judged by its structure, not by its look.
 */

// `{`, padded base64 of at least the 9-byte header and a 16-byte IV, `}`.
const SHAPE = /^\{(?:[A-Za-z0-9+/]{4}){6,256}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\}$/

// Version 1 of the format: one version byte, the IV's length and the ciphertext's length (4 bytes
// each, big-endian), then the IV and the AES-CBC ciphertext, a whole number of 16-byte blocks.
const VERSION = 1
const HEADER = 9
const IV_LENGTH = 16
const BLOCK = 16

/** True when `value` is a Jenkins secret in its version-1 payload format, lengths all agreeing. */
export function isJenkinsSecret(value: string): boolean {
  if (!SHAPE.test(value)) return false
  const bytes = Buffer.from(value.slice(1, -1), 'base64')
  if (bytes.length < HEADER + IV_LENGTH + BLOCK || bytes[0] !== VERSION) return false
  const ivLength = bytes.readUInt32BE(1)
  const dataLength = bytes.readUInt32BE(5)
  return (
    ivLength === IV_LENGTH &&
    dataLength > 0 &&
    dataLength % BLOCK === 0 &&
    bytes.length === HEADER + ivLength + dataLength
  )
}
