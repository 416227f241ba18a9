/**
 * The YAML (and JSON, which YAML reads too) view analysers share: documents parsed once per file,
 * plus small helpers to walk maps by key and to find where a scalar's text sits in the source.
 */
import { Composer, Parser, isMap, isScalar, isSeq } from 'yaml'
import type { Document, Node, Pair, Scalar } from 'yaml'
import { withoutStackTraces } from '../../core/stackless.js'
import { mergedPairs, pairsOf, resolveAlias, resolveAliases } from './aliases.js'
import { parseSimpleDocument } from './simple-yaml.js'
import { parseSopsDocument } from './sops-yaml.js'
import { everyDocumentBreaks } from './template-breaks.js'

/** Analysers stop descending past this depth (a deep document is not a manifest, and recursion must end). */
export const MAX_DEPTH = 64

/** Deepest flow nesting, indentation and `- - -` run allowed before parsing is skipped. */
const MAX_NESTING = 256

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
 * A linear pre-check: true when the text nests deeper than any manifest does (the YAML parser
 * recurses and its memory grows with depth, so such input is not parsed; the engine then reports
 * the file as not fully scanned). Depth is what the parser would build: open flow brackets, the
 * block indentation levels (a stack of distinct indents, not the number of spaces), the compact
 * `- - -` / `? ` / `: ` entries of a line, and every further `key: ` on a line — the parser nests
 * `"a": "b", "a": "b", …` on one line a map deeper per pair (an error, but only after building
 * it, recursively: 13,000 pairs exhausted the stack, and V8 aborts the process when a regex is
 * compiled that deep). In a flow collection a `,` ends an entry, so only the `: ` since the last
 * one count there. Comments and quoted scalars do not count.
 */
function tooDeep(text: string): boolean {
  const scan = new NestingScan(text)
  while (scan.i < text.length) {
    const base = lineStartDepth(scan)
    if (base > MAX_NESTING || restOfLineTooDeep(scan, base)) return true
    scan.i++
  }
  return false
}

/** The state {@link tooDeep} carries across lines: one object per text, so the per-line helpers allocate nothing. */
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
      if (base + lineColons + scan.flow + scan.outerColons + scan.entryColons > MAX_NESTING) return true
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
  if (++scan.flow > MAX_NESTING) return true
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

// A line holding only a Jinja/Liquid statement (`{% raw %}` around a docs snippet): not YAML.
const TEMPLATE_TAG_LINE = /^[ \t]*\{%[^\n]{0,200}?%\}[ \t]*$/gm

/** `text` with template-statement lines blanked, keeping every offset. */
function withoutTemplateTagLines(text: string): string {
  if (!text.includes('{%')) return text
  return text.replace(TEMPLATE_TAG_LINE, (line) => ' '.repeat(line.length))
}

/**
 * Helm templates (`{{ }}`) are not manifests yet; anything else naming a kind would be applied by
 * kubectl after templating fails nowhere, so it must not pass unread (nor one with an alias to no
 * anchor: what it names is unknown, and Kubernetes refuses it).
 */
function unreadManifest(doc: Document.Parsed, text: string, problems: string[] | undefined): void {
  const [from, , to] = doc.range
  const source = text.slice(from, to)
  if (problems !== undefined && /\bkind\b/.test(source) && !source.includes('{{')) {
    problems.push('a YAML/JSON document that looks like a Kubernetes manifest does not parse')
  }
}

/** True when the analysers may read `doc` (parsed without errors; aliases resolved); problems noted. */
function readable(doc: Document.Parsed, text: string, problems: string[] | undefined): boolean {
  if (doc.errors.length > 0) {
    unreadManifest(doc, text, problems)
    return false
  }
  // An alias needs a `*` in the text: without one, the walk has nothing to resolve.
  const aliases = text.includes('*') ? resolveAliases(doc) : undefined
  if (aliases === 'too-far') {
    // Fail closed and stay linear: a "billion laughs" document is not walked.
    problems?.push('YAML aliases expand too far (or into themselves) to be read')
    return false
  }
  if (aliases === 'unknown') unreadManifest(doc, text, problems)
  return true
}

