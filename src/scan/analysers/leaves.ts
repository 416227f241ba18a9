/**
 * The leaves of a structured file as SOPS sees them: the path of keys (sequence indices are not part
 * of it) and where the value is. YAML/JSON from parsed documents; dotenv and INI from lines.
 */
import type { Document } from 'yaml'
import { MAX_DEPTH, entries, isMap, isScalar, isSeq, items, scalarSpan } from './yaml.js'

/** A leaf value and its position. */
export interface Leaf {
  path: string[]
  value: string
  start: number
  end: number
  /** A YAML local tag on the value (`!env_var`, `!secret`): the application resolves it. */
  tag?: string
  /** A YAML block scalar's text (`|`, `>`), its header and indentation gone: what the value holds. */
  block?: string
}

const BLOCK_SCALAR = new Set(['BLOCK_LITERAL', 'BLOCK_FOLDED'])

function* walk(text: string, node: unknown, path: string[], depth: number): Generator<Leaf> {
  if (depth > MAX_DEPTH) return
  if (isMap(node)) {
    for (const { key, value } of entries(node)) {
      if (depth === 0 && key === 'sops') continue
      yield* walk(text, value, [...path, key], depth + 1)
    }
  } else if (isSeq(node)) {
    for (const item of items(node)) yield* walk(text, item, path, depth + 1)
  } else if (isScalar(node) && node.value !== null) {
    const span = scalarSpan(text, node)
    const tag = node.tag?.startsWith('!') === true ? { tag: node.tag } : {}
    const block =
      BLOCK_SCALAR.has(node.type ?? '') && typeof node.value === 'string' ? { block: node.value } : {}
    if (span)
      yield {
        path,
        value: text.slice(span.start, span.end),
        start: span.start,
        end: span.end,
        ...tag,
        ...block,
      }
  }
}

/** Leaves of every document, skipping each document's top-level `sops` metadata. */
export function* documentLeaves(text: string, docs: readonly Document.Parsed[]): Generator<Leaf> {
  for (const doc of docs) yield* walk(text, doc.contents, [], 0)
}

/** `KEY=value` lines of a dotenv file (comments and `sops_` metadata skipped). */
export function* dotenvLeaves(text: string): Generator<Leaf> {
  let offset = 0
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=')
    const trimmed = line.trimStart()
    if (eq > 0 && !trimmed.startsWith('#') && !line.startsWith('sops_')) {
      const key = line.slice(0, eq).replace(/^export\s+/, '')
      const value = line.slice(eq + 1).replace(/\r$/, '')
      yield { path: [key], value, start: offset + eq + 1, end: offset + eq + 1 + value.length }
    }
    offset += line.length + 1
  }
}

/** `key = value` lines of an INI file with their section (the `[sops]` section skipped). */
export function* iniLeaves(text: string): Generator<Leaf> {
  let offset = 0
  let section = 'DEFAULT'
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    const header = /^\[([^\]]*)\]/.exec(trimmed)
    if (header) section = header[1] ?? ''
    else if (section !== 'sops' && !trimmed.startsWith('#') && !trimmed.startsWith(';')) {
      const eq = line.indexOf('=')
      if (eq > 0) {
        const key = line.slice(0, eq).trim()
        const raw = line.slice(eq + 1)
        const value = raw.trim()
        const start = offset + eq + 1 + (raw.length - raw.trimStart().length)
        yield { path: [section, key], value, start, end: start + value.length }
      }
    }
    offset += line.length + 1
  }
}
