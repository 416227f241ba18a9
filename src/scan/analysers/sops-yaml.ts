/**
 * A fast path past the YAML library for the files sops writes: a simple block-mapping document (see
 * simple-yaml.ts) followed by sops' `sops:` metadata block. Home-lab repositories hold dozens of
 * these; parsing each whole with the library cost about a quarter of a small repository's scan,
 * mostly on the metadata's armored key blocks, which no analyser reads.
 *
 * The metadata's direct children become the nodes the library composes (plain, quoted and `[]`/`{}`
 * values with the same types and ranges), so `mac`, `encrypted_regex`, `version`… read the same.
 * Their nested blocks (key groups: `age`, `pgp`, `kms`…) are checked line by line against the
 * shapes sops writes (mappings, `- ` items, plain or quoted values, `|`/`|-` armor blocks) and
 * become an empty sequence or mapping with the library's range: the scanner only asks whether they
 * are there and where the block ends. Anything else — quotes with escapes, anchors, tags, comments,
 * tabs, `\r`, odd indentation, content after the block — returns undefined and goes to the library.
 */
import type { Document, Node, Pair, YAMLMap } from 'yaml'
import { mapNode, pairNode, scalarNode, seqNode } from './light-nodes.js'
import { plainScalar } from './plain-scalar.js'
import { keyLine, parseSimpleDocument } from './simple-yaml.js'

// A key and a value keyLine does not take: quoted without escapes, an empty flow collection, or
// the header of a literal block scalar (clipped or stripped, as sops writes armor).
const OTHER_VALUE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):( +)("[^"\\]*"|'[^']*'|\[\]|\{\}|\|-?)$/

/** A key line read at column 0 of `line`: its key, where its value starts, and the value node maker. */
interface Entry {
  key: string
  /** Offset of the value in the line; -1 when there is none. */
  valueAt: number
  value?: string
}

function entry(line: string): Entry | undefined {
  const plain = keyLine(line)
  if (plain !== undefined) {
    if (plain.indent !== 0) return undefined
    return plain.value === undefined
      ? { key: plain.key, valueAt: -1 }
      : { key: plain.key, valueAt: plain.key.length + 1 + plain.gap, value: plain.value }
  }
  const other = OTHER_VALUE.exec(line)
  if (other === null) return undefined
  const key = other[1] as string
  return { key, valueAt: key.length + 1 + (other[2] as string).length, value: other[3] as string }
}

