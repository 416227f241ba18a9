/**
 * String-literal escapes read back to the text they spell. A value the generic rules take from a
 * line of JSON, JavaScript, Java or PHP is the literal's raw text: a translation written with
 * `\uXXXX` escapes (`"\u30b7\u30fc\u30af\u30ec\u30c3\u30c8"`, what `json_encode` writes) reads as
 * random hex there, though it spells a word.
 */

// One UTF-16 code unit; a pair of them (a surrogate pair) joins back into one character.
const UNICODE_ESCAPE = /\\u([0-9A-Fa-f]{4})/g

/** `value` with its `\uXXXX` escapes replaced by the characters they stand for (one pass, linear). */
export function unescapedText(value: string): string {
  if (!value.includes('\\u')) return value
  return value.replace(UNICODE_ESCAPE, (_escape, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  )
}
