/**
 * Duplicate mapping keys, found in linear time. The `yaml` library's own `uniqueKeys` check
 * compares every key with every earlier one (80,000 keys took 39 s); parsers here pass
 * `uniqueKeys: false` and call this instead, with the same rule: two scalar keys with the same
 * value are duplicates (`1` and `"1"` are not).
 */
import { isScalar, visit } from 'yaml'
import { TOO_DEEP_TEXT, parseDocumentBounded } from './yaml-depth.js'
import { costlyYaml } from './yaml-tokens.js'
import type { Document, DocumentOptions, Node, ParseOptions, Scalar, SchemaOptions, ToJSOptions } from 'yaml'

/** The first key (in document order of its mapping) that repeats an earlier key of the same mapping. */
export function firstDuplicateKey(doc: Document | Node): Scalar | undefined {
  let duplicate: Scalar | undefined
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        const key = pair.key
        if (!isScalar(key)) continue
        if (seen.has(key.value)) {
          duplicate = key
          return visit.BREAK
        }
        seen.add(key.value)
      }
      return undefined
    },
  })
  return duplicate
}

/**
 * The `yaml` library's `parse(text)` in linear time: one document to a plain value, the first
 * syntax error or duplicate key thrown as an Error ("Map keys must be unique" for the latter).
 * @throws Error (the library's YAMLParseError for syntax) that callers turn into GitsealErrors.
 */
export function parseYamlValue(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions = {},
): unknown {
  const costly = costlyYaml(text)
  if (costly !== undefined) throw new Error(costly.reason)
  const doc = parseDocumentBounded(text, { logLevel: 'error', ...options, uniqueKeys: false })
  if (doc === undefined) throw new Error(TOO_DEEP_TEXT)
  const error = doc.errors[0]
  if (error !== undefined) throw error
  if (firstDuplicateKey(doc) !== undefined) throw new Error('Map keys must be unique')
  return doc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 })
}
