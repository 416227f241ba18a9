/**
 * A fast path past the YAML library for the shapes big manifests have: block mappings of one-line
 * entries (a Secret's `data:` with 10,000 keys), and a document that is one flow collection (a
 * minified JSON Secret). The `yaml` library parses such text at under 1 MB/s (a token, a CST node
 * and a composed node per key, and the GC that follows) — and crafted files choose what is slowest
 * for it; this reads them line by line into the same nodes, with the same scalar types (the
 * library's own core-schema tags resolve each value) and the same ranges. Entries are what
 * entry-line.ts reads: plain or quoted keys; plain, quoted, alias or one-line flow values, with
 * anchors. Anything else — sequences, tags, comments after a value, block scalars, multi-line
 * values, odd indentation — returns undefined and goes to the library, so the fast path can only agree.
 */
import { Document } from 'yaml'
import type { Pair, Scalar, YAMLMap } from 'yaml'
import { entryLine } from './entry-line.js'
import { readFlowCollection } from './flow-yaml.js'
import { mapNode, pairNode } from './light-nodes.js'
import { plainScalar } from './plain-scalar.js'

export { plainScalar }

// `key:` or `key: value`, plain key and value. The value must not start with an indicator
// (quotes, anchors, tags, flow, block scalars, `- `/`? `/`: ` entries, `%`, `@`, backtick) and must
// not hold `: ` (a mapping), ` #` (a comment) or a tab; trailing spaces are allowed (keyLine drops
// them). The value is taken greedily to the end of the line: a lazy value before ` *$` retried the
// spaces after every position, quadratic in a line of spaces (40,000 of them took 3 s).
const KEY_LINE = /^( *)([A-Za-z0-9_][A-Za-z0-9_./-]*):(?:( +)([^\s!"#%&'*,:>?@[\]`{|}-][^\t\n\r]*)?)?$/

/** A `key:` / `key: value` line with a plain key and a plain one-line value (or none). */
export interface KeyLine {
  indent: number
  key: string
  /** Spaces between the `:` and the value. */
  gap: number
  value?: string
}

/**
 * `line` read as a key line of a block mapping with a plain value (see KEY_LINE), or undefined
 * when it is anything else (quotes, flow, anchors, tags, comments, `: ` in the value…).
 */
export function keyLine(line: string): KeyLine | undefined {
  const match = KEY_LINE.exec(line)
  if (match === null) return undefined
  const padded = match[4]
  let end = padded?.length ?? 0
  while (end > 0 && padded?.charCodeAt(end - 1) === 32) end--
  const value = padded?.slice(0, end)
  if (value !== undefined && (value.includes(': ') || value.includes(' #') || value.endsWith(':')))
    return undefined
  const indent = (match[1] as string).length
  const key = match[2] as string
  return value === undefined
    ? { indent, key, gap: 0 }
    : { indent, key, gap: (match[3] as string).length, value }
}

interface Open {
  indent: number
  map: YAMLMap
}

/** A document of `contents` spanning `text` to `end`. */
function documentOf(contents: unknown, end: number, text: string): Document.Parsed {
  const doc = new Document() as Document.Parsed
  // The same nodes the library composes, built by hand: typed as parsed nodes.
  doc.contents = contents as Document.Parsed['contents']
  doc.range = [0, end, text.length]
  return doc
}

/** The document of `text` when it is one flow collection from `at` (then only whitespace); else undefined. */
function flowDocument(text: string, at: number): Document.Parsed | undefined {
  const flow = readFlowCollection(text, at, true)
  if (flow === undefined || text.slice(flow.end).trim() !== '' || text.includes('\r')) return undefined
  return documentOf(flow.node, text.length, text)
}

/**
 * The document of `text` when it is only block mappings of one-line entries (full-line comments
 * and blank lines allowed, a `---` first line too), or one flow collection; undefined otherwise.
 */
export function parseSimpleDocument(text: string): Document.Parsed | undefined {
  const root = mapNode([0, 0, 0])
  const stack: Open[] = []
  // A `key:` without a value: a nested mapping if deeper lines follow, else null.
  let pending: { pair: Pair; indent: number; end: number; anchor: string | undefined } | undefined
  let contentStart = -1
  let contentEnd = 0
  let at = 0
  let first = true
  const closeTo = (indent: number, end: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1] as Open).indent > indent) {
      const done = stack.pop() as Open
      ;(done.map.range as [number, number, number])[1] = end
      ;(done.map.range as [number, number, number])[2] = end
    }
  }
  while (at < text.length) {
    let newline = text.indexOf('\n', at)
    if (newline < 0) newline = text.length
    const line = text.slice(at, newline)
    const next = Math.min(newline + 1, text.length)
    const trimmed = line.trimStart()
    if (trimmed === '' || trimmed.startsWith('#')) {
      // Blank lines and comments: only if nothing else is on them (`\r` would need care: go slow).
      if (line.includes('\r') || (trimmed === '' && line.length > 0 && line.trim() !== '')) return undefined
      // The library stretches a null's range over a comment after it, and a value's over an
      // indented comment after it (`a: x\n  # c`): leave those to the library.
      if (trimmed !== '' && (pending !== undefined || trimmed.length !== line.length)) return undefined
      at = next
      continue
    }
    if (first && line === '---' && contentStart < 0) {
      at = next
      first = false
      continue
    }
    first = false
    if (contentStart < 0 && (line.startsWith('{') || line.startsWith('['))) return flowDocument(text, at)
    if (line.includes('\r') || line.includes('\t')) return undefined
    const read = entryLine(text, at, newline, next)
    if (read === undefined) return undefined
    const { indent } = read
    if (contentStart < 0) {
      if (indent !== 0) return undefined
      contentStart = at
      root.range = [at, at, at]
      stack.push({ indent: 0, map: root })
    }
    if (pending !== undefined) {
      if (indent > pending.indent) {
        const map = mapNode([at + indent, at + indent, at + indent])
        if (pending.anchor !== undefined) map.anchor = pending.anchor
        pending.pair.value = map
        stack.push({ indent, map })
      } else if (pending.anchor !== undefined) {
        // An anchored null (`key: &a`): where the library puts it is its business.
        return undefined
      } else {
        pending.pair.value = plainNull(pending.end)
      }
      pending = undefined
    }
    closeTo(indent, contentEnd)
    const top = stack[stack.length - 1]
    if (top === undefined || top.indent !== indent) return undefined
    const pair = pairNode(read.key)
    top.map.items.push(pair)
    if (read.value === undefined) {
      pending = { pair, indent, end: newline, anchor: read.anchor }
      contentEnd = newline
    } else {
      pair.value = read.value
      contentEnd = next
    }
    at = next
  }
  if (contentStart < 0) return undefined
  if (pending !== undefined) {
    if (pending.anchor !== undefined) return undefined
    pending.pair.value = plainNull(pending.end)
  }
  closeTo(-1, contentEnd)
  return documentOf(root, contentEnd, text)
}

/** The null of `key:` with nothing after it, where the library puts it: the end of its line. */
function plainNull(at: number): Scalar {
  return plainScalar('', at, at, at)
}
