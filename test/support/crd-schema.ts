/**
 * Validate emitted manifests against the real ESO CRD schemas in fixtures/schemas (v2.9.0,
 * unmodified openAPIV3Schema) with ajv, plus what the API server and the ESO webhook add:
 * unknown fields are errors here (the API server would prune them silently), every field the CRD
 * defaults must be written out (Argo CD drift), and the webhook's cross-field rules.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import type { ValidateFunction } from 'ajv'

const SCHEMAS = fileURLToPath(new URL('../../fixtures/schemas/', import.meta.url))

interface IndexEntry {
  apiVersion: string
  kind: string
  file: string
  served: boolean
}
type Schema = Record<string, unknown>

const index = (JSON.parse(readFileSync(`${SCHEMAS}index.json`, 'utf8')) as { schemas: IndexEntry[] }).schemas
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
const compiled = new Map<string, { validate: ValidateFunction; schema: Schema; served: boolean }>()

/** Structural schema with `additionalProperties: false` wherever Kubernetes would prune. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed)
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closed(v)]))
        : closed(value)
  }
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false
  }
  return out
}

function load(
  apiVersion: string,
  kind: string,
): { validate: ValidateFunction; schema: Schema; served: boolean } {
  const id = `${apiVersion}/${kind}`
  const cached = compiled.get(id)
  if (cached) return cached
  const entry = index.find((e) => e.apiVersion === apiVersion && e.kind === kind)
  if (!entry) throw new Error(`no CRD schema for ${id}`)
  const schema = JSON.parse(readFileSync(`${SCHEMAS}${entry.file}`, 'utf8')) as Schema
  const result = { validate: ajv.compile(closed(schema) as Schema), schema, served: entry.served }
  compiled.set(id, result)
  return result
}

/** Every CRD-defaulted field missing from `doc` (paths), walking only objects present in `doc`. */
function missingDefaults(schema: Schema, doc: unknown, path: string): string[] {
  if (Array.isArray(doc)) {
    const items = schema.items as Schema | undefined
    return items ? doc.flatMap((item, i) => missingDefaults(items, item, `${path}[${i}]`)) : []
  }
  if (typeof doc !== 'object' || doc === null) return []
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const missing: string[] = []
  for (const [key, sub] of Object.entries(properties)) {
    const value = (doc as Record<string, unknown>)[key]
    if (value === undefined && sub.default !== undefined) missing.push(`${path}.${key}`)
    if (value !== undefined) missing.push(...missingDefaults(sub, value, `${path}.${key}`))
  }
  return missing
}

/** Cross-field rules of ESO's ExternalSecret webhook (`externalsecret_validator.go`). */
function webhookErrors(doc: Record<string, unknown>): string[] {
  if (doc.kind !== 'ExternalSecret') return []
  const spec = (doc.spec ?? {}) as Record<string, unknown>
  const data = (spec.data ?? []) as { secretKey: string }[]
  const dataFrom = (spec.dataFrom ?? []) as Record<string, unknown>[]
  const target = (spec.target ?? {}) as Record<string, unknown>
  const creation = target.creationPolicy ?? 'Owner'
  const deletion = target.deletionPolicy ?? 'Retain'
  const errors: string[] = []
  if (data.length === 0 && dataFrom.length === 0) errors.push('either data or dataFrom should be specified')
  if (deletion === 'Delete' && creation !== 'Owner')
    errors.push('deletionPolicy=Delete needs creationPolicy=Owner')
  if (deletion === 'Merge' && creation === 'None')
    errors.push('deletionPolicy=Merge with creationPolicy=None')
  const keys = data.map((d) => d.secretKey)
  if (deletion === 'Retain' && new Set(keys).size !== keys.length) errors.push('duplicate secretKey')
  for (const from of dataFrom) {
    const set = ['extract', 'find', 'sourceRef'].filter((k) => from[k] !== undefined)
    if (set.length !== 1) errors.push('dataFrom needs exactly one of extract, find, sourceRef')
  }
  const template = target.template as Record<string, unknown> | undefined
  if (template?.type === 'bootstrap.kubernetes.io/token') errors.push('template.type bootstrap token')
  return errors
}

/** All problems with `doc` as the API server (CRD schema, served version) and ESO webhook see it. */
export function crdProblems(doc: unknown): string[] {
  const object = doc as Record<string, unknown>
  const { validate, schema, served } = load(String(object.apiVersion), String(object.kind))
  const problems: string[] = []
  if (!validate(doc)) {
    for (const e of validate.errors ?? [])
      problems.push(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
  }
  problems.push(...missingDefaults(schema, doc, '').map((p) => `not written out (CRD default): ${p}`))
  problems.push(...webhookErrors(object))
  if (!served && !String(object.apiVersion).endsWith('v1beta1')) problems.push('version not served')
  return problems
}

/** True when the CRD schema for this apiVersion/kind exists (used to assert unknown kinds fail). */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return index.some((e) => e.apiVersion === apiVersion && e.kind === kind)
}
