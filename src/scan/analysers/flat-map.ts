/**
 * A block mapping of the fast path kept as offsets into the text until a reader asks for nodes. A
 * crafted document of 40,000 `kind:` keys built a key, a pair and a null per line, all alive until
 * the analysers had read the document: most of its scan went to building them and to the GC
 * copying them, while the analysers ask the root for a handful of keys. Here each entry is a row of
 * numbers in one typed array per document (its line, its key's span, what its value is); a key is
 * compared with the text in place (`startsWith` and a length), a value is read into a node only
 * when it is asked for (and kept: the same node each time), and the whole pair list is built the
 * first time `items` is read: the nodes are the ones the line reader builds, so every reader sees
 * what it saw before.
 */
import { isScalar } from 'yaml'
import type { Pair } from 'yaml'
import { isMergeKey, resolveAlias } from './aliases.js'
import { LIGHT_KEY, entryLine, explicitEntry, lightKey } from './entry-line.js'
import type { EntryLine } from './entry-line.js'
import { Ranged, moveLightRange, pairNode } from './light-nodes.js'
import { plainScalar } from './plain-scalar.js'

// An entry's fields, a row of FIELDS numbers: the offsets its line is read again from (for an
// explicit `? key`, the `?` line's end), its key's span (KEY_END -1: the key node is stored, at
// KEY_START), and what its value is.
const LINE_AT = 0
const NEWLINE = 1
const NEXT = 2
const KEY_START = 3
const KEY_END = 4
const KIND = 5
const AUX = 6
const FIELDS = 7

// What an entry's value is (KIND): a scalar on its line (plain or quoted: never a collection or a
// block), something else on its line (an alias, a flow collection), the null of a `key:` ending at
// AUX, a node kept at AUX (a nested block, a literal block, a value already read), or not yet known.
const LINE_SCALAR = 0
const LINE_OTHER = 1
const NULL = 2
const STORED = 3
const PENDING = 4
// Set on an explicit entry (`? key` then `: value`), read again with explicitEntry.
const EXPLICIT = 8

/** The entries of one flat map, in order, and the nodes kept for them. */
export class FlatPool {
  rows = new Int32Array(64 * FIELDS)
  count = 0
  readonly nodes: unknown[] = []
  constructor(
    readonly text: string,
    readonly comments: boolean,
  ) {}

