/**
 * Where a `gitseal.yaml` rule's RE2 pattern can match, read from the pattern's text: a literal
 * every match holds, and whether a match can span lines. re2js runs at 1–4 MB/s on text it cannot
 * skip (a `(?i)` pattern has no literal prefix to jump to), so a rule whose matches stay on one
 * line and hold a literal runs only on the lines that hold that literal: the same matches, since
 * a line without the literal holds none and `\b` sees a newline or the text's edge alike.
 * The reading is conservative: anything not understood (alternation, `\Q`, classes that may hold a
 * newline, anchors, the `s` flag) gives no literal and the pattern runs on the whole text.
 */

/** A literal every match of a pattern holds, and whether matches stay on one line. */
export interface PatternShape {
  /** Lowercased when the pattern may fold case; at least 3 characters. */
  literal: string
  /** Case-insensitive (`(?i)` somewhere in the pattern). */
  folded: boolean
  /** True when no match can hold a newline, nor depend on `^`, `$`, `\A` or `\z`. */
  singleLine: boolean
}

/** Characters that stand for themselves outside a class in Go syntax (ASCII, no metacharacter). */
const LITERAL_CHAR = /[A-Za-z0-9_\-=:@,;%&<>!~#'"/ ]/
const QUANTIFIER = /[?*+{]/

/**
 * The escapes and constructs after which a match may hold a newline (or depend on line edges):
 * `\s`, `\S`, `\D`, `\W`, `\p`, `\P`, `\C`, `\n`, `\x…`, octal, `[^…]`, POSIX classes, `.` under
 * the `s` flag, anchors, and a literal newline. `\Q` quoting and alternation are not read at all.
 */
const MAY_CROSS_LINES = /\\[sSDWpPCnxAz0-7]|\[\^|\[:|[$^\n]|\(\?[a-zA-Z]*s/

/** True when a class body has a range whose low end is an escape or a control character: it could include `\n`. */
function lowRange(body: string): boolean {
  for (let i = 1; i < body.length; i++) {
    if (body.charAt(i) !== '-') continue
    if (body.charCodeAt(i - 1) < 32 || body.charAt(i - 2) === '\\') return true
  }
  return false
}

/** The shape of `pattern`, or undefined when it shows no literal of 3+ characters every match holds. */
export function patternShape(pattern: string): PatternShape | undefined {
  if (pattern.includes('\\Q')) return undefined
  let best = ''
  let run = ''
  let depth = 0
  let crossesLines = MAY_CROSS_LINES.test(pattern)
  const keep = (): void => {
    if (run.length > best.length) best = run
    run = ''
  }
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i)
    if (c === '\\') {
      keep()
      i++
      continue
    }
    if (c === '[') {
      keep()
      // To the class's end: `]` first in a class is a member; escapes skip a character.
      let j = i + 1
      if (pattern.charAt(j) === '^') j++
      if (pattern.charAt(j) === ']') j++
      while (j < pattern.length && pattern.charAt(j) !== ']') j += pattern.charAt(j) === '\\' ? 2 : 1
      if (lowRange(pattern.slice(i + 1, j))) crossesLines = true
      i = j
      continue
    }
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '|' && depth === 0) return undefined
    if (depth === 0 && LITERAL_CHAR.test(c)) {
      // A quantified character is optional or repeated: the run ends before it.
      if (QUANTIFIER.test(pattern.charAt(i + 1))) keep()
      else run += c
    } else keep()
  }
  keep()
  if (best.length < 3) return undefined
  const folded = /\(\?[a-zA-Z-]*i/.test(pattern)
  return { literal: folded ? best.toLowerCase() : best, folded, singleLine: !crossesLines }
}

// What a pattern may open with before its literal prefix: flag groups (`(?i)`) and `\b`.
const OPENING = /^(?:\(\?[a-zA-Z-]+\)|\\b)*/

/**
 * The literal every match of `pattern` starts with (3+ characters, lowercased when the pattern may
 * fold case), or undefined: its matches can start only where that literal occurs.
 */
export function literalPrefix(pattern: string): PatternShape | undefined {
  const shape = patternShape(pattern) // undefined for alternation at the top, `\Q`, no literal
  if (shape === undefined) return undefined
  let literal = ''
  for (let i = OPENING.exec(pattern)?.[0].length ?? 0; i < pattern.length; i++) {
    const c = pattern.charAt(i)
    if (!LITERAL_CHAR.test(c) || QUANTIFIER.test(pattern.charAt(i + 1))) break
    literal += c
  }
  if (literal.length < 3) return undefined
  return { ...shape, literal: shape.folded ? literal.toLowerCase() : literal }
}

/** Go's case folding of ASCII letters also takes in the Kelvin sign and the long s. */
const FOLDS: Record<string, string> = { k: 'kK\u212a', s: 'sS\u017f' }

/** A global JS regex finding `shape.literal` as RE2 would match it (case folded when it folds). */
export function literalSearch(shape: PatternShape): RegExp {
  const source = shape.literal.replace(/[\s\S]/g, (c) => {
    if (!shape.folded || !/[a-z]/.test(c)) return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
    return `[${FOLDS[c] ?? `${c}${c.toUpperCase()}`}]`
  })
  return new RegExp(source, 'g')
}

/**
 * The lines of `text` holding a match of `search` (a global regex), as [start, end) offsets
 * without the newline, in order.
 */
export function linesHolding(text: string, search: RegExp): [number, number][] {
  const out: [number, number][] = []
  search.lastIndex = 0
  let hit: RegExpExecArray | null
  while ((hit = search.exec(text)) !== null) {
    const start = text.lastIndexOf('\n', hit.index) + 1
    let end = text.indexOf('\n', hit.index)
    if (end < 0) end = text.length
    out.push([start, end])
    search.lastIndex = end
  }
  return out
}
