/** Comparing parsed YAML node for node, for the fast paths that build the YAML library's nodes by hand. */
import { visit } from 'yaml'
import type { Document } from 'yaml'

/** The library's tag of a node's kind (`yaml.scalar`…): class instances and the fast paths' plain nodes alike. */
const kind = (node: Record<string | symbol, unknown>): string =>
  String((node[Symbol.for('yaml.node.type')] as symbol | undefined)?.description)

/**
 * Every node's kind, value, range and presentation (type, source, format, anchor, flow), in document order;
 * `skip` leaves out what is below the nodes it accepts (given the node and its ancestors).
 */
export function dumpNodes(doc: unknown, skip?: (node: object, path: readonly unknown[]) => boolean): string {
  const out: unknown[] = []
  visit(doc as Document, {
    Node(_key, node, path) {
      const n = node as unknown as Record<string | symbol, unknown>
      out.push([
        kind(n),
        n.value ?? null,
        n.range,
        n.type ?? null,
        n.source ?? null,
        n.format ?? null,
        n.anchor ?? null,
        n.flow === true,
        n.tag ?? null,
      ])
      return skip?.(node, path) === true ? visit.SKIP : undefined
    },
  })
  return JSON.stringify(out)
}
