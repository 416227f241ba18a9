/**
 * The inventory behind `gitseal status`: for each manifest, what protects each secret-bearing
 * document (asked of the backends passed in), plaintext Secrets, and what policy says should be.
 */
import type { BackendRegistry, ProtectionInfo } from '../core/backend.js'
import { isGitsealError } from '../core/errors.js'
import { detectFormat, documentValue, MANIFEST_LIMITS, parseManifest } from '../core/manifest.js'
import { mayHaveKind, mayHaveSopsKey, sopsKeyOpensLine, splitDocuments } from '../core/document-text.js'
import { isRecord, isSecretObject } from '../core/secret.js'
import type { GitsealConfig } from '../config/model.js'
import { findRule } from '../config/policy.js'
import { formatForPath, storeFor } from '../sops/stores/index.js'
import type { SopsConfig } from '../sops/config.js'
import { documentAgeRecipients, expectedRecipients, recipientDrift } from './sops-drift.js'
import { isEncryptedValue } from '../core/sops-value.js'
import { simpleDocumentValue } from './simple-values.js'

// The words of core/yaml-depth.ts (refused before composing) and core/yaml-error.ts (the stack overflowed).
const TOO_DEEP = 'nested too deeply to read'

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
  /**
   * For a Secret no backend protects: `none` when it holds no value, `substituted` when every value
   * is a `${VAR}` filled in at deploy time (Flux postBuild, envsubst). Neither is a leak.
   */
  values?: 'none' | 'substituted'
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
  /** A chart or other template (`{{ … }}`): listed once, its documents not inspected. */
  template?: boolean
}

/** Policy context: the config and how to turn a listed path into a policy path (or undefined outside it). */
export interface InventoryPolicy {
  config: GitsealConfig
  policyPathOf: (path: string) => string | undefined
}

/** `.sops.yaml` context: the config and a listed path relative to its directory (undefined outside it). */
export interface InventorySops {
  file: string
  config: SopsConfig
  relativePathOf: (path: string) => string | undefined
}

/**
 * Inventory a file that is not a manifest (`.env`, `.ini`, anything else): listed only when it is a
 * SOPS file (dotenv, ini, or binary stored as JSON), never reported otherwise.
 */
export function inventoryOtherFile(
  backends: BackendRegistry,
  path: string,
  text: string,
): InventoryFile | undefined {
  if (!text.includes('sops')) return undefined
  const format = formatForPath(path)
  let metadata: unknown
  try {
    metadata = storeFor(format === 'binary' ? 'json' : format).load(text, path).metadata
  } catch {
    return undefined // not a SOPS file of this layout (a binary file, an unrelated .env)
  }
  if (metadata === undefined) return undefined
  const record: InventoryFile = { path, documents: [], problems: [], warnings: [] }
  inventoryDocument(backends, record, 0, { kind: `(${format})`, sops: metadata })
  return record.documents.some((doc) => doc.backend !== undefined) ? record : undefined
}

/**
 * Inventory one file's text. Returns undefined for a file with no secret-bearing document and no problem.
 * Never throws for bad content: an unreadable manifest becomes a warning.
 */
export function inventoryFile(
  backends: BackendRegistry,
  path: string,
  text: string,
  policy?: InventoryPolicy,
  sops?: InventorySops,
): InventoryFile | undefined {
  const record: InventoryFile = { path, documents: [], problems: [], warnings: [] }
  const secretLike = /\bkind:\s*Secret\b|\bsops:|SealedSecret|ExternalSecret|"kind":\s*"Secret"/.test(text)
  // Helm and other templates are not manifests until rendered: say so once instead of guessing.
  if (HELM_TEMPLATE.test(text)) return secretLike ? { ...record, template: true } : undefined
  if (!mayList(backends, text)) return undefined
  let values: unknown[]
  try {
    values = secretDocumentValues(backends, text, path)
  } catch (error) {
    if (!secretLike) return undefined
    if (text.includes('{{')) return { ...record, template: true }
    const message = isGitsealError(error) ? error.message : String(error)
    // Refused unread (too large, too deep): what it holds is unknown, so it fails status. A syntax
    // error stays a warning: kubectl cannot apply the file either.
    if (refusedUnread(error)) record.problems.push(`not read: ${message}`)
    else record.warnings.push(`cannot be read as YAML/JSON: ${message}`)
    return record
  }
  values.forEach((value, index) => {
    if (value === SKIPPED) return
    const items =
      isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value]
    for (const item of items) inventoryDocument(backends, record, index, item)
    if (sops) checkRecipients(record, index, value, sops)
  })
  if (record.documents.length === 0 && record.warnings.length === 0 && record.problems.length === 0)
    return undefined
  if (policy) applyPolicy(record, policy)
  return record
}

