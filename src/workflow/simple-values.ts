/**
 * The plain value of a simple YAML document without the `yaml` library's full parse, for `status`:
 * parsing was a third of its CPU on repositories of small ExternalSecret and Secret files. The
 * scanner's fast reader (block mappings and sequences of one-line entries, one flow collection)
 * builds the nodes; this turns them into what `doc.toJS()` gives. Whatever it would have to judge —
 * a duplicate or non-scalar key, `__proto__`, an alias of a collection, many aliases — is left to
 * the library (undefined), so the fast path can only agree with it.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml'
import { parseSimpleDocument } from '../scan/analysers/simple-yaml.js'

/** Fewer aliases than the library's expansion limit (MANIFEST_LIMITS.maxAliasCount) can reach. */
const MAX_ALIASES = 100

/** Thrown inside the walk when the library must decide. */
class Unsure extends Error {}

/** The value of `text` when it is one simple YAML document; undefined when the library must parse it. */
export function simpleDocumentValue(text: string): unknown {
  const doc = parseSimpleDocument(text)
  if (doc === undefined) return undefined
  // Scalar values by anchor, the latest one before each alias as the walk reaches it (document order).
  const anchors = new Map<string, unknown>()
  let aliases = 0
  const value = (node: unknown): unknown => {
    const anchor = (node as { anchor?: string } | null)?.anchor
    if (isScalar(node)) {
      if (anchor !== undefined) anchors.set(anchor, node.value)
      return node.value
    }
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES || !anchors.has(node.source)) throw new Unsure()
      return anchors.get(node.source)
    }
    // An alias of a collection is the library's to expand (and to bound).
    if (anchor !== undefined) anchors.delete(anchor)
    if (isSeq(node)) return node.items.map(value)
    if (isMap(node)) return mapValue(node.items)
    throw new Unsure()
  }
  const mapValue = (pairs: readonly { key: unknown; value: unknown }[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const pair of pairs) {
      if (!isScalar(pair.key) || (pair.key as { anchor?: string }).anchor !== undefined) throw new Unsure()
      const name = keyName(pair.key.value)
      if (name === undefined || name === '__proto__' || Object.hasOwn(out, name)) throw new Unsure()
      out[name] = value(pair.value)
    }
    return out
  }
  try {
    return value(doc.contents)
  } catch (error) {
    if (error instanceof Unsure) return undefined
    throw error
  }
}

/** The property name the library gives a scalar key's value; undefined for what it must judge. */
function keyName(key: unknown): string | undefined {
  if (typeof key === 'string') return key
  if (typeof key === 'number' || typeof key === 'boolean') return String(key)
  return key === null ? '' : undefined
}
