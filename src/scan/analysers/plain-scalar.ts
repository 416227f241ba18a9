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

/** A plain scalar as the library composes it (core schema); range `[start, end, nodeEnd]`. */
export function plainScalar(source: string, start: number, end: number, nodeEnd: number): Scalar {
  // Core-schema nulls, booleans and numbers start with one of these (or are empty): skip the tests.
  const tag = MAYBE_NOT_STRING.test(source)
    ? SCHEMA_TAGS.find((candidate) => candidate.test?.test(source))
    : undefined
  const resolved = tag === undefined ? source : tag.resolve(source, () => undefined, {})
  const value: unknown = resolved instanceof Scalar ? resolved.value : resolved
  return scalarNode(value, start, end, nodeEnd, 'PLAIN', source, tag?.format)
}
