/**
 * A plain scalar as the `yaml` library composes it: its core-schema type (null, boolean, number or
 * string, resolved by the library's own tags) and its range, as a fast-path node.
 */
import { Document, Scalar } from 'yaml'
import type { ScalarTag } from 'yaml'
import { scalarNode } from './light-nodes.js'

const SCHEMA_TAGS = (new Document().schema.tags as ScalarTag[]).filter(
  (tag) => tag.default === true && tag.test !== undefined,
)

const MAYBE_NOT_STRING = /^(?:$|[-+.0-9~nNtTfF])/

/**
 * The values of the null and boolean spellings (`~`, `null`, `True`…: a dozen), which the library's
 * tags resolve to a Scalar each: built once (a crafted file of 37,000 `kind:` keys built a library
 * node per key).
 */
const WRAPPED = new Map<string, unknown>()

/** A plain scalar as the library composes it (core schema); range `[start, end, nodeEnd]`. */
export function plainScalar(source: string, start: number, end: number, nodeEnd: number): Scalar {
  // Core-schema nulls, booleans and numbers start with one of these (or are empty): skip the tests.
  const tag = MAYBE_NOT_STRING.test(source)
    ? SCHEMA_TAGS.find((candidate) => candidate.test?.test(source))
    : undefined
  let value: unknown = source
  if (tag !== undefined && WRAPPED.has(source)) value = WRAPPED.get(source)
  else if (tag !== undefined) {
    const resolved = tag.resolve(source, () => undefined, {})
    value = resolved instanceof Scalar ? resolved.value : resolved
    if (resolved instanceof Scalar) WRAPPED.set(source, value)
  }
  return scalarNode(value, start, end, nodeEnd, 'PLAIN', source, tag?.format)
}
