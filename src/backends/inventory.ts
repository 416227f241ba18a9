/**
 * The inventory behind `gitseal status`: for each manifest, what protects each secret-bearing
 * document (asked of the registered backends), plaintext Secrets, and what policy says should be.
 */
import { describeDocument } from '../core/backend.js'
import { isGitsealError } from '../core/errors.js'
import { documentValue, parseManifest } from '../core/manifest.js'
import { isRecord, isSecretObject } from '../core/secret.js'
import type { GitsealConfig } from '../config/gitseal-config.js'
import { findRule } from '../config/policy.js'
import { documentAgeRecipients, expectedRecipients, recipientDrift } from './sops-drift.js'
import type { SopsRecipientRule } from './sops-drift.js'

/** One secret-bearing document of a file. */
export interface InventoryDocument {
  /** 0-based document index in the file. */
  index: number
  kind: string
  name?: string
  namespace?: string
  /** The backend protecting it; undefined for a plaintext Secret. */
  backend?: string
  /** What protects it and for whom (cluster, recipients, store); never a value. */
  summary?: string
  details?: Record<string, unknown>
}

/** One file of the inventory. */
export interface InventoryFile {
  /** Path as listed (relative to the working directory, `/`-separated). */
  path: string
  documents: InventoryDocument[]
  /** What must be fixed (plaintext Secrets, policy violations): `status` exits 1 when any. */
  problems: string[]
  /** What should be looked at (stale or expiring certificates, unreadable files). */
  warnings: string[]
}

/** Policy context: the config and how to turn a listed path into a policy path (or undefined outside it). */
export interface InventoryPolicy {
  config: GitsealConfig
  policyPathOf: (path: string) => string | undefined
}

/** `.sops.yaml` context: its rules and a listed path relative to its directory (undefined outside it). */
export interface InventorySops {
  file: string
  rules: readonly SopsRecipientRule[]
  relativePathOf: (path: string) => string | undefined
}

/**
 * Inventory one file's text. Returns undefined for a file with no secret-bearing document and no problem.
 * Never throws for bad content: an unreadable manifest becomes a warning.
 */
export function inventoryFile(
  path: string,
  text: string,
  policy?: InventoryPolicy,
  sops?: InventorySops,
): InventoryFile | undefined {
  const record: InventoryFile = { path, documents: [], problems: [], warnings: [] }
  let values: unknown[]
  try {
    const manifest = parseManifest(text, path)
    values = manifest.documents.map((doc) => documentValue(manifest, doc))
  } catch (error) {
    // Helm templates and other not-quite-YAML files are common in GitOps repositories: report only likely Secrets.
    if (/\bkind:\s*Secret\b|sops:|SealedSecret|ExternalSecret/.test(text)) {
      record.warnings.push(
        `cannot be read as YAML/JSON: ${isGitsealError(error) ? error.message : String(error)}`,
      )
      return record
    }
    return undefined
  }
  values.forEach((value, index) => {
    const items =
      isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value]
    for (const item of items) inventoryDocument(record, index, item)
    if (sops) checkRecipients(record, index, value, sops)
  })
  if (record.documents.length === 0 && record.warnings.length === 0) return undefined
  if (policy) applyPolicy(record, policy)
  return record
}

function inventoryDocument(record: InventoryFile, index: number, value: unknown): void {
  const metadata = isRecord(value) && isRecord(value.metadata) ? value.metadata : {}
  const base: InventoryDocument = {
    index,
    kind: isRecord(value) && typeof value.kind === 'string' ? value.kind : '(none)',
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
  }
  let info
  try {
    info = describeDocument(value)
  } catch (error) {
    record.problems.push(`document ${index + 1}: ${isGitsealError(error) ? error.message : String(error)}`)
    return
  }
  if (info) {
    record.documents.push({
      ...base,
      backend: info.backend,
      summary: info.summary,
      ...(info.details ? { details: info.details } : {}),
    })
    const warnings = info.details?.warnings
    if (Array.isArray(warnings))
      for (const warning of warnings) record.warnings.push(`${label(base)}: ${String(warning)}`)
    return
  }
  if (isRecord(value) && isRecord(value.sops) && typeof value.sops.mac === 'string') {
    // Encrypted, even when no SOPS backend is loaded to say more: never call it plaintext.
    record.documents.push({
      ...base,
      backend: 'sops',
      summary: 'SOPS-encrypted (no sops backend loaded for details)',
    })
    return
  }
  if (isSecretObject(value)) {
    record.documents.push(base)
    record.problems.push(`${label(base)} is a plaintext Secret`)
  }
}

function checkRecipients(record: InventoryFile, index: number, value: unknown, sops: InventorySops): void {
  const actual = documentAgeRecipients(value)
  const relative = sops.relativePathOf(record.path)
  const expected =
    actual === undefined || relative === undefined ? undefined : expectedRecipients(sops.rules, relative)
  if (actual === undefined || expected === undefined) return
  const drift = recipientDrift(actual, expected)
  if (drift !== undefined) {
    record.warnings.push(
      `document ${index + 1}: age recipients differ from ${sops.file} (${drift}); run: gitseal updatekeys ${record.path}`,
    )
  }
}

function applyPolicy(record: InventoryFile, policy: InventoryPolicy): void {
  const relative = policy.policyPathOf(record.path)
  const found = relative === undefined ? undefined : findRule(policy.config, relative)
  if (!found) return
  const where = `${policy.config.file}:${found.rule.line}`
  for (const doc of record.documents) {
    if (doc.backend === undefined) {
      const index = record.problems.indexOf(`${label(doc)} is a plaintext Secret`)
      const message = `${label(doc)} is a plaintext Secret; policy (${where}) requires ${found.rule.backend}`
      if (index >= 0) record.problems[index] = message
    } else if (doc.backend !== found.rule.backend) {
      record.problems.push(
        `${label(doc)} is protected by ${doc.backend}; policy (${where}) requires ${found.rule.backend}`,
      )
    }
  }
}

function label(doc: InventoryDocument): string {
  const name = doc.name === undefined ? '' : ` "${doc.namespace ? `${doc.namespace}/` : ''}${doc.name}"`
  return `${doc.kind}${name}`
}
