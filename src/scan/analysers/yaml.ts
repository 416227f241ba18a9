/**
 * The YAML (and JSON, which YAML reads too) view analysers share: documents parsed once per file,
 * plus small helpers to walk maps by key and to find where a scalar's text sits in the source.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml'
import type { Document, Node, Pair, Scalar } from 'yaml'

/** Analysers stop descending past this depth (a deep document is not a manifest, and recursion must end). */
export const MAX_DEPTH = 64

/** Deepest flow nesting, indentation and `- - -` run allowed before parsing is skipped. */
const MAX_NESTING = 256

/**
 * A linear pre-check: true when the text nests deeper than any manifest does (the YAML parser's
 * memory grows with depth, so such input is left to the text rules).
 */
export function tooDeep(text: string): boolean {
  let flow = 0
  let lineStart = true
  let indent = 0
  let dashes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) {
      lineStart = true
      indent = 0
      dashes = 0
      continue
    }
    if (c === 91 || c === 123) {
      if (++flow > MAX_NESTING) return true
    } else if (c === 93 || c === 125) {
      if (flow > 0) flow--
    }
    if (lineStart) {
      if (c === 32) {
        if (++indent > MAX_NESTING * 2) return true
      } else if ((c === 45 || c === 63 || c === 58) && text.charCodeAt(i + 1) === 32) {
        if (++dashes > MAX_NESTING) return true
        i++
      } else lineStart = false
    }
  }
  return false
}

/** Parse every document; documents with errors are dropped. Never throws (deep input → no documents). */
export function parseYamlDocuments(text: string): Document.Parsed[] {
  if (tooDeep(text)) return []
  try {
    return parseAllDocuments(text, {
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      stringKeys: false,
    }).filter((doc): doc is Document.Parsed => !Array.isArray(doc) && doc.errors.length === 0)
  } catch {
    return []
  }
}

/** The value node under `key` in a map (first match), if any. */
export function getNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key)
      return (pair.value ?? undefined) as Node | undefined
  }
  return undefined
}

/** The string value of a scalar under `key`, if any. */
export function getString(map: unknown, key: string): string | undefined {
  const node = getNode(map, key)
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined
}

/** Pairs of a map whose key is a scalar, with the key as a string. */
export function* entries(map: unknown): Generator<{ key: string; pair: Pair; value: unknown }> {
  if (!isMap(map)) return
  for (const pair of map.items) {
    if (isScalar(pair.key)) yield { key: String(pair.key.value), pair, value: pair.value }
  }
}

/** Items of a sequence (empty for anything else). */
export function items(seq: unknown): unknown[] {
  return isSeq(seq) ? seq.items : []
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
