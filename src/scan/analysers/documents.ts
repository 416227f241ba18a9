/**
 * Parsing only the YAML documents that can hold a secret. A multi-document file is split at its
 * `---` lines (a linear walk over line starts, no parse), each document is judged on its own text
 * as if it were a file of its own, and only the chosen ones go through the YAML parser; their node
 * ranges are moved back to offsets in the whole file, so analysers see the same positions.
 */
import { visit } from 'yaml'
import type { Document } from 'yaml'
import { parseYamlDocuments } from './yaml.js'

/**
 * `[start, end)` of each document of a YAML stream, split at lines starting with `---`; undefined
 * when the text has directives (`%`) or end markers (`...`), whose meaning spans documents, or
 * holds a single document.
 */
export function splitDocuments(text: string): [number, number][] | undefined {
  const bounds: [number, number][] = []
  let start = 0
  for (let at = 0; at < text.length;) {
    const c = text.charCodeAt(at)
    if (c === 37) return undefined // `%` directive
    if ((c === 45 || c === 46) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
      const after = text.charCodeAt(at + 3)
      if (Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13) {
        if (c === 46) return undefined // `...` end marker
        if (at > start) bounds.push([start, at])
        start = at
      }
    }
    const newline = text.indexOf('\n', at)
    if (newline < 0) break
    at = newline + 1
  }
  bounds.push([start, text.length])
  return bounds.length > 1 ? bounds : undefined
}

/** Move every node range of `doc` by `offset` characters. */
function shift(doc: Document.Parsed, offset: number): void {
  const moved = new WeakSet<object>()
  visit(doc, {
    Node(_key, node) {
      const range = node.range
      if (range === null || range === undefined || moved.has(node)) return
      moved.add(node)
      node.range = [range[0] + offset, range[1] + offset, range[2] + offset]
    },
  })
}

/**
 * Parse the documents of `text` that `wanted` accepts (judged on each document's own text), with
 * ranges in `text`. A single-document text is parsed whole when wanted.
 */
export function parseWantedDocuments(text: string, wanted: (doc: string) => boolean): Document.Parsed[] {
  const bounds = splitDocuments(text)
  if (bounds === undefined) return wanted(text) ? parseYamlDocuments(text) : []
  const out: Document.Parsed[] = []
  for (const [start, end] of bounds) {
    const part = text.slice(start, end)
    if (!wanted(part)) continue
    for (const doc of parseYamlDocuments(part)) {
      if (start > 0) shift(doc, start)
      out.push(doc)
    }
  }
  return out
}
