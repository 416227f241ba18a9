/**
 * How a SOPS-encrypted value looks: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`. The one recogniser
 * (and writer) the cipher, the scanner, `status` and `updatekeys` share. Every part is base64 or a
 * lowercase word, so the pattern has no ambiguous repetition and runs in linear time on hostile
 * input (sops' own `(.+)` groups would backtrack on a long crafted value).
 */

/** The parts of an encrypted value, still base64-encoded. */
export interface EncryptedValueParts {
  data: string
  iv: string
  tag: string
  /** sops' value type: `str`, `int`, `float`, `bool`, `time`, `bytes`, `comment`. */
  type: string
}

/**
 * How every encrypted value opens, up to its first comma: all a rule that reads a value up to a
 * `,` or `]` (the scanner's generic assignment rules) sees of one.
 */
export const ENCRYPTED_VALUE_HEAD = 'ENC[AES256_GCM'

const ENC_VALUE =
  /^ENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:([a-z]+)\]/

/**
 * Split an encrypted value into its parts; undefined when `text` does not start with one. Like
 * sops, text after the closing `]` is ignored (the authentication tag decides what is genuine).
 */
export function parseEncryptedValue(text: string): EncryptedValueParts | undefined {
  const m = ENC_VALUE.exec(text)
  if (!m) return undefined
  return { data: m[1] ?? '', iv: m[2] ?? '', tag: m[3] ?? '', type: m[4] ?? '' }
}

/** The text of an encrypted value from its parts (base64-encoded already): what sops writes. */
export function formatEncryptedValue(parts: EncryptedValueParts): string {
  return `${ENCRYPTED_VALUE_HEAD},data:${parts.data},iv:${parts.iv},tag:${parts.tag},type:${parts.type}]`
}

/** True when `text` is exactly one SOPS-encrypted value (nothing before or after it). */
export function isEncryptedValue(text: string): boolean {
  return text.endsWith(']') && ENC_VALUE.exec(text)?.[0].length === text.length
}

const ENC_VALUE_AT = new RegExp(ENC_VALUE.source.slice(1), 'y')

/** Length of the encrypted value that starts at `at` in `text`; 0 when none starts there. */
export function encryptedValueLengthAt(text: string, at: number): number {
  ENC_VALUE_AT.lastIndex = at
  return ENC_VALUE_AT.exec(text)?.[0].length ?? 0
}

/** True when `text` holds an encrypted value anywhere (a cheap pre-test before parsing a file). */
export function mentionsEncryptedValue(text: string): boolean {
  return text.includes(`${ENCRYPTED_VALUE_HEAD},data:`)
}

// A metadata block in each layout sops writes, at the start of a line: YAML `sops:` (top level),
// JSON `"sops":`, dotenv `sops_…=`, ini `[sops]`. `[ \t]*`, never `\s*`: a run that may cross lines
// made the test quadratic on blank lines (40,000 newlines took 5 s).
const SOPS_METADATA = /^(?:sops:|[ \t]*"sops"[ \t]*:|sops_[a-z_]+=|\[sops\])/m

/**
 * True when `text` carries a SOPS metadata block in a layout sops writes (YAML, JSON, dotenv, ini):
 * a cheap test in linear time before parsing, which decides.
 */
export function mentionsSopsMetadata(text: string): boolean {
  return SOPS_METADATA.test(text)
}
