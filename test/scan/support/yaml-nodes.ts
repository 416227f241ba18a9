/** Comparing parsed YAML node for node, for the fast paths that build the YAML library's nodes by hand. */
import { visit } from 'yaml'
import type { Document } from 'yaml'

/**
 * Every node's class, value, range and presentation (type, source, format), in document order;
 * `skip` leaves out what is below the nodes it accepts (given the node and its ancestors).
 */
export function dumpNodes(doc: unknown, skip?: (node: object, path: readonly unknown[]) => boolean): string {
  const out: unknown[] = []
  visit(doc as Document, {
    Node(_key, node, path) {
      const n = node as unknown as Record<string, unknown>
      out.push([
        n.constructor.name,
        n.value ?? null,
        n.range,
        n.type ?? null,
        n.source ?? null,
        n.format ?? null,
      ])
      return skip?.(node, path) === true ? visit.SKIP : undefined
    },
  })
  return JSON.stringify(out)
}
