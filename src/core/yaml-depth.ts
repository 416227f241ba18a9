/**
 * How deep a YAML text nests, measured before the `yaml` library sees it: the library recurses once
 * per level, and near the stack limit V8 aborts the whole process (a fatal "RegExpCompiler
 * Allocation failed" that no catch stops) instead of throwing.
 */

/** Deepest flow nesting, indentation and `- - -` run allowed before the `yaml` library parses a text. */
export const MAX_YAML_NESTING = 256

/** What gitseal says of a text {@link yamlTooDeep} refuses (the words yaml-error.ts uses for a stack overflow). */
export const TOO_DEEP_TEXT = `nested too deeply to read (more than ${MAX_YAML_NESTING} levels)`

/** True for the characters after which `"` or `'` opens a quoted scalar (a token boundary). */
function quoteMayOpen(previous: number): boolean {
  // space, tab, `,` `:` `[` `{`, `-` `?` (compact entries)
  return (
    previous === 32 ||
    previous === 9 ||
    previous === 44 ||
    previous === 58 ||
    previous === 91 ||
    previous === 123
  )
}

/** The index just past the quoted scalar opening at `i` on its line (the line's end when it stays open). */
function skipQuoted(text: string, i: number): number {
  const quote = text.charCodeAt(i)
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j)
    if (c === 10) return j
    if (quote === 34 && c === 92) j++
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(j + 1) === 39) j++
      else return j + 1
    }
  }
  return text.length
}

/**
 * A linear pre-check: true when the text nests deeper than any manifest does. The YAML parser
 * recurses and its memory grows with depth, so such input must not reach it (the scanner then
 * reports the file as not fully scanned; commands refuse it naming the file). Depth is what the parser would build: open flow brackets, the
 * block indentation levels (a stack of distinct indents, not the number of spaces), the compact
 * `- - -` / `? ` / `: ` entries of a line, and every further `key: ` on a line — the parser nests
 * `"a": "b", "a": "b", …` on one line a map deeper per pair (an error, but only after building
 * it, recursively: 13,000 pairs exhausted the stack, and V8 aborts the process when a regex is
 * compiled that deep). In a flow collection a `,` ends an entry, so only the `: ` since the last
 * one count there. Comments and quoted scalars do not count.
 */
export function yamlTooDeep(text: string): boolean {
  const scan = new NestingScan(text)
  while (scan.i < text.length) {
    const base = lineStartDepth(scan)
    if (base > MAX_YAML_NESTING || restOfLineTooDeep(scan, base)) return true
    scan.i++
  }
  return false
}

/** The state {@link yamlTooDeep} carries across lines: one object per text, so the per-line helpers allocate nothing. */
class NestingScan {
  /** Offset of the next character to read. */
  i = 0
  /** Open flow brackets. */
  flow = 0
  /** Per open flow level, the `: ` of the entry it opened in. */
  readonly flowColons: number[] = []
  /** The sum of {@link flowColons}. */
  outerColons = 0
  /** The `: ` of the innermost flow entry. */
  entryColons = 0
  /** The distinct block indents open, outermost first. */
  readonly indents: number[] = []
  constructor(readonly text: string) {}
}

/** Depth at a line's first content (consumed): its block indentation level outside flow collections, plus its compact entries. */
function lineStartDepth(scan: NestingScan): number {
  const { text } = scan
  let indent = 0
  while (text.charCodeAt(scan.i) === 32) {
    indent++
    scan.i++
  }
  const compact = skipCompactEntries(scan)
  const c0 = text.charCodeAt(scan.i)
  const blank = c0 === 10 || c0 === 13 || c0 === 35 || Number.isNaN(c0)
  if (scan.flow === 0 && (!blank || compact > 0)) {
    const { indents } = scan
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop()
    indents.push(indent)
  }
  return (scan.flow === 0 ? scan.indents.length : 0) + compact
}

/** The number of compact `- ` / `? ` / `: ` entries at the offset (consumed): each nests the next. */
function skipCompactEntries(scan: NestingScan): number {
  const { text } = scan
  let compact = 0
  while (
    (text.charCodeAt(scan.i) === 45 || text.charCodeAt(scan.i) === 63 || text.charCodeAt(scan.i) === 58) &&
    (text.charCodeAt(scan.i + 1) === 32 || text.charCodeAt(scan.i + 1) === 9)
  ) {
    compact++
    scan.i += 2
    while (text.charCodeAt(scan.i) === 32) scan.i++
  }
  return compact
}

/**
 * True when the rest of the line (consumed up to its newline) goes deeper than allowed: flow
 * brackets, and `key: ` entries outside comments and quoted scalars (outside flow collections
 * each nests the next on the line, so they count from `base`).
 */
function restOfLineTooDeep(scan: NestingScan, base: number): boolean {
  const { text } = scan
  let lineColons = 0
  let previous = 32
  let i = scan.i
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) break
    if (c === 35 && (previous === 32 || previous === 9)) {
      const newline = text.indexOf('\n', i)
      i = newline < 0 ? text.length : newline
      break
    }
    if ((c === 34 || c === 39) && quoteMayOpen(previous)) {
      i = skipQuoted(text, i) - 1
      previous = c
      continue
    }
    if (c === 91 || c === 123) {
      if (openFlow(scan)) return true
    } else if (c === 93 || c === 125) closeFlow(scan)
    else if (c === 44 && scan.flow > 0) scan.entryColons = 0
    else if (c === 58 && endsKey(text.charCodeAt(i + 1))) {
      if (scan.flow > 0) scan.entryColons++
      else lineColons++
      if (base + lineColons + scan.flow + scan.outerColons + scan.entryColons > MAX_YAML_NESTING) return true
    }
    previous = c
  }
  scan.i = i
  return false
}

/** True when a `:` followed by this character is a mapping indicator, not part of a plain scalar. */
function endsKey(next: number): boolean {
  return next === 32 || next === 9 || next === 10 || next === 13 || Number.isNaN(next)
}

/** Opens a flow collection, setting aside the current entry's `: `; true when that is too deep. */
function openFlow(scan: NestingScan): boolean {
  if (++scan.flow > MAX_YAML_NESTING) return true
  scan.flowColons.push(scan.entryColons)
  scan.outerColons += scan.entryColons
  scan.entryColons = 0
  return false
}

/** Closes the innermost flow collection (a stray closer is ignored), restoring its entry's `: `. */
function closeFlow(scan: NestingScan): void {
  if (scan.flow === 0) return
  scan.flow--
  scan.entryColons = scan.flowColons.pop() ?? 0
  scan.outerColons -= scan.entryColons
}
