/**
 * The YAML (and JSON, which YAML reads too) view analysers share: documents parsed once per file,
 * plus small helpers to walk maps by key and to find where a scalar's text sits in the source.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml'
import type { Document, Node, Pair, Scalar } from 'yaml'
import { withoutStackTraces } from '../../core/stackless.js'
import { mergedPairs, resolveAlias, resolveAliases } from './aliases.js'
import { parseSimpleDocument } from './simple-yaml.js'
import { parseSopsDocument } from './sops-yaml.js'

/** Analysers stop descending past this depth (a deep document is not a manifest, and recursion must end). */
export const MAX_DEPTH = 64

/** Deepest flow nesting, indentation and `- - -` run allowed before parsing is skipped. */
const MAX_NESTING = 256

/**
 * A linear pre-check: true when the text nests deeper than any manifest does (the YAML parser's
 * memory grows with depth, so such input is not parsed; the engine then reports the file as not
 * fully scanned). Depth is what the parser would build: open flow brackets, plus the block
 * indentation levels (a stack of distinct indents, not the number of spaces) and the compact
 * `- - -` / `? ` / `: ` entries of a line. Comments do not count.
 */
function tooDeep(text: string): boolean {
  let flow = 0
  const indents: number[] = []
  let i = 0
  while (i < text.length) {
    // Line start: indentation, then compact entries.
    let indent = 0
    while (text.charCodeAt(i) === 32) {
      indent++
      i++
    }
    let compact = 0
    while (
      (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 63 || text.charCodeAt(i) === 58) &&
      (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)
    ) {
      compact++
      i += 2
      while (text.charCodeAt(i) === 32) i++
    }
    const c0 = text.charCodeAt(i)
    const blank = c0 === 10 || c0 === 13 || c0 === 35 || Number.isNaN(c0)
    if (flow === 0 && (!blank || compact > 0)) {
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop()
      indents.push(indent)
      if (indents.length + compact > MAX_NESTING) return true
    }
    // Rest of the line: flow brackets outside comments.
    let previous = 32
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) break
      if (c === 35 && (previous === 32 || previous === 9)) {
        const newline = text.indexOf('\n', i)
        i = newline < 0 ? text.length : newline
        break
      }
      if (c === 91 || c === 123) {
        if (++flow > MAX_NESTING) return true
      } else if (c === 93 || c === 125) {
        if (flow > 0) flow--
      }
      previous = c
    }
    i++
  }
  return false
}

// A line holding only a Jinja/Liquid statement (`{% raw %}` around a docs snippet): not YAML.
const TEMPLATE_TAG_LINE = /^[ \t]*\{%[^\n]{0,200}?%\}[ \t]*$/gm

/** `text` with template-statement lines blanked, keeping every offset. */
function withoutTemplateTagLines(text: string): string {
  if (!text.includes('{%')) return text
  return text.replace(TEMPLATE_TAG_LINE, (line) => ' '.repeat(line.length))
}

/**
 * Parse every document; documents with errors are dropped. Never throws (deep input → no
 * documents). When `problems` is given, what kept part of the text from being parsed is added
 * to it (nesting too deep, a document that looks like a Kubernetes manifest but does not parse),
 * so the engine can report the file as not fully scanned instead of passing it.
 */
export function parseYamlDocuments(source: string, problems?: string[]): Document.Parsed[] {
  const text = withoutTemplateTagLines(source)
  // Big Secrets are mostly `key: value` lines, and sops writes such a document plus its metadata:
  // read those without the library (the same nodes the analysers read, 10× faster).
  const simple = parseSopsDocument(text) ?? parseSimpleDocument(text)
  if (simple !== undefined) return [simple]
  if (tooDeep(text)) {
    problems?.push(`YAML nested deeper than ${MAX_NESTING} levels was not parsed`)
    return []
  }
  try {
    const docs = withoutStackTraces(() =>
      parseAllDocuments(text, {
        uniqueKeys: false,
        strict: false,
        prettyErrors: false,
        stringKeys: false,
      }),
    )
    const all = Array.isArray(docs) ? docs : [docs]
    const out: Document.Parsed[] = []
    for (const doc of all) {
      const aliases = doc.errors.length === 0 ? resolveAliases(doc) : undefined
      if (aliases === 'too-far') {
        // Fail closed and stay linear: a "billion laughs" document is not walked.
        problems?.push('YAML aliases expand too far (or into themselves) to be read')
        continue
      }
      if (doc.errors.length === 0) out.push(doc)
      if (doc.errors.length === 0 && aliases === undefined) continue
      // Helm templates (`{{ }}`) are not manifests yet; anything else naming a kind would be
      // applied by kubectl after templating fails nowhere, so it must not pass unread (nor one
      // with an alias to no anchor: what it names is unknown, and Kubernetes refuses it).
      const [from, , to] = doc.range
      const source = text.slice(from, to)
      if (problems !== undefined && /\bkind\b/.test(source) && !source.includes('{{')) {
        problems.push('a YAML/JSON document that looks like a Kubernetes manifest does not parse')
      }
    }
    return out
  } catch {
    problems?.push('the YAML parser failed')
    return []
  }
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
  for (const pair of mergedPairs(map)) {
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