/**
 * Whether a file or document can hold what status lists: a Secret (or List) kind, SOPS metadata, or
 * a document some backend may claim (a backend without `mayDescribe` is offered every document).
 */
function mayList(backends: BackendRegistry, text: string): boolean {
  return (
    mayHaveSopsKey(text) ||
    mayHaveKind(text, 'Secret') ||
    mayHaveKind(text, 'List') ||
    backends.backends.some((backend) => backend.mayDescribe?.(text) ?? true)
  )
}

/** A document that cannot hold what status lists, left unparsed. */
const SKIPPED = Symbol('skipped')

/**
 * The values of a manifest's documents, in order; in a multi-document YAML stream the documents that
 * cannot hold what status lists are not parsed ({@link SKIPPED}), since parsing dominates the cost of
 * status on chart collections and generated install manifests.
 */
function secretDocumentValues(backends: BackendRegistry, text: string, path: string): unknown[] {
  // SOPS metadata at the top level of a document: its MAC covers the whole file, so parse it whole.
  const bounds = sopsKeyOpensLine(text) ? undefined : splitDocuments(text)
  if (bounds === undefined) return documentValues(text, path)
  const values: unknown[] = []
  for (const [start, end] of bounds) {
    const part = text.slice(start, end)
    if (mayList(backends, part)) {
      values.push(...documentValues(part, path))
    } else if (/\S/.test(part.replace(/^---/, ''))) {
      values.push(SKIPPED) // parseManifest keeps every document but empty ones: keep the numbering
    }
  }
  return values
}

/** The values of the documents of `text`: a simple YAML document read fast, anything else parsed. */
function documentValues(text: string, path: string): unknown[] {
  const simple =
    text.length <= MANIFEST_LIMITS.maxBytes && detectFormat(text) === 'yaml'
      ? simpleDocumentValue(text)
      : undefined
  if (simple !== undefined) return [simple]
  const manifest = parseManifest(text, path)
  return manifest.documents.map((doc) => documentValue(manifest, doc))
}

// Go template actions Helm charts use at the structure level; ESO's own `{{ .key }}` templates inside
// values do not match.
const HELM_TEMPLATE =
  /\{\{-?\s*(?:if|else|end|range|with|include|template|define|toYaml|tpl|\.Values|\.Release|\.Chart|\.Capabilities|\$)\b/

// A value filled in when the manifest is applied: `${VAR}`, `${VAR:-default}` (Flux postBuild,
// envsubst), a 1Password reference (`op inject`) or a vals reference (`ref+vault://…`, helm-secrets).
const SUBSTITUTION = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}|op:\/\/\S+|ref\+[a-z0-9]+:\/\/\S+)$/

/** What an unprotected Secret's values are: none, all substitutions, or real values (undefined). */
function secretValues(value: Record<string, unknown>): InventoryDocument['values'] {
  const raw = [value.data, value.stringData].flatMap((field) => (isRecord(field) ? Object.values(field) : []))
  if (raw.every((entry) => entry === null || entry === '')) return 'none'
  const texts = raw.filter((entry) => entry !== null && entry !== '')
  return texts.every((entry) => typeof entry === 'string' && SUBSTITUTION.test(entry.trim()))
    ? 'substituted'
    : undefined
}

/**
 * What a document without `kind` is: a SOPS data file is named by its layout, as dotenv and ini
 * files are — `(binary)` for sops' binary-as-JSON layout (`{"data": "ENC[…]", "sops": …}`), else
 * `(yaml)`/`(json)`; anything else has no kind.
 */
