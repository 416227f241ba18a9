/**
 * YAML nodes for the fast paths, built as plain objects. The `yaml` library's node classes tag
 * each instance with `Object.defineProperty` in their constructors, which made building a big
 * Secret's nodes by hand cost 5× what the reading did (and most of a worker's garbage). The
 * library recognises a node by that tag alone (`Symbol.for('yaml.node.type')`): `isMap`,
 * `isScalar`, `visit` and every analyser read these objects as they read the library's own.
 */
import type { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml'

const NODE_TYPE = Symbol.for('yaml.node.type')
const ALIAS = Symbol.for('yaml.alias')
const MAP = Symbol.for('yaml.map')
const PAIR = Symbol.for('yaml.pair')
const SCALAR = Symbol.for('yaml.scalar')
const SEQ = Symbol.for('yaml.seq')

type Range = [number, number, number]

/** A scalar with its value, source text and presentation (`PLAIN`, `QUOTE_DOUBLE`…). */
export function scalarNode(
  value: unknown,
  range: Range,
  type: Scalar.Type,
  source: string,
  format?: string,
): Scalar {
  const node: Record<string | symbol, unknown> = { [NODE_TYPE]: SCALAR, value, range, type, source }
  if (format !== undefined) node.format = format
  return node as unknown as Scalar
}

/** A key/value pair (the value may be set later). */
export function pairNode(key: unknown, value: unknown = null): Pair {
  return { [NODE_TYPE]: PAIR, key, value } as unknown as Pair
}

/** An empty mapping; `flow` for `{…}`. */
export function mapNode(range: Range, flow = false): YAMLMap {
  const node: Record<string | symbol, unknown> = { [NODE_TYPE]: MAP, items: [], range }
  if (flow) node.flow = true
  return node as unknown as YAMLMap
}

/** An empty sequence; `flow` for `[…]`. */
export function seqNode(range: Range, flow = false): YAMLSeq {
  const node: Record<string | symbol, unknown> = { [NODE_TYPE]: SEQ, items: [], range }
  if (flow) node.flow = true
  return node as unknown as YAMLSeq
}

/** An alias `*source`. */
export function aliasNode(source: string, range: Range): Alias {
  return { [NODE_TYPE]: ALIAS, source, range } as unknown as Alias
}
