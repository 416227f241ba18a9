/**
 * YAML nodes for the fast paths, built as plain objects. The `yaml` library's node classes tag
 * each instance with `Object.defineProperty` in their constructors, which made building a big
 * Secret's nodes by hand cost 5× what the reading did (and most of a worker's garbage). The
 * library recognises a node by that tag alone (`Symbol.for('yaml.node.type')`): `isMap`,
 * `isScalar`, `visit` and every analyser read these objects as they read the library's own.
 */
import type { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml'

const NODE_TYPE = Symbol.for('yaml.node.type')
const ALIAS = Symbol.for('yaml.alias')
const MAP = Symbol.for('yaml.map')
const PAIR = Symbol.for('yaml.pair')
const SCALAR = Symbol.for('yaml.scalar')
const SEQ = Symbol.for('yaml.seq')
const DOC = Symbol.for('yaml.document')

type Range = [number, number, number]

/**
 * A node's range `[start, end, nodeEnd]` kept as three numbers, not an array: a big Secret's nodes
 * are most of what the GC copies while the file is scanned, and an array is two more objects each
 * (read once per finding). Read and written whole (`node.range = [...]`): the array `range`
 * returns is a copy.
 */
export class Ranged {
  private start: number
  private end: number
  private nodeEnd: number
  constructor(start: number, end: number, nodeEnd: number) {
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

  /** Move the range by `offset` characters, in place. */
  move(offset: number): void {
    this.start += offset
    this.end += offset
    this.nodeEnd += offset
  }

  /** End the range (and the node) at `end`, in place. */
  endAt(end: number): void {
    this.end = end
    this.nodeEnd = end
  }
}

/**
 * The fast paths' node shapes. The library's tag sits on each class's prototype: read as
 * `node[NODE_TYPE]` like an own one, but every node of a kind shares one hidden class, and building
 * one is a plain constructor call (an object literal with a computed symbol key cost 2.5× as much,
 * tens of thousands of times per big Secret).
 */
class LightScalar {
  // Set on the few scalars that have one (`0x1F`, `1e3`): no slot in every other.
  declare format?: string
  // Its own range fields, not Ranged's: the most numerous nodes are built faster without a super call.
  // (`start` is read by flat-map.ts: where a plain key stands.)
  start: number
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

  /** Move the range by `offset` characters, in place. */
  move(offset: number): void {
    this.start += offset
    this.end += offset
    this.nodeEnd += offset
  }
}
class LightPair {
  constructor(
    readonly key: unknown,
    public value: unknown,
  ) {}
}
// A collection's `anchor` and `flow` have slots of their own: a property added to a built node gave
// it a properties array (an object more per anchored map for the GC to copy). Scalars, the most
// numerous nodes, get `anchor` added on the few that have one.
class LightCollection extends Ranged {
  anchor: string | undefined = undefined
  constructor(
    range: Range,
    readonly flow: true | undefined,
    readonly items: unknown[],
  ) {
    super(range[0], range[1], range[2])
  }
}
class LightMap extends LightCollection {}
class LightSeq extends LightCollection {}
/**
 * On an alias node, the anchored node it names, set when a document's aliases are resolved
 * (aliases.ts): a symbol property, in a slot of its own on the fast paths' aliases.
 */
export const ALIAS_TARGET: unique symbol = Symbol('gitseal.alias.target')

class LightAlias extends Ranged {
  [ALIAS_TARGET]: unknown = undefined
  constructor(
    readonly source: string,
    start: number,
    end: number,
    nodeEnd: number,
  ) {
    super(start, end, nodeEnd)
  }
}
/**
 * A document of the fast paths: its contents and range, and no errors or warnings (a text they cannot
 * read goes to the library). The library's `new Document()` built a schema per document: a third of
 * the time a file of 30,000 small Secrets took went to those and their garbage.
 */
class LightDocument {
  readonly errors: never[] = []
  readonly warnings: never[] = []
  constructor(
    public contents: unknown,
    public range: Range,
  ) {}
}

for (const [shape, type] of [
  [LightScalar, SCALAR],
  [LightPair, PAIR],
  [LightMap, MAP],
  [LightSeq, SEQ],
  [LightAlias, ALIAS],
  [LightDocument, DOC],
] as const)
  Object.defineProperty(shape.prototype, NODE_TYPE, { value: type })

/**
 * Move the range of a fast path's node by `offset` characters in place, without the arrays its
 * `range` getter and setter make (a file of 20,000 small Secrets made 22 MB of them); false for a
 * node of the library, whose range is its own array.
 */
export function moveLightRange(node: object, offset: number): boolean {
  if (!(node instanceof LightScalar || node instanceof Ranged)) return false
  node.move(offset)
  return true
}

/**
 * End the range of a fast path's collection at `end` (`[start, end, end]`), in place: the arrays its
 * `range` getter and setter make were two per map of a file of 20,000 small Secrets. A node of the
 * library gets its range array replaced.
 */
export function endRangeAt(node: YAMLMap | YAMLSeq, end: number): void {
  if (node instanceof Ranged) node.endAt(end)
  else node.range = [(node.range as Range)[0], end, end]
}

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

/** A mapping of `items` (pairs; more may be added), `flow` for `{…}`. */
export function mapNode(range: Range, flow = false, items: unknown[] = []): YAMLMap {
  return new LightMap(range, flow || undefined, items) as unknown as YAMLMap
}

/** A sequence of `items` (more may be added), `flow` for `[…]`. */
export function seqNode(range: Range, flow = false, items: unknown[] = []): YAMLSeq {
  return new LightSeq(range, flow || undefined, items) as unknown as YAMLSeq
}

/** An alias `*source`. */
export function aliasNode(source: string, range: Range): Alias {
  return new LightAlias(source, range[0], range[1], range[2]) as unknown as Alias
}

/** A parsed document of `contents` spanning `range` (the text read: `[start, contentEnd, textEnd]`). */
export function documentNode(contents: unknown, range: Range): Document.Parsed {
  // The same shape the library composes, built by hand: typed as a parsed document.
  return new LightDocument(contents, range) as unknown as Document.Parsed
}
