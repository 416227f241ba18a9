/**
 * A fast path past the YAML library for the shapes big manifests have: block mappings and block
 * sequences of one-line entries (a Secret's `data:` with 10,000 keys, a container's `env:` list),
 * and a document that is one flow collection (a minified JSON Secret). The `yaml` library parses
 * such text at under 1 MB/s (a token, a CST node and a composed node per key, and the GC that
 * follows) — and crafted files choose what is slowest for it; this reads them line by line into the
 * same nodes, with the same scalar types (the library's own core-schema tags resolve each value)
 * and the same ranges. Entries and items are what entry-line.ts reads: plain, quoted or alias
 * keys, explicit `? key` / `: value` pairs; plain, quoted (or `!!str`-tagged), alias or one-line
 * flow values, with anchors; `- value` and `- key: value` items. Anything else — other tags, comments after a value, block scalars,
 * multi-line values, `- - x`, a lone `-`, odd indentation — returns undefined and goes to the
 * library, so the fast path can only agree.
 */
import type { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import { entryLine, explicitEntry, itemLine } from './entry-line.js'
import type { EntryLine, ItemLine } from './entry-line.js'
import { readBlockLiteral } from './block-literal.js'
import { readFlowCollection } from './flow-yaml.js'
import { FlatMap, FlatPool } from './flat-map.js'
import { documentNode, endRangeAt, mapNode, pairNode, seqNode } from './light-nodes.js'
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

/** An open block collection: a mapping or a sequence, at the column of its keys or dashes. */
interface Open {
  indent: number
  map?: YAMLMap
  seq?: YAMLSeq
}

/** A `key:` without a value: a nested block or a null follows. */
interface Pending {
  /** The pair, or -1 and the entry of a flat map (`entry`). */
  pair: Pair | undefined
  entry: number
  indent: number
  end: number
  anchor: string | undefined
}

/** A document of `contents` spanning `text` to `end`. */
function documentOf(contents: unknown, end: number, text: string): Document.Parsed {
  return documentNode(contents, [0, end, text.length])
}

/** The document of `text` when it is one flow collection from `at` (then only whitespace); else undefined. */
function flowDocument(text: string, at: number): Document.Parsed | undefined {
  const flow = readFlowCollection(text, at, true)
  if (flow === undefined || text.slice(flow.end).trim() !== '' || text.includes('\r')) return undefined
  return documentOf(flow.node, text.length, text)
}

/**
 * The document of `text` when it is only block mappings and sequences of one-line entries and
 * items (full-line comments and blank lines allowed, a `---` first line too), or one flow
 * collection; undefined otherwise. With `comments` (a Helm template with its actions blanked into
 * comments, see template-blanks.ts), comment lines at any indent and a comment after a key's `:`
 * are read too: the nodes are the library's, but a null's or a collection's range ends with its
 * content, where the library stretches it over the comments after it (a SealedSecret's quiet
 * range is then no wider than the library's; no other range of such a node is read). With `flat`,
 * the root mapping is kept as offsets until read (flat-map.ts): the same nodes once asked for.
 */
export function parseSimpleDocument(
  text: string,
  comments = false,
  flat = false,
): Document.Parsed | undefined {
  const tree = new SimpleTree(text, flat ? new FlatPool(text, comments) : undefined)
  let contentStart = -1
  let at = 0
  let first = true
  // Without `\r` and tabs in the text, a content line after the first needs no copy of its own.
  const plainLines = !text.includes('\r') && !text.includes('\t')
  while (at < text.length) {
    let newline = text.indexOf('\n', at)
    if (newline < 0) newline = text.length
    let next = Math.min(newline + 1, text.length)
    if (!(plainLines && contentStart >= 0 && startsContent(text, at, newline))) {
      const line = text.slice(at, newline)
      const trimmed = line.trimStart()
      if (trimmed === '' || trimmed.startsWith('#')) {
        if (
          !(comments && commentLine(line, trimmed)) &&
          !quietLineOk(line, trimmed, tree.pending !== undefined)
        )
          return undefined
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
    }
    // A key at the left margin is the root's (or the text is not the plain case): with the root
    // kept as offsets, its plain key and value need no node now (entry-line.ts's `light`).
    const light = tree.pool !== undefined && text.charCodeAt(at) !== 32
    let read = entryLine(text, at, newline, next, comments, light)
    const item = read === undefined ? itemLine(text, at, newline, next, comments) : undefined
    let explicitLine = -1
    if (read === undefined && item === undefined) {
      // `? key` then `: value`: two lines read as one entry.
      const explicit = explicitEntry(text, at, newline, light)
      if (explicit === undefined) return undefined
      read = explicit.entry
      explicitLine = newline
      newline = explicit.newline
      next = explicit.next
    }
    const indent = read?.indent ?? item?.indent
    if (indent === undefined) return undefined
    if (contentStart < 0) {
      if (indent !== 0 || read === undefined) return undefined
      contentStart = at
      tree.openRoot(at)
    }
    if (!tree.resolvePending(at, indent, read, item)) return undefined
    const resume = tree.place(at, indent, read, item, newline, next, explicitLine)
    if (resume === undefined) return undefined
    at = resume
  }
  return contentStart < 0 ? undefined : tree.finish()
}

/** True when the first character after the line's leading spaces is visible ASCII and not `#`: a content line. */
function startsContent(text: string, at: number, newline: number): boolean {
  let i = at
  while (text.charCodeAt(i) === 32) i++
  const c = text.charCodeAt(i)
  return i < newline && c > 32 && c < 127 && c !== 35
}

/**
 * True when a blank or comment line may be passed over: only if nothing else is on it (`\r` would
 * need care: go slow). The library stretches a null's range over a comment after it, and a value's
 * over an indented comment after it (`a: x\n  # c`): those are left to the library.
 */
function quietLineOk(line: string, trimmed: string, pending: boolean): boolean {
  if (line.includes('\r') || (trimmed === '' && line.length > 0 && line.trim() !== '')) return false
  return trimmed === '' || (!pending && trimmed.length === line.length)
}

/** True for a comment line, at any indent of spaces (nothing but the comment on it, no `\r`). */
function commentLine(line: string, trimmed: string): boolean {
  return trimmed.startsWith('#') && !line.includes('\r') && !line.includes('\t')
}

/** The nodes {@link parseSimpleDocument} builds as it reads: one object per text, holding what its line steps share. */
class SimpleTree {
  readonly root: YAMLMap
  /** The blocks open at the current line, outermost first. */
  readonly stack: Open[] = []
  /** A `key:` whose value the next content line decides. */
  pending: Pending | undefined
  /** Where the content read so far ends. */
  contentEnd = 0
  /**
   * @param pool where the root mapping is kept as offsets (flat-map.ts), when it is; else it is
   *   built as nodes, as every nested one is.
   */
  constructor(
    readonly text: string,
    readonly pool: FlatPool | undefined,
  ) {
    this.root = pool === undefined ? mapNode([0, 0, 0]) : (new FlatMap(pool, 0) as unknown as YAMLMap)
  }

  /** Give the pending key the null of `key:` with nothing after it. */
  settleNull(pending: Pending): void {
    if (pending.pair !== undefined) pending.pair.value = plainNull(pending.end)
    else this.pool?.setNull(pending.entry, pending.end)
  }

  /** Start the root mapping at the first content line. */
  openRoot(at: number): void {
    this.root.range = [at, at, at]
    this.stack.push({ indent: 0, map: this.root })
  }

  /**
   * Give the pending key its value, now that the content line at `at` shows what follows it: a
   * sequence, a deeper mapping, or null. False when that is not the plain case.
   */
  resolvePending(
    at: number,
    indent: number,
    read: EntryLine | undefined,
    item: ItemLine | undefined,
  ): boolean {
    const pending = this.pending
    if (pending === undefined) return true
    const start = at + indent
    if (item !== undefined && indent >= pending.indent) {
      // A sequence under the key, at its column or deeper (`env:\n- name: x`).
      if (pending.anchor !== undefined) return false
      const seq = seqNode([start, start, start])
      if (pending.pair !== undefined) pending.pair.value = seq
      else this.pool?.store(pending.entry, seq)
      this.stack.push({ indent, seq })
    } else if (read !== undefined && indent > pending.indent) {
      const map = mapNode([start, start, start])
      if (pending.anchor !== undefined) map.anchor = pending.anchor
      if (pending.pair !== undefined) pending.pair.value = map
      else this.pool?.store(pending.entry, map)
      this.stack.push({ indent, map })
    } else if (pending.anchor !== undefined) {
      // An anchored null (`key: &a`): where the library puts it is its business.
      return false
    } else {
      this.settleNull(pending)
    }
    this.pending = undefined
    return true
  }

  /** Put the content line in the open block at its indent. Where reading goes on; undefined when not the plain case. */
  place(
    at: number,
    indent: number,
    read: EntryLine | undefined,
    item: ItemLine | undefined,
    newline: number,
    next: number,
    explicitLine: number,
  ): number | undefined {
    this.closeTo(indent, read !== undefined)
    const top = this.stack[this.stack.length - 1]
    if (top === undefined || top.indent !== indent) return undefined
    if (read !== undefined)
      return top.map === undefined
        ? undefined
        : this.add(top.map, read, indent, at, newline, next, explicitLine)
    if (item === undefined || top.seq === undefined) return undefined
    if (item.value !== undefined) {
      top.seq.items.push(item.value)
      this.contentEnd = next
    } else if (item.entry !== undefined) {
      // `- name: x`: a mapping at the key's column, its first entry on the item's line.
      const column = item.entry.indent
      const map = mapNode([at + column, at + column, at + column])
      top.seq.items.push(map)
      this.stack.push({ indent: column, map })
      return this.add(map, item.entry, column, at + column, newline, next, -1)
    }
    return next
  }

  /** Close the blocks deeper than `indent` (and a sequence at it, for a key line). */
  closeTo(indent: number, key: boolean): void {
    const { stack } = this
    for (let top = stack[stack.length - 1]; top !== undefined; top = stack[stack.length - 1]) {
      if (top.indent < indent || (top.indent === indent && (!key || top.seq === undefined))) return
      stack.pop()
      const node = (top.map ?? top.seq) as YAMLMap | YAMLSeq
      endRangeAt(node, this.contentEnd)
    }
  }

  /**
   * Put `entry` in `map`: its value (a literal block read to its end), or pending until the next
   * line says what it holds. Where reading goes on; undefined when the block is not the plain case.
   */
  add(
    map: YAMLMap,
    entry: EntryLine,
    indent: number,
    lineAt: number,
    newline: number,
    next: number,
    explicitLine: number,
  ): number | undefined {
    // In a flat map, the entry's offsets (lineAt: where its line is read from again); else a pair.
    const flat = this.pool !== undefined && map === this.root ? (map as unknown as FlatMap) : undefined
    const pair = flat === undefined ? pairNode(entry.key) : undefined
    const e =
      flat === undefined ? -1 : (this.pool as FlatPool).add(flat, entry, lineAt, newline, next, explicitLine)
    if (pair !== undefined) map.items.push(pair)
    if (entry.block !== undefined) {
      const block = readBlockLiteral(this.text, entry.block, newline, indent)
      if (block === undefined) return undefined
      if (pair !== undefined) pair.value = block.node
      else this.pool?.store(e, block.node)
      this.contentEnd = block.end
      return block.end
    }
    if (entry.value === undefined) {
      this.pending = { pair, entry: e, indent, end: newline, anchor: entry.anchor }
      this.contentEnd = newline
    } else {
      if (pair !== undefined) pair.value = entry.value
      this.contentEnd = next
    }
    return next
  }

  /** The document once every line is read: a key still pending holds null. */
  finish(): Document.Parsed | undefined {
    const pending = this.pending
    if (pending !== undefined) {
      if (pending.anchor !== undefined) return undefined
      this.settleNull(pending)
    }
    this.closeTo(-1, true)
    return documentOf(this.root, this.contentEnd, this.text)
  }
}

/** The null of `key:` with nothing after it, where the library puts it: the end of its line. */
function plainNull(at: number): Scalar {
  return plainScalar('', at, at, at)
}
