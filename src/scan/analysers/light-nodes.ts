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

/**
 * The fast paths' node shapes. The library's tag sits on each class's prototype: read as
 * `node[NODE_TYPE]` like an own one, but every node of a kind shares one hidden class, and building
 * one is a plain constructor call (an object literal with a computed symbol key cost 2.5× as much,
 * tens of thousands of times per big Secret).
 */
class LightScalar {
  // Set on the few scalars that have one (`0x1F`, `1e3`): no slot in every other.
  declare format?: string
  // The range as three numbers, not an array: a big Secret's scalars are most of the nodes the GC
  // copies while the file is scanned, and an array is two more objects each (read once per finding).
  private start: number
  private end: number
  private nodeEnd: number
  constructor(
    readonly value: unknown,
    start: number,
    end: number,
    nodeEnd: number,
    readonly type: Scalar.Type,
    readonly source: string,
  ) {
    this.start = start
    this.end = end
    this.nodeEnd = nodeEnd
  }

  get range(): Range {
    return [this.start, this.end, this.nodeEnd]
  }

  set range(range: Range) {
    this.start = range[0]
    this.end = range[1]
    this.nodeEnd = range[2]
  }
}
class LightPair {
  constructor(
    readonly key: unknown,
    public value: unknown,
  ) {}
}
class LightCollection {
  readonly items: unknown[] = []
  declare flow?: true
  constructor(public range: Range) {}
}
class LightMap extends LightCollection {}
class LightSeq extends LightCollection {}
class LightAlias {
  constructor(
    readonly source: string,
    readonly range: Range,
  ) {}
}
for (const [shape, type] of [
  [LightScalar, SCALAR],
  [LightPair, PAIR],
  [LightMap, MAP],
  [LightSeq, SEQ],
  [LightAlias, ALIAS],
] as const)
  Object.defineProperty(shape.prototype, NODE_TYPE, { value: type })

/**
 * A scalar with its value, source text and presentation (`PLAIN`, `QUOTE_DOUBLE`…), spanning
 * `[start, end)` (its node to `nodeEnd`): three numbers, not a range array made per scalar.
 */
export function scalarNode(
  value: unknown,
  start: number,
  end: number,
  nodeEnd: number,
  type: Scalar.Type,
  source: string,
  format?: string,
): Scalar {
  const node = new LightScalar(value, start, end, nodeEnd, type, source)
  if (format !== undefined) node.format = format
  return node as unknown as Scalar
}

/** A key/value pair (the value may be set later). */
export function pairNode(key: unknown, value: unknown = null): Pair {
  return new LightPair(key, value) as unknown as Pair
}

/** An empty mapping; `flow` for `{…}`. */
export function mapNode(range: Range, flow = false): YAMLMap {
  const node = new LightMap(range)
  if (flow) node.flow = true
  return node as unknown as YAMLMap
}

/** An empty sequence; `flow` for `[…]`. */
export function seqNode(range: Range, flow = false): YAMLSeq {
  const node = new LightSeq(range)
  if (flow) node.flow = true
  return node as unknown as YAMLSeq
}

/** An alias `*source`. */
export function aliasNode(source: string, range: Range): Alias {
  return new LightAlias(source, range) as unknown as Alias
}