  /** A new entry's index (its row filled by the caller). */
  private row(): number {
    if ((this.count + 1) * FIELDS > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2)
      grown.set(this.rows)
      this.rows = grown
    }
    return this.count++
  }

  /** Keep `node`: its index in {@link nodes}. */
  keep(node: unknown): number {
    return this.nodes.push(node) - 1
  }

  /** Set entry `e`'s value to `node` (a nested block, a literal block). */
  store(e: number, node: unknown): void {
    const at = e * FIELDS
    this.rows[at + KIND] = STORED | ((this.rows[at + KIND] as number) & EXPLICIT)
    this.rows[at + AUX] = this.keep(node)
  }

  /** Set entry `e`'s value to the null of a `key:` whose line ends at `end`. */
  setNull(e: number, end: number): void {
    const at = e * FIELDS
    this.rows[at + KIND] = NULL | ((this.rows[at + KIND] as number) & EXPLICIT)
    this.rows[at + AUX] = end
  }

  /**
   * Add the entry `read` (its line read from `lineAt` to `newline`, `next` the next line's start;
   * `explicitLine`: the end of its `? key` line, -1 for a `key:` line) to `map`: its index. The
   * value is pending when the entry has none on its line.
   */
  add(
    map: FlatMap,
    read: EntryLine,
    lineAt: number,
    newline: number,
    next: number,
    explicitLine: number,
  ): number {
    const e = this.row()
    const rows = this.rows
    const at = e * FIELDS
    const explicit = explicitLine >= 0
    rows[at + LINE_AT] = lineAt
    rows[at + NEWLINE] = explicit ? explicitLine : newline
    rows[at + NEXT] = next
    const key = read.key
    const start = key === LIGHT_KEY ? lightKey.start : keyStart(key)
    if (start >= 0) {
      rows[at + KEY_START] = start
      rows[at + KEY_END] = key === LIGHT_KEY ? lightKey.end : start + (key.source as string).length
    } else {
      rows[at + KEY_START] = this.keep(key)
      rows[at + KEY_END] = -1
      map.merges ||= isMergeKey(key)
    }
    const value = read.value
    rows[at + KIND] =
      (value === undefined ? PENDING : isScalar(value) ? LINE_SCALAR : LINE_OTHER) | (explicit ? EXPLICIT : 0)
    return e
  }

  /**
   * True when entry `e`'s key is `key` (as getNode compares: the key resolved, as a string); `first`
   * is `key`'s first character code (a plain key is compared in the text: its length, its first
   * character, then the rest).
   */
  keyIs(e: number, key: string, first: number): boolean {
    const at = e * FIELDS
    const end = this.rows[at + KEY_END] as number
    const start = this.rows[at + KEY_START] as number
    if (end >= 0)
      return (
        end - start === key.length &&
        this.text.charCodeAt(start) === first &&
        this.text.startsWith(key, start)
      )
    const name = resolveAlias(this.nodes[start])
    return isScalar(name) && String(name.value) === key
  }

  /** True when entry `e`'s key resolves to a scalar (every plain key does). */
  keyIsScalar(e: number): boolean {
    const at = e * FIELDS
    return (
      (this.rows[at + KEY_END] as number) >= 0 ||
      isScalar(resolveAlias(this.nodes[this.rows[at + KEY_START] as number]))
    )
  }

  /** True when entry `e`'s value is a scalar on its line or a null: no collection, no block. */
  plainValue(e: number): boolean {
    const kind = (this.rows[e * FIELDS + KIND] as number) & ~EXPLICIT
    return kind === LINE_SCALAR || kind === NULL
  }

  /** Entry `e`'s key node, moved by `offset`. */
  keyOf(e: number, offset: number): unknown {
    const at = e * FIELDS
    const end = this.rows[at + KEY_END] as number
    const start = this.rows[at + KEY_START] as number
    if (end < 0) return this.nodes[start]
    const key = plainScalar(this.text.slice(start, end), start, end, end)
    if (offset !== 0) moveLightRange(key, offset)
    return key
  }

  /** Entry `e`'s value node: read from its line the first time (moved by `offset`), then kept. */
  valueOf(e: number, offset: number): unknown {
    const at = e * FIELDS
    const kind = this.rows[at + KIND] as number
    const aux = this.rows[at + AUX] as number
    const what = kind & ~EXPLICIT
    if (what === STORED) return this.nodes[aux]
    let node: unknown
    if (what === NULL) node = plainScalar('', aux, aux, aux)
    else {
      const lineAt = this.rows[at + LINE_AT] as number
      const newline = this.rows[at + NEWLINE] as number
      const read =
        (kind & EXPLICIT) !== 0
          ? explicitEntry(this.text, lineAt, newline)?.entry
          : entryLine(this.text, lineAt, newline, this.rows[at + NEXT] as number, this.comments)
      // The line was read the same way when the document was parsed.
      if (read?.value === undefined) throw new Error('a flat map entry no longer reads')
      node = read.value
    }
    if (offset !== 0) moveTree(node, offset)
    this.store(e, node)
    return node
  }

  /** Push the nodes kept for the entries onto `pending` (see {@link shiftFlat}). */
  pushKept(pending: unknown[]): void {
    for (let e = 0; e < this.count; e++) {
      const at = e * FIELDS
      if ((this.rows[at + KEY_END] as number) < 0)
        pending.push(this.nodes[this.rows[at + KEY_START] as number])
      if (((this.rows[at + KIND] as number) & ~EXPLICIT) === STORED)
        pending.push(this.nodes[this.rows[at + AUX] as number])
    }
  }
}

/** Where a plain key scalar of the line reader starts; -1 for any other key (quoted, an alias). */
function keyStart(key: unknown): number {
  if (!isScalar(key) || key.type !== 'PLAIN' || typeof key.source !== 'string') return -1
  const range = (key as { start?: number }).start
  return typeof range === 'number' ? range : -1
}

/** Move every range of a node the line reader built (a flow collection's too) by `offset`. */
function moveTree(node: unknown, offset: number): void {
  const pending: unknown[] = [node]
  while (pending.length > 0) {
    const next = pending.pop()
    if (next === null || typeof next !== 'object') continue
    const items = (next as { items?: unknown[] }).items
    if (!moveLightRange(next, offset)) {
      // A pair: its key and value.
      const pair = next as { key?: unknown; value?: unknown }
      pending.push(pair.key, pair.value)
      continue
    }
    if (Array.isArray(items)) for (const item of items) pending.push(item)
  }
}

/**
 * A block mapping read as offsets (see the file's comment). Tagged as a map: `isMap` and every
 * reader take it for one; `items` builds the pairs the first time it is read.
 */
export class FlatMap extends Ranged {
  anchor: string | undefined = undefined
  readonly flow: true | undefined = undefined
  /** True when some key is a merge key (`<<`): the map is read as nodes. */
  merges = false
  /** How far the document was moved since it was read: values read later are moved as far. */
  offset = 0
  private pairs: Pair[] | undefined = undefined
  constructor(
    readonly pool: FlatPool,
    at: number,
  ) {
    super(at, at, at)
  }

  /** The pairs, built the first time they are asked for. */
  get items(): Pair[] {
    if (this.pairs !== undefined) return this.pairs
    const pairs: Pair[] = []
    for (let e = 0; e < this.pool.count; e++)
      pairs.push(pairNode(this.pool.keyOf(e, this.offset), this.pool.valueOf(e, this.offset)))
    this.pairs = pairs
    return pairs
  }