/** The documents the `yaml` library parses from `text` (none when it fails). */
function parseWithLibrary(text: string, problems: string[] | undefined): Document.Parsed[] {
  try {
    return withoutStackTraces(() => {
      // parseAllDocuments' two steps, so a Helm template that cannot compose is dropped before composing.
      const tokens = [...new Parser().parse(text)]
      if (everyDocumentBreaks(tokens, text)) return []
      const options = { uniqueKeys: false, strict: false, prettyErrors: false, stringKeys: false }
      return [...new Composer(options).compose(tokens)] as Document.Parsed[]
    })
  } catch {
    problems?.push('the YAML parser failed')
    return []
  }
}

/**
 * Parse every document; documents with errors are dropped. Never throws (deep input → no
 * documents). When `problems` is given, what kept part of the text from being parsed is added
 * to it (nesting too deep, a document that looks like a Kubernetes manifest but does not parse),
 * so the engine can report the file as not fully scanned instead of passing it.
 */
export function parseYamlDocuments(source: string, problems?: string[]): Document.Parsed[] {
  const text = withoutTemplateTagLines(source)
  // Big Secrets are mostly `key: value` lines, and sops writes such a document plus its metadata;
  // minified JSON is one flow collection: read those without the library (the same nodes the
  // analysers read, 10× faster).
  const simple = parseSopsDocument(text) ?? parseSimpleDocument(text)
  if (simple !== undefined) return readable(simple, text, problems) ? [simple] : []
  if (tooDeep(text)) {
    problems?.push(`YAML nested deeper than ${MAX_NESTING} levels was not parsed`)
    return []
  }
  return parseWithLibrary(text, problems).filter((doc) => readable(doc, text, problems))
}

// Every accessor below reads a map or sequence as Kubernetes does: aliases resolved to the node
// they name, merge keys (`<<: *base`) expanded. A value reached through an alias keeps the anchored
// node's range, so a finding points at the text that holds the secret.

/** The value node under `key` in a map (first match, own keys before merged ones), if any. */
export function getNode(map: unknown, key: string): Node | undefined {
  for (const pair of mergedPairs(map)) {
    const name = resolveAlias(pair.key)
    if (isScalar(name) && String(name.value) === key)
      return (resolveAlias(pair.value) ?? undefined) as Node | undefined
  }
  return undefined
}

/** The string value of a scalar under `key`, if any. */
export function getString(map: unknown, key: string): string | undefined {
  const node = getNode(map, key)
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined
}

/** Pairs of a map whose key is a scalar, with the key as a string and the value resolved. */
export function* entries(map: unknown): Generator<{ key: string; pair: Pair; value: unknown }> {
  for (const pair of pairsOf(map)) {
    const name = resolveAlias(pair.key)
    if (isScalar(name)) yield { key: String(name.value), pair, value: resolveAlias(pair.value) }
  }
}

/** Items of a sequence, resolved (empty for anything else). */
export function items(seq: unknown): unknown[] {
  const node = resolveAlias(seq)
  return isSeq(node) ? node.items.map(resolveAlias) : []
}

/** Where the text of a scalar starts and ends in the source (inside quotes; first content line of a block). */
export function scalarSpan(text: string, node: Scalar): { start: number; end: number } | undefined {
  const range = node.range
  if (!range) return undefined
  let start = range[0]
  let end = range[1]
  const first = text.charAt(start)
  if (first === '"' || first === "'") {
    start++
    if (end > start && text.charAt(end - 1) === first) end--
  } else if (first === '|' || first === '>') {
    const newline = text.indexOf('\n', start)
    if (newline < 0 || newline >= end) return { start, end }
    start = newline + 1
    while (start < end && (text.charAt(start) === ' ' || text.charAt(start) === '\t')) start++
    const lineEnd = text.indexOf('\n', start)
    end = lineEnd < 0 || lineEnd > end ? end : lineEnd
  }
  return { start, end: Math.max(start, end) }
}

/** The source range `[start, end)` of a whole node, if known. */
export function nodeSpan(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] | null } | null)?.range
  return range ? [range[0], range[2]] : undefined
}

export { isMap, isScalar, isSeq }
export type { Document, Node, Pair, Scalar }
