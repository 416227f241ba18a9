/**
 * Serialising SealedSecrets byte for byte as kubeseal does: JSON as Go's `json.MarshalIndent`
 * (struct order, HTML escaping), YAML as `sigs.k8s.io/yaml` (every key sorted, `---` before each document).
 */
import { Document } from 'yaml'
import { YAML_OUTPUT } from '../core/manifest.js'

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/** One object as kubeseal's `-o json`: two-space indent, Go's HTML-safe escapes, trailing newline. */
export function toKubesealJson(value: unknown): string {
  // These characters can only occur inside JSON strings, so replacing them everywhere is safe.
  return `${JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c)}\n`
}

/** One object as kubeseal's `-o yaml`: `---`, then every mapping's keys sorted. */
export function toKubesealYaml(value: unknown): string {
  const doc = new Document(sortKeys(value))
  return `---\n${doc.toString({ ...YAML_OUTPUT, indentSeq: false })}`
}

/** A deep copy with every object's keys in code-unit order (what Go's JSON map encoding yields). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const [key, entry] of entries) out[key] = sortKeys(entry)
  return out
}