  /** True while no pair is built: the offsets are the map. */
  get flat(): boolean {
    return this.pairs === undefined
  }
}
Object.defineProperty(FlatMap.prototype, Symbol.for('yaml.node.type'), { value: Symbol.for('yaml.map') })

/**
 * True on a flat map's prototype, read in place by the readers' hot paths (`node[FLAT] === true`):
 * on any other node a missing property, which the engine answers from its inline cache, where
 * `instanceof` walked each map's prototype chain on every lookup of every document (5 % of the k8s
 * reader on a file of 20,000 small Secrets), and a function call per lookup cost ~3 % of such a
 * scan in a cold CLI process.
 */
export const FLAT: unique symbol = Symbol('gitseal.flat-map')
Object.defineProperty(FlatMap.prototype, FLAT, { value: true })

/** A node that may be a {@link FlatMap}: `node[FLAT]` reads true on one. */
export type MaybeFlat = { [FLAT]?: true } | null | undefined

/** getNode's answer when {@link flatNode} cannot give it from offsets. */
export const NOT_FLAT: unique symbol = Symbol('gitseal.not-flat')

// The strings `String()` gives for a scalar that is no string (null, a boolean, a number): a plain
// key spelt otherwise (`~`, `True`, `0x1F`, `.inf`) reads as one of them.
const NOT_STRING = /^(?:-?[0-9]|null$|true$|false$|NaN$|-?Infinity$)/
const safeKeys = new Map<string, boolean>()

/**
 * True when comparing plain keys' text with `key` is what comparing their values is: `key` is no
 * string a non-string scalar prints as, and read as a plain scalar it is itself (not `True`).
 */
function comparableKey(key: string): boolean {
  let safe = safeKeys.get(key)
  if (safe === undefined) {
    safe = !NOT_STRING.test(key) && plainScalar(key, 0, 0, 0).value === key
    if (safeKeys.size < 1000) safeKeys.set(key, safe)
  }
  return safe
}

/** `map` as a flat map still read as offsets, when `key` can be compared on them; else undefined. */
function flatFor(map: unknown, key: string): FlatMap | undefined {
  return map instanceof FlatMap && map.flat && !map.merges && comparableKey(key) ? map : undefined
}

/**
 * What getNode gives for `key` in `map` (resolved already), read from the offsets: the last own
 * entry's value (a flat map has no merge key), or {@link NOT_FLAT} when the map must be read as nodes.
 */
export function flatNode(map: unknown, key: string): unknown {
  const flat = flatFor(map, key)
  if (flat === undefined) return NOT_FLAT
  const pool = flat.pool
  const first = key.charCodeAt(0)
  // The last duplicate wins: looked for from the end.
  for (let e = pool.count - 1; e >= 0; e--)
    if (pool.keyIs(e, key, first)) return resolveAlias(pool.valueOf(e, flat.offset)) ?? undefined
  return undefined
}

/** What getNodes gives for `key` in `map` (resolved already), from the offsets; undefined when it must be read as nodes. */
export function flatNodes(map: unknown, key: string): unknown[] | undefined {
  const flat = flatFor(map, key)
  if (flat === undefined) return undefined
  const pool = flat.pool
  const nodes: unknown[] = []
  const first = key.charCodeAt(0)
  for (let e = 0; e < pool.count; e++) {
    if (!pool.keyIs(e, key, first)) continue
    const value = resolveAlias(pool.valueOf(e, flat.offset))
    if (value !== undefined && value !== null) nodes.push(value)
  }
  return nodes
}

/**
 * The values (resolved) of `map`'s pairs whose key is a scalar, in order, leaving out scalars on a
 * key's line and nulls (no collection, no block scalar among them): for a walk that looks only at
 * collections and blocks. Undefined when `map` is no flat map still read as offsets.
 */
export function flatCollectionValues(map: unknown): unknown[] | undefined {
  if (!(map instanceof FlatMap) || !map.flat) return undefined
  const pool = map.pool
  const values: unknown[] = []
  for (let e = 0; e < pool.count; e++)
    if (!pool.plainValue(e) && pool.keyIsScalar(e)) values.push(resolveAlias(pool.valueOf(e, map.offset)))
  return values
}

/**
 * Move a flat map still read as offsets by `offset`, without building its pairs: its range, the
 * nodes kept for it (pushed onto `pending`, for the caller's walk to move), and the values read
 * later. False for any other node.
 */
export function shiftFlat(node: unknown, offset: number, pending: unknown[]): boolean {
  if (!(node instanceof FlatMap) || !node.flat) return false
  node.move(offset)
  node.offset += offset
  node.pool.pushKept(pending)
  return true
}
