/**
 * YAML aliases (`*a`) and merge keys (`<<: *b`) as Kubernetes reads them (go-yaml resolves both),
 * so a Secret value written as an alias is judged like a literal one. Aliases are resolved once per
 * document in one pass (the `yaml` library's own `Alias.resolve` walks the whole document per alias:
 * quadratic), and the document's size once every alias is expanded is counted on the way: a
 * "billion laughs" document (aliases of aliases) expands exponentially, so past a cap it is not
 * analysed and the file is reported as not fully scanned.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml'
import type { Alias, Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml'
import { ALIAS_TARGET } from './light-nodes.js'

// The `yaml` library's node kinds, as it tags its nodes (and light-nodes.ts tags the fast paths').
const NODE_TYPE = Symbol.for('yaml.node.type')
const ALIAS = Symbol.for('yaml.alias')
const MAP = Symbol.for('yaml.map')
const SCALAR = Symbol.for('yaml.scalar')
const SEQ = Symbol.for('yaml.seq')

// On an alias node, ALIAS_TARGET holds the anchored node it names (missing: anchor unknown in its
// document). A property of the node, not a WeakMap entry: a Secret of 15,000 aliases made 15,000
// ephemerons for the GC.

/**
 * Nodes a document may have once its aliases are expanded, beyond its own nodes: a fixed budget
 * plus a multiple of the document's size, so the analysers' walks stay linear in the text.
 */
const EXTRA_BUDGET = 10_000
const BUDGET_PER_NODE = 4

/** Why a document's aliases cannot be read as Kubernetes would. */
export type AliasProblem = 'unknown' | 'too-far'

/**
 * Resolve the aliases of `doc` (see {@link resolveAlias}); what is wrong with them, if anything:
 * `too-far` for a document whose aliases expand past the budget or that holds a cycle (an alias
 * inside the node it names), `unknown` for an alias to no anchor before it (go-yaml refuses both).
 */
export function resolveAliases(doc: Document.Parsed): AliasProblem | undefined {
  // Anchors in document order: an alias names the last node with its anchor before it. Each is an
  // index into `targets` and `sizes` (its expanded size once walked, -1 while it is being walked: an
  // alias to it is then a cycle) — arrays, not an object per anchor for the GC to copy.
  const anchors = new Map<string, number>()
  const targets: Node[] = []
  const sizes: number[] = []
  let own = 0
  // Set inside the walk (an object: the type checker does not follow assignments in closures).
  const found = { cyclic: false, unknown: false }
  // Recursion follows the document's nesting, which the parser's depth guard has bounded.
  const expand = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 0
    own++
    // The node's kind read once (each isAlias/isMap/isSeq reads it again, from the prototype).
    const type = (node as { [NODE_TYPE]?: symbol })[NODE_TYPE]
    // A scalar without an anchor: most nodes of a big document.
    if (type === SCALAR && (node as { anchor?: string }).anchor === undefined) return 1
    if (type === ALIAS) {
      const alias = node as Alias
      const at = anchors.get(alias.source)
      if (at === undefined) {
        found.unknown = true
        return 1
      }
      ;(alias as { [ALIAS_TARGET]?: Node })[ALIAS_TARGET] = targets[at] as Node
      const size = sizes[at] ?? -1
      if (size < 0) {
        found.cyclic = true
        return 1
      }
      return 1 + size
    }
    const anchor = (node as { anchor?: string }).anchor
    const at = anchor === undefined ? -1 : targets.push(node as Node) - 1
    if (anchor !== undefined) {
      anchors.set(anchor, at)
      sizes.push(-1)
    }
    let size = 1
    // By index: a for-of here, in code the JIT had not optimised, made an iterator result per item.
    if (type === MAP) {
      const pairs = (node as YAMLMap).items
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[i] as Pair
        size += expand(pair.key) + expand(pair.value)
      }
    } else if (type === SEQ) {
      const items = (node as YAMLSeq).items
      for (let i = 0; i < items.length; i++) size += expand(items[i])
    }
    // Saturate: exponential sizes would lose precision, and any size past the budget is too big.
    size = Math.min(size, Number.MAX_SAFE_INTEGER / 4)
    if (at >= 0) sizes[at] = size
    return size
  }
  const total = expand(doc.contents)
  if (found.cyclic || total > EXTRA_BUDGET + BUDGET_PER_NODE * own) return 'too-far'
  return found.unknown ? 'unknown' : undefined
}

/** The node an alias names (after {@link resolveAliases} ran on its document); any other node as is. */
export function resolveAlias(node: unknown): unknown {
  return isAlias(node) ? (node as { [ALIAS_TARGET]?: Node })[ALIAS_TARGET] : node
}

/** True for a YAML 1.1 merge key: a plain `<<` (quoted, it is an ordinary key). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && key.type === 'PLAIN'
}

/**
 * The pairs of a map with its merge keys expanded, in precedence order: the map's own pairs, then
 * each merged map's (the first listed first, each with its own merges). Overridden merged pairs
 * are yielded too: their values are in the file all the same. Aliases are resolved; the walk is
 * iterative (a chain of merges may be as long as the document) and bounded by the budget
 * {@link resolveAliases} checked.
 */
export function* mergedPairs(map: unknown): Generator<Pair> {
  const start = resolveAlias(map)
  if (!isMap(start)) return
  const pending: YAMLMap[] = [start]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const sources: YAMLMap[] = []
    for (const pair of next.items) {
      if (!isMergeKey(pair.key)) {
        yield pair
        continue
      }
      const source = resolveAlias(pair.value)
      if (isMap(source)) sources.push(source)
      else if (isSeq(source)) {
        for (const item of source.items) {
          const each = resolveAlias(item)
          if (isMap(each)) sources.push(each)
        }
      } else yield pair // `<<: value` merges nothing: judged as the ordinary key it then is
    }
    for (let i = sources.length - 1; i >= 0; i--) pending.push(sources[i] as YAMLMap)
  }
}

/**
 * {@link mergedPairs} as a list: the map's own pairs, as they are, when it merges nothing (a
 * 10,000-key Secret was walked through a generator per pair).
 */
export function pairsOf(map: unknown): readonly Pair[] {
  const start = resolveAlias(map)
  if (!isMap(start)) return []
  const pairs = start.items
  for (let i = 0; i < pairs.length; i++)
    if (isMergeKey((pairs[i] as Pair).key)) return [...mergedPairs(start)]
  return pairs
}
