/**
 * `kind` keys the text trigger of structured.ts cannot read without a parse, each a spelling the
 * YAML parsers Kubernetes uses accept: an anchor or a tag before the key (`&k kind: Secret`,
 * `!!str kind: Secret`), a block scalar as its value (`kind: >-` then `Secret`), an alias as a key
 * (`*k : Secret`, the anchor naming `kind`), or escapes in a quoted key (`"\u006bind": …`). A file
 * holding one is parsed (fail closed): such keys are rare in real files, so this costs little.
 * Every search here is linear: bounded windows, and backward walks that never cross each other.
 */

/**
 * True when the `kind` at `at` is followed by a key's colon (`kind:`, `"kind" :`), what every `kind`
 * pattern here and in structured.ts starts with: a character test, so the many `kind` words that
 * are no key (prose, `kind kind kind`) cost no regex.
 */
export function kindColonAt(text: string, at: number): boolean {
  let i = at + 4
  let c = text.charCodeAt(i)
  if (c === 34 || c === 39) c = text.charCodeAt(++i) // a closing quote
  while (c === 32 || c === 9) c = text.charCodeAt(++i)
  return c === 58
}
// `kind:` then a block scalar's header: the value is on the next lines.
const KIND_BLOCK_VALUE = /kind["']?[ \t]*:[ \t]*[|>]/y
// How far before a `kind` key its anchor or tag may stand on the line.
const DECORATION_WINDOW = 256

/** True when an anchor (`&`) or a tag (`!`) stands before the `kind` key at `at` on its line, after `from`. */
function decoratedKey(text: string, at: number, from: number): boolean {
  let i = at - 1
  if (text.charAt(i) === '"' || text.charAt(i) === "'") i--
  if (text.charAt(i) !== ' ' && text.charAt(i) !== '\t') return false
  for (const stop = Math.max(from, at - DECORATION_WINDOW); i >= stop; i--) {
    const c = text.charAt(i)
    if (c === '\n' || c === '\r' || c === '{' || c === ',') return false
    if (c === '&' || c === '!') return true
  }
  return false
}

/** True when some `kind` key has an anchor or tag before it, or a block scalar as its value. */
function oddKindKey(text: string): boolean {
  let from = 0
  for (let at = text.indexOf('kind'); at >= 0; at = text.indexOf('kind', at + 4)) {
    KIND_BLOCK_VALUE.lastIndex = at
    // The walk back stops at the previous `kind`: each character is walked once.
    if (kindColonAt(text, at) && (KIND_BLOCK_VALUE.test(text) || decoratedKey(text, at, from))) return true
    from = at + 4
  }
  return false
}

// An alias as a mapping key (`*k : Secret`, `- *k: Secret`, `{*k : Secret}`): what it names may be
// `kind`, when its value may be `Secret` — written so, escaped, tagged, anchored, an alias, a block
// scalar or on the next line. (`*NOTE: Pay attention…` in a CRD's description is none of these.)
// Tried at each `*` that opens a line or follows `{`/`,` (blanks, `?` and `-` between); a regex tried
// at every position of the text was a few % of a scan.
const ALIAS_KEY = /\*[^\s,[\]{}:]+[ \t]*:(?:[ \t]+(?:["']?S|"[^"\n]{0,40}\\|[*!&|>#])|[ \t]*$)/my

/** `[ \t?-]` by character code: what may stand between a line's start (or `{`, `,`) and an alias key. */
function beforeAliasKey(code: number): boolean {
  return code === 32 || code === 9 || code === 63 || code === 45
}

/** A line break for `^` of a multiline regex, `{` or `,`: what an alias key may follow. */
function opensAliasKey(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || code === 123 || code === 44
}

/**
 * True when an alias key (see ALIAS_KEY) stands in `text`. Each `*` walks back over the blanks,
 * `?` and `-` before it only (runs that no other `*` shares), and the regex runs from the `*`s
 * at a line's start, whose names end before the next such `*`: linear.
 */
function aliasKey(text: string): boolean {
  for (let at = text.indexOf('*'); at >= 0; at = text.indexOf('*', at + 1)) {
    let i = at - 1
    while (i >= 0 && beforeAliasKey(text.charCodeAt(i))) i--
    if (i >= 0 && !opensAliasKey(text.charCodeAt(i))) continue
    ALIAS_KEY.lastIndex = at
    if (ALIAS_KEY.test(text)) return true
  }
  return false
}

// How far a quoted key with an escape may run from its backslash to its closing quote.
const ESCAPED_KEY_WINDOW = 64

/** True when a backslash stands in a double-quoted key (`"\u006bind": …`): an escape only a parser decodes. */
function escapedKey(text: string): boolean {
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 2)) {
    // Forward to the closing quote (escapes skipped), then `:` after blanks.
    let i = at
    const end = Math.min(text.length, at + ESCAPED_KEY_WINDOW)
    while (i < end && text.charAt(i) !== '"' && text.charAt(i) !== '\n') i += text.charAt(i) === '\\' ? 2 : 1
    if (text.charAt(i) !== '"') continue
    i++
    while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++
    if (text.charAt(i) === ':') return true
  }
  return false
}

/**
 * True when `text` holds a `kind` key spelt so that only a parse can tell its value (see the
 * module comment); `kind:` followed by a line break, a tag, an anchor, an alias or a quoted escape
 * is structured.ts's own test. `kinds`: false when the text is known to hold no `kind` (its
 * keyword pass found none), so only escaped keys and aliases can spell one.
 */
export function kindKeyNeedsParse(text: string, kinds = true): boolean {
  return (kinds && oddKindKey(text)) || aliasKey(text) || (text.includes('\\') && escapedKey(text))
}