/** The node of a one-line value at `start` (absolute), its line ending at `next`. */
function valueNode(value: string, start: number, next: number): Node | undefined {
  const end = start + value.length
  const first = value.charAt(0)
  if (first === '"' || first === "'") {
    const text = value.slice(1, -1)
    return scalarNode(text, start, end, next, first === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', text)
  }
  if (value === '[]' || value === '{}') {
    return value === '[]' ? seqNode([start, end, next], true) : mapNode([start, end, next], true)
  }
  if (first === '|') return undefined
  return plainScalar(value, start, end, next)
}

/** One open collection of a nested block: a mapping's key column or a sequence's dash column. */
interface Level {
  column: number
  seq: boolean
}

/**
 * Checks the lines of one nested metadata block (a key group) against the shapes sops writes,
 * tracking open mappings and sequences by column as YAML nests them.
 */
class NestedBlock {
  readonly #stack: Level[] = []
  /** Column of a key whose value is on the lines below (nothing after its `:`). */
  #opening: number
  /** A literal block scalar being read: the column of its key and of its content (-1: not yet). */
  #block: { key: number; content: number } | undefined
  /** Where the block's first line starts: the start of its node. */
  start = -1
  seq = false

  constructor(keyColumn: number) {
    this.#opening = keyColumn
  }

  /** Takes one non-blank line (`indent` leading spaces, absolute offset `at`); false when not sops' shape. */
  line(line: string, indent: number, at: number): boolean {
    const block = this.#block
    if (block !== undefined) {
      if (indent > block.key) {
        if (block.content < 0) block.content = indent
        // A line less indented than the block's first one, but inside it: YAML refuses it.
        return indent >= block.content
      }
      this.#block = undefined
    }
    const dash = line.startsWith('- ', indent)
    // After a dash, the item's mapping starts at its first key (yaml.v2 wrote `-   key:`).
    let column = dash ? indent + 2 : indent
    while (dash && line.charCodeAt(column) === 32) column++
    const read = entry(line.slice(column))
    if (read === undefined) return false
    if (this.start < 0) {
      this.start = at + indent
      this.seq = dash
    }
    const stack = this.#stack
    if (this.#opening >= 0) {
      // The first line under `key:`: a sequence may sit at the key's own column, a mapping deeper.
      if (dash ? indent < this.#opening : indent <= this.#opening) return false
      if (dash) stack.push({ column: indent, seq: true })
      stack.push({ column, seq: false })
      this.#opening = -1
    } else {
      // A later line continues an open collection at exactly its column.
      const wanted = (level: Level): boolean =>
        dash ? level.seq && level.column === indent : !level.seq && level.column === indent
      while (stack.length > 0 && !wanted(stack[stack.length - 1] as Level)) stack.pop()
      if (stack.length === 0) return false
      if (dash) stack.push({ column, seq: false })
    }
    if (read.value === undefined) this.#opening = column
    else if (read.value.startsWith('|')) this.#block = { key: column, content: -1 }
    return true
  }
}

/** A direct child of the metadata whose value is the nested block below it, still being read. */
interface OpenChild {
  pair: Pair
  nested: NestedBlock
  /** Where the child's own line ends. */
  newline: number
}

/** The value of an open child once its nested block has ended at `end`. */
function nestedValue(open: OpenChild, end: number): Node {
  const { nested, newline } = open
  // `key:` with nothing below: a null at the end of its line, as the library puts it.
  if (nested.start < 0) return plainScalar('', newline, newline, newline)
  return nested.seq ? seqNode([nested.start, end, end]) : mapNode([nested.start, end, end])
}

/** The leading spaces of a metadata line; undefined for whitespace-only lines, content back at column 0 or trailing spaces: not sops' layout. */
function metadataIndent(line: string): number | undefined {
  let indent = 0
  while (line.charCodeAt(indent) === 32) indent++
  return indent === line.length || indent === 0 || line.endsWith(' ') ? undefined : indent
}

/**
 * One direct child of the metadata, at column `indent` of the line starting at `at`: its pair, and
 * the open child when its value is the block below; undefined when not sops' shape.
 */
function childEntry(
  line: string,
  indent: number,
  at: number,
  newline: number,
  next: number,
): { pair: Pair; open?: OpenChild } | undefined {
  const read = entry(line.slice(indent))
  if (read === undefined) return undefined
  const keyStart = at + indent
  const pair = pairNode(
    plainScalar(read.key, keyStart, keyStart + read.key.length, keyStart + read.key.length),
  )
  if (read.value === undefined) return { pair, open: { pair, nested: new NestedBlock(indent), newline } }
  const value = valueNode(read.value, keyStart + read.valueAt, next)
  if (value === undefined) return undefined
  pair.value = value
  return { pair }
}

/** The metadata block from `from` (the line after `sops:`) to the end of `text`, as a mapping. */
function readMetadata(text: string, from: number): { map: YAMLMap; end: number } | undefined {
  const map = mapNode([0, 0, 0])
  let child = -1
  let first = -1
  let end = from
  let open: OpenChild | undefined
  for (let at = from; at < text.length;) {
    let newline = text.indexOf('\n', at)
    if (newline < 0) newline = text.length
    const next = Math.min(newline + 1, text.length)
    const line = text.slice(at, newline)
    if (line === '') {
      at = next
      continue
    }
    const indent = metadataIndent(line)
    if (indent === undefined) return undefined
    if (child < 0) {
      child = indent
      first = at + indent
    }
    if (indent < child) return undefined
    // A `- ` item at the children's column belongs to the key above it (yaml.v2 writes them so).
    if (indent > child || (open !== undefined && line.startsWith('- ', indent))) {
      if (open === undefined || !open.nested.line(line, indent, at)) return undefined
    } else {
      if (open !== undefined) open.pair.value = nestedValue(open, end)
      const read = childEntry(line, indent, at, newline, next)
      if (read === undefined) return undefined
      map.items.push(read.pair)
      open = read.open
    }
    end = next
    at = next
  }
  if (child < 0) return undefined
  if (open !== undefined) open.pair.value = nestedValue(open, end)
  map.range = [first, end, end]
  return { map, end }
}

/**
 * The document of `text` when it is sops' YAML output: a simple document (see
 * parseSimpleDocument) and then the `sops:` metadata block as the last top-level key; undefined
 * otherwise, for the library to parse.
 */
export function parseSopsDocument(text: string): Document.Parsed | undefined {
  const at = text.lastIndexOf('\nsops:\n')
  if (at < 0 || text.includes('\r') || text.includes('\t')) return undefined
  const keyStart = at + 1
  const prefix = text.slice(0, keyStart)
  // A second `sops` key would be the one analysers read first: leave that to the library.
  if (prefix.startsWith('sops:') || prefix.includes('\nsops:')) return undefined
  const doc = parseSimpleDocument(prefix)
  const metadata = readMetadata(text, keyStart + 'sops:\n'.length)
  if (doc === undefined || metadata === undefined) return undefined
  const root = doc.contents as unknown as YAMLMap
  // A flow collection before a block key is no sops file: the library's to refuse.
  if (root.flow === true) return undefined
  root.items.push(pairNode(plainScalar('sops', keyStart, keyStart + 4, keyStart + 4), metadata.map))
  root.range = [(root.range as [number, number, number])[0], metadata.end, metadata.end]
  doc.range = [0, metadata.end, text.length]
  return doc
}
