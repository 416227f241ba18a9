/**
 * String-literal escapes read back to the text they spell. A value the generic rules take from a
 * line of JSON, JavaScript, Java or PHP is the literal's raw text: a translation written with
 * `\uXXXX` escapes (`"\u30b7\u30fc\u30af\u30ec\u30c3\u30c8"`, what `json_encode` writes) reads as
 * random hex there, though it spells a word.
 */

// One UTF-16 code unit (a surrogate pair of them joins back into one character), or a code point in
// braces: Perl's and PCRE's `\x{00D6}`, Ruby's, PHP's and JavaScript's `\u{1F600}` (its `}` may be
// missing where a bare value stopped before it).
const UNICODE_ESCAPE = /\\u([0-9A-Fa-f]{4})|\\[ux]\{([0-9A-Fa-f]{1,6})(?:\}|$)/g

/** `value` with its `\uXXXX` and `\x{…}` escapes replaced by the characters they stand for (one pass, linear). */
export function unescapedText(value: string): string {
  if (!value.includes('\\u') && !value.includes('\\x{')) return value
  return value.replace(UNICODE_ESCAPE, (escape, unit: string | undefined, point: string | undefined) => {
    if (unit !== undefined) return String.fromCharCode(Number.parseInt(unit, 16))
    const code = Number.parseInt(point ?? '', 16)
    return code <= 0x10ffff ? String.fromCodePoint(code) : escape
  })
}
