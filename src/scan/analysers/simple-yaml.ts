/**
 * A fast path past the YAML library for the shape big manifests have: block mappings of plain keys
 * and plain one-line values (a Secret's `data:` with 10,000 keys). The `yaml` library parses such
 * text at under 1 MB/s (a token, a CST node and a composed node per key, and the GC that follows);
 * this reads it line by line into the same nodes, with the same scalar types (the library's own
 * core-schema tags resolve each value) and the same ranges. Anything else — flow collections,
 * sequences, quotes, anchors, tags, comments after a value, block scalars, multi-line plain values,
 * odd indentation — returns undefined and goes to the library, so the fast path can only agree.
 */
import { Document, Pair, Scalar, YAMLMap } from 'yaml'
import type { ScalarTag } from 'yaml'

// `key:` or `key: value`, plain key and value. The value must not start with an indicator
// (quotes, anchors, tags, flow, block scalars, `- `/`? `/`: ` entries, `%`, `@`, backtick) and must
// not hold `: ` (a mapping), ` #` (a comment) or a tab; trailing spaces are allowed (keyLine drops
// them). The value is taken greedily to the end of the line: a lazy value before ` *$` retried the
// spaces after every position, quadratic in a line of spaces (40,000 of them took 3 s).
const KEY_LINE = /^( *)([A-Za-z0-9_][A-Za-z0-9_./-]*):(?:( +)([^\s!"#%&'*,:>?@[\]`{|}-][^\t\n\r]*)?)?$/

const SCHEMA_TAGS = (new Document().schema.tags as ScalarTag[]).filter(
  (tag) => tag.default === true && tag.test !== undefined,
)

const MAYBE_NOT_STRING = /^(?:$|[-+.0-9~nNtTfF])/

/** A plain scalar as the library composes it (core schema); range `[start, end, nodeEnd]`. */
export function plainScalar(source: string, start: number, end: number, nodeEnd: number): Scalar {
  // Core-schema nulls, booleans and numbers start with one of these (or are empty): skip the tests.
  const tag = MAYBE_NOT_STRING.test(source)
    ? SCHEMA_TAGS.find((candidate) => candidate.test?.test(source))
    : undefined
  const resolved = tag === undefined ? source : tag.resolve(source, () => undefined, {})
  const scalar = resolved instanceof Scalar ? resolved : new Scalar(resolved)
  scalar.range = [start, end, nodeEnd]
  scalar.source = source
  scalar.type = 'PLAIN'
  if (tag?.format !== undefined) scalar.format = tag.format
  return scalar
}

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

/**
 * The document of `text` when it is only block mappings of plain keys and one-line plain values
 * (full-line comments and blank lines allowed, a `---` first line too); undefined otherwise.
 */
export function parseSimpleDocument(text: string): Document.Parsed | undefined {
  const root = new YAMLMap()
  const stack: Open[] = []
  // A `key:` without a value: a nested mapping if deeper lines follow, else null.
  let pending: { pair: Pair; indent: number; end: number } | undefined
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
    const read = keyLine(line)
    if (read === undefined) return undefined
    const { indent, key, value } = read
    if (contentStart < 0) {
      if (indent !== 0) return undefined
      contentStart = at
      root.range = [at, at, at]
      stack.push({ indent: 0, map: root })
    }
    if (pending !== undefined) {
      if (indent > pending.indent) {
        const map = new YAMLMap()
        map.range = [at + indent, at + indent, at + indent]
        pending.pair.value = map
        stack.push({ indent, map })
      } else {
        pending.pair.value = plainNull(pending.end)
      }
      pending = undefined
    }
    closeTo(indent, contentEnd)
    const top = stack[stack.length - 1]
    if (top === undefined || top.indent !== indent) return undefined
    const keyStart = at + indent
    const keyNode = plainScalar(key, keyStart, keyStart + key.length, keyStart + key.length)
    const pair = new Pair(keyNode)
    top.map.items.push(pair)
    if (value === undefined) {
      pending = { pair, indent, end: newline }
      contentEnd = newline
    } else {
      const valueStart = keyStart + key.length + 1 + read.gap
      pair.value = plainScalar(value, valueStart, valueStart + value.length, next)
      contentEnd = next
    }
    at = next
  }
  if (contentStart < 0) return undefined
  if (pending !== undefined) pending.pair.value = plainNull(pending.end)
  closeTo(-1, contentEnd)
  const doc = new Document() as Document.Parsed
  // The same node classes the library composes, built by hand: typed as parsed nodes.
  doc.contents = root as unknown as Document.Parsed['contents']
  doc.range = [0, contentEnd, text.length]
  return doc
}

/** The null of `key:` with nothing after it, where the library puts it: the end of its line. */
function plainNull(at: number): Scalar {
  return plainScalar('', at, at, at)
}
