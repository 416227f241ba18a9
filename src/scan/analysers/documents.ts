/**
 * Parsing only the YAML documents that can hold a secret. A multi-document file is split at its
 * `---` lines (a linear walk over line starts, no parse), each document is judged on its own text
 * as if it were a file of its own, and only the chosen ones go through the YAML parser; their node
 * ranges are moved back to offsets in the whole file, so analysers see the same positions.
 */
import { isMap, isPair, isSeq } from 'yaml'
import type { Document } from 'yaml'
import { mayHaveSopsKey, splitDocuments } from '../../core/document-text.js'
import { FLAT, shiftFlat } from './flat-map.js'
import type { MaybeFlat } from './flat-map.js'
import { moveLightRange } from './light-nodes.js'
import { parseYamlDocuments } from './yaml.js'

/**
 * Move every node range of `doc` by `offset` characters: a walk of its collections and pairs with a
 * stack of its own (the library's `visit`, with a set of the nodes moved, took a third of the time
 * a file of 30,000 small Secrets did). A parsed document is a tree: no node is reached twice.
 */
export function shift(doc: Document.Parsed, offset: number): void {
  const pending: unknown[] = [doc.contents]
  while (pending.length > 0) {
    const node = pending.pop()
    if (node === null || typeof node !== 'object') continue
    if (isPair(node)) {
      pending.push(node.key, node.value)
      continue
    }
    // A map kept as offsets is moved without building its pairs.
    if ((node as MaybeFlat)?.[FLAT] === true && shiftFlat(node, offset, pending)) continue
    // The fast path's nodes in place; the library's by their range arrays.
    const range = moveLightRange(node, offset)
      ? undefined
      : (node as { range?: [number, number, number] | null }).range
    if (range !== null && range !== undefined)
      (node as { range: [number, number, number] }).range = [
        range[0] + offset,
        range[1] + offset,
        range[2] + offset,
      ]
    if (isMap(node) || isSeq(node)) for (const item of node.items) pending.push(item)
  }
}

/** Why a wanted document over the parse limit was not read (a `scan-incomplete` reason). */
export function overLimitProblem(limit: number): string {
  return `a YAML document larger than ${limit / 1024 / 1024} MiB that may hold a secret: checked by the text rules only`
}

/**
 * Parse the documents of `text` that `wanted` accepts (judged on each document's own text), with
 * ranges in `text`, each as it is asked for: a reader that drops each document once read never
 * holds them all. A single-document text is parsed whole when wanted. Parse problems of wanted
 * documents go to `problems`; so does a wanted document longer than `limit`, which is not parsed
 * (fail closed: the parser's time and memory stay bounded per document).
 */
export function* eachWantedDocument(
  text: string,
  wanted: (doc: string) => boolean,
  problems?: string[],
  limit = Infinity,
): Generator<Document.Parsed> {
  const bounds = splitDocuments(text)
  if (bounds === undefined) {
    if (!wanted(text)) return
    if (text.length > limit) problems?.push(overLimitProblem(limit))
    else yield* parseYamlDocuments(text, problems)
    return
  }
  for (const [start, end] of bounds) {
    const part = text.slice(start, end)
    if (!wanted(part)) continue
    if (part.length > limit) {
      problems?.push(overLimitProblem(limit))
      continue
    }
    for (const doc of parseYamlDocuments(part, problems)) {
      if (start > 0) shift(doc, start)
      yield doc
    }
  }
}

/** {@link eachWantedDocument}, all at once. */
export function parseWantedDocuments(
  text: string,
  wanted: (doc: string) => boolean,
  problems?: string[],
): Document.Parsed[] {
  return [...eachWantedDocument(text, wanted, problems)]
}

/**
 * A file's documents, parsed as they are read; for a multi-document file, also a way to parse only
 * the documents that may hold SOPS metadata, so the metadata that covers every document is known
 * before the first is judged and none needs keeping.
 */
export interface DocumentStream extends Iterable<Document.Parsed> {
  /** The documents whose text may hold a `sops` key, each parsed afresh and dropped once read (no problems noted: the main read notes them). */
  sopsCandidates?: () => Iterable<Document.Parsed>
}

/** Every document of `text` (see {@link eachWantedDocument}, `limit` per document), as a {@link DocumentStream}. */
export function everyDocument(text: string, problems?: string[], limit = Infinity): DocumentStream {
  const docs = eachWantedDocument(text, () => true, problems, limit)
  if (splitDocuments(text) === undefined) return docs
  return {
    [Symbol.iterator]: () => docs,
    sopsCandidates: () => eachWantedDocument(text, mayHaveSopsKey, undefined, limit),
  }
}