function layoutOf(path: string, value: unknown): string {
  if (!isRecord(value) || !isRecord(value.sops)) return '(none)'
  const keys = Object.keys(value)
  if (keys.length === 2 && typeof value.data === 'string') return '(binary)'
  return `(${formatForPath(path) === 'json' ? 'json' : 'yaml'})`
}

/** True for the errors of a text refused before parsing: too large, too many tokens or documents, too deep. */
function refusedUnread(error: unknown): boolean {
  return isGitsealError(error) && (error.code === 'E_TOO_LARGE' || error.message.includes(TOO_DEEP))
}

/** One document of `record`: listed with what protects it, or as a plaintext Secret (a problem). */
function inventoryDocument(
  backends: BackendRegistry,
  record: InventoryFile,
  index: number,
  value: unknown,
): void {
  const base = documentBase(record.path, index, value)
  let info
  try {
    info = backends.describe(value)
  } catch (error) {
    record.problems.push(`document ${index + 1}: ${isGitsealError(error) ? error.message : String(error)}`)
    return
  }
  if (info) recordProtected(record, base, info)
  else recordUnclaimed(record, base, value)
}

/** What every listed document shows: index, kind (or layout), name and namespace when readable. */
function documentBase(path: string, index: number, value: unknown): InventoryDocument {
  const metadata = isRecord(value) && isRecord(value.metadata) ? value.metadata : {}
  const rawKind = isRecord(value) && typeof value.kind === 'string' ? value.kind : layoutOf(path, value)
  return {
    index,
    // sops without encrypted_regex encrypts every value, the kind too.
    kind: isEncryptedValue(rawKind) ? '(encrypted)' : rawKind,
    ...(readable(metadata.name) ? { name: metadata.name } : {}),
    ...(readable(metadata.namespace) ? { namespace: metadata.namespace } : {}),
  }
}

/** A document a backend claims: listed with its summary; the backend's warnings and problems kept. */
function recordProtected(record: InventoryFile, base: InventoryDocument, info: ProtectionInfo): void {
  record.documents.push({
    ...base,
    backend: info.backend,
    summary: info.summary,
    ...(info.details ? { details: info.details } : {}),
  })
  const warnings = info.details?.warnings
  if (Array.isArray(warnings))
    for (const warning of warnings) record.warnings.push(`${label(base)}: ${String(warning)}`)
  const problems = info.details?.problems
  if (Array.isArray(problems))
    for (const problem of problems) record.problems.push(`${label(base)}: ${String(problem)}`)
}

/**
 * A document no backend claims: an ExternalSecret whose template holds literal text, a SOPS document
 * with no sops backend loaded, or a Secret — plaintext unless it holds no value or only `${VAR}`s.
 */
function recordUnclaimed(record: InventoryFile, base: InventoryDocument, value: unknown): void {
  if (isExternalSecretsDocument(value)) {
    // The eso backend leaves a template with literal text to the scanner; status still lists it.
    record.documents.push({ ...base, backend: 'eso', summary: 'ExternalSecret with literal template data' })
    record.warnings.push(
      `${label(base)}: its template writes literal text into the Secret; check it with gitseal scan ${record.path}`,
    )
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
  if (!isSecretObject(value)) return
  const values = secretValues(value)
  if (values !== undefined) {
    record.documents.push({ ...base, values })
    return
  }
  record.documents.push(base)
  record.problems.push(`${label(base)} is a plaintext Secret`)
}

/** A plain string, not an `ENC[…]` value of a fully encrypted SOPS document. */
function readable(value: unknown): value is string {
  return typeof value === 'string' && !isEncryptedValue(value)
}

function isExternalSecretsDocument(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('external-secrets.io/') &&
    /ExternalSecret$|^PushSecret$/.test(String(value.kind))
  )
}

function checkRecipients(record: InventoryFile, index: number, value: unknown, sops: InventorySops): void {
  const actual = documentAgeRecipients(value)
  const relative = sops.relativePathOf(record.path)
  const expected =
    actual === undefined || relative === undefined ? undefined : expectedRecipients(sops.config, relative)
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
    if (doc.values !== undefined) continue
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
