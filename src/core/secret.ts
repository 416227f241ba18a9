/**
 * The Kubernetes `Secret` model every backend starts from: parsed, validated and normalised
 * the way the API server would store it (`stringData` merged over `data`), values as bytes.
 */
import type { Document } from 'yaml'
import { GitsealError, where } from './errors.js'
import { documentValue, lineOf, nodeAt } from './manifest.js'
import type { Manifest } from './manifest.js'
import { holdsLoneSurrogate } from './utf8.js'

/** A validated Kubernetes Secret. Values are bytes; binary values never pass through strings. */
export interface Secret {
  /** `metadata.name`; may be missing (e.g. before `--name` is applied). */
  name: string | undefined
  /** `metadata.namespace`, if set. */
  namespace: string | undefined
  /** `type` as written; `undefined` when absent (the API server then stores `Opaque`). */
  type: string | undefined
  /** `immutable`, if set. */
  immutable: boolean | undefined
  labels: Record<string, string>
  annotations: Record<string, string>
  /** The whole `metadata` object as written (plain JSON values). */
  metadata: Record<string, unknown>
  /** Every key's value: `data` decoded from base64, then `stringData` (UTF-8) over it. */
  data: Map<string, Uint8Array>
  /** Keys whose value came from `stringData`. */
  stringDataKeys: ReadonlySet<string>
}

/** One document of a manifest: a Secret, or anything else (kept so it can be passed through). */
export type ManifestEntry =
  | { kind: 'secret'; secret: Secret; document: Document.Parsed; index: number }
  | { kind: 'other'; value: unknown; document: Document.Parsed; index: number }

/** Well-known Secret types and the keys the API server requires for each (`ValidateSecret`). */
export const SECRET_TYPES: Readonly<Record<string, { requiredKeys?: string[]; anyOf?: string[] }>> = {
  Opaque: {},
  'kubernetes.io/service-account-token': {},
  'kubernetes.io/dockercfg': { requiredKeys: ['.dockercfg'] },
  'kubernetes.io/dockerconfigjson': { requiredKeys: ['.dockerconfigjson'] },
  'kubernetes.io/basic-auth': { anyOf: ['username', 'password'] },
  'kubernetes.io/ssh-auth': { requiredKeys: ['ssh-privatekey'] },
  'kubernetes.io/tls': { requiredKeys: ['tls.crt', 'tls.key'] },
  'bootstrap.kubernetes.io/token': {},
}

/** Largest total size of a Secret's data the API server accepts (1 MiB). */
const MAX_SECRET_BYTES = 1024 * 1024

const KEY_PATTERN = /^[-._a-zA-Z0-9]+$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
// Go's base64.StdEncoding as used by encoding/json for []byte: padded, standard alphabet, \r and \n
// ignored. Checked as length and alphabet: a regex with a repeated group ran out of stack on ~9 MB.
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*$/

function isStdBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  return BASE64_ALPHABET.test(text.slice(0, text.length - padding))
}

/** True when `value` looks like a Kubernetes object of kind Secret (`apiVersion: v1`). */
export function isSecretObject(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    value.kind === 'Secret' &&
    (value.apiVersion === 'v1' || value.apiVersion === undefined)
  )
}

/**
 * Why a Secret data key is invalid for Kubernetes, or `undefined` when it is valid
 * (`[-._a-zA-Z0-9]+`, at most 253 characters, not `.`/`..`, not starting with `..`).
 */
export function invalidKeyReason(key: string): string | undefined {
  if (key.length === 0) return 'a key must not be empty'
  if (key.length > 253) return 'a key must be at most 253 characters'
  if (!KEY_PATTERN.test(key)) return "a key may contain only letters, digits, '-', '_' and '.'"
  if (key === '.' || key === '..' || key.startsWith('..'))
    return "a key must not be '.' or '..' or start with '..'"
  return undefined
}

/**
 * Decode Go `base64.StdEncoding` (padding required; CR/LF ignored).
 * @returns the bytes, or `undefined` when the text is not valid standard base64.
 */
export function decodeStdBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\r\n]/g, '')
  if (!isStdBase64(compact)) return undefined
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

/** Standard base64 with padding, on one line. */
export function encodeStdBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/**
 * Every document of a manifest, Secrets parsed and validated, other documents kept as they are.
 * A `kind: List` (as `kubectl get -o yaml` writes) contributes each of its items.
 * @throws GitsealError `E_BAD_SECRET` naming file, line and key for an invalid Secret.
 */
export function readManifestEntries(manifest: Manifest): ManifestEntry[] {
  const entries: ManifestEntry[] = []
  manifest.documents.forEach((document, index) => {
    const value = documentValue(manifest, document)
    const items =
      isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value]
    items.forEach((item: unknown, itemIndex) => {
      const path = items.length === 1 && items[0] === value ? [] : ['items', itemIndex]
      if (isSecretObject(item)) {
        entries.push({
          kind: 'secret',
          secret: parseSecretObject(item, { manifest, document, path }),
          document,
          index,
        })
      } else {
        entries.push({ kind: 'other', value: item, document, index })
      }
    })
  })
  return entries
}

/** The Secrets of a manifest, in order. */
export function readSecrets(manifest: Manifest): Secret[] {
  return readManifestEntries(manifest).flatMap((entry) => (entry.kind === 'secret' ? [entry.secret] : []))
}

/** Where an object came from, so errors can name the file and line. */
export interface SecretSource {
  manifest: Manifest
  document: Document.Parsed
  /** Path of the object inside the document (non-empty for List items). */
  path: (string | number)[]
}

/**
 * Validate a plain Secret object (as parsed from YAML/JSON) into a {@link Secret}.
 * @throws GitsealError `E_BAD_SECRET` on invalid base64, key names, types or field shapes.
 */
export function parseSecretObject(object: Record<string, unknown>, source?: SecretSource): Secret {
  const fail = failAt(source)
  const metadata = object.metadata ?? {}
  if (!isRecord(metadata)) return fail('metadata must be a mapping', ['metadata'])
  const label = typeof metadata.name === 'string' ? `Secret "${metadata.name}"` : 'Secret'
  const identity = readMetadata(metadata, label, fail)
  const type = optionalString(object.type, ['type'], label, fail)
  const rawImmutable = object.immutable ?? undefined
  if (rawImmutable !== undefined && typeof rawImmutable !== 'boolean') {
    fail(`${label}: immutable must be true or false`, ['immutable'])
  }
  const immutable = typeof rawImmutable === 'boolean' ? rawImmutable : undefined
  const { data, stringDataKeys } = readValues(object, label, fail)
  checkTypeRules(type, data, identity.annotations, label, fail)
  const { name, namespace, labels, annotations } = identity
  return {
    name,
    namespace,
    type,
    immutable,
    labels,
    annotations,
    metadata: { ...metadata },
    data,
    stringDataKeys,
  }
}

/** Throws `E_BAD_SECRET` for a path of the Secret, naming the file and line when known. */
type Fail = (message: string, path: (string | number)[], hint?: string) => never

function failAt(source: SecretSource | undefined): Fail {
  return (message, path, hint) => {
    const file = source?.manifest.file
    const line = source
      ? lineOf(source.manifest, nodeAt(source.document, [...source.path, ...path]))
      : undefined
    throw new GitsealError('E_BAD_SECRET', `${where(file, line)}${message}`, {
      ...(hint === undefined ? {} : { hint }),
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
    })
  }
}

function optionalString(
  value: unknown,
  path: (string | number)[],
  label: string,
  fail: Fail,
): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') return fail(`${label}: ${path.join('.')} must be a string`, path)
  return value
}

function stringMap(value: unknown, path: string[], label: string, fail: Fail): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (!isRecord(value)) return fail(`${label}: ${path.join('.')} must be a mapping`, path)
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      fail(`${label}: ${path.join('.')}.${key} must be a string`, [...path, key], 'Quote the value.')
    }
  }
  return { ...(value as Record<string, string>) }
}

/** Name, namespace (both checked as the API server does), labels and annotations. */
function readMetadata(
  metadata: Record<string, unknown>,
  label: string,
  fail: Fail,
): Pick<Secret, 'name' | 'namespace' | 'labels' | 'annotations'> {
  const name = optionalString(metadata.name, ['metadata', 'name'], label, fail)
  if (name !== undefined && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
    fail(`${label}: metadata.name must be a lowercase DNS subdomain (letters, digits, '-', '.')`, [
      'metadata',
      'name',
    ])
  }
  const namespace = optionalString(metadata.namespace, ['metadata', 'namespace'], label, fail)
  if (namespace !== undefined && (namespace.length > 63 || !DNS_LABEL.test(namespace))) {
    fail(`${label}: metadata.namespace must be a lowercase DNS label`, ['metadata', 'namespace'])
  }
  return {
    name,
    namespace,
    labels: stringMap(metadata.labels, ['metadata', 'labels'], label, fail),
    annotations: stringMap(metadata.annotations, ['metadata', 'annotations'], label, fail),
  }
}

/** `data` decoded from base64, then `stringData` over it, every key checked. */
function readValues(
  object: Record<string, unknown>,
  label: string,
  fail: Fail,
): Pick<Secret, 'data' | 'stringDataKeys'> {
  const data = new Map<string, Uint8Array>()
  const stringDataKeys = new Set<string>()
  const checkKey = (key: string, field: string): void => {
    const reason = invalidKeyReason(key)
    if (reason !== undefined) fail(`${label}: invalid key "${key}" in ${field}: ${reason}`, [field, key])
  }
  const rawData = object.data ?? {}
  if (!isRecord(rawData)) return fail(`${label}: data must be a mapping of keys to base64 values`, ['data'])
  for (const [key, value] of Object.entries(rawData)) {
    checkKey(key, 'data')
    if (value === null) {
      data.set(key, new Uint8Array())
      continue
    }
    const bytes = typeof value === 'string' ? decodeStdBase64(value) : undefined
    if (bytes === undefined) {
      fail(
        `${label}: data.${key} is not valid base64`,
        ['data', key],
        'Values under data must be base64 (standard alphabet, with padding); put plain text under stringData instead.',
      )
    } else data.set(key, bytes)
  }
  const rawStringData = object.stringData ?? {}
  if (!isRecord(rawStringData)) return fail(`${label}: stringData must be a mapping`, ['stringData'])
  for (const [key, value] of Object.entries(rawStringData)) {
    checkKey(key, 'stringData')
    if (value !== null && typeof value !== 'string') {
      fail(
        `${label}: stringData.${key} must be a string, not a ${typeof value}`,
        ['stringData', key],
        'Quote the value so YAML keeps it as text (e.g. "0755", "true", "1.10").',
      )
    }
    if (typeof value === 'string' && holdsLoneSurrogate(value)) {
      fail(
        `${label}: stringData.${key} holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which has no UTF-8 encoding`,
        ['stringData', key],
        'Write the character itself, or both halves of its surrogate pair; encoded as it stands the value would become U+FFFD, not what you wrote.',
      )
    }
    data.set(key, new TextEncoder().encode(typeof value === 'string' ? value : ''))
    stringDataKeys.add(key)
  }
  return { data, stringDataKeys }
}

/** The API server's checks on the whole: total size, and what each built-in type requires. */
function checkTypeRules(
  type: string | undefined,
  data: ReadonlyMap<string, Uint8Array>,
  annotations: Record<string, string>,
  label: string,
  fail: Fail,
): void {
  let total = 0
  for (const value of data.values()) total += value.byteLength
  if (total > MAX_SECRET_BYTES)
    fail(`${label}: data is larger than 1 MiB, which Kubernetes refuses`, ['data'])
  const rule = type === undefined ? undefined : SECRET_TYPES[type]
  if (rule?.requiredKeys) {
    const missing = rule.requiredKeys.filter((key) => !data.has(key))
    if (missing.length > 0) {
      fail(`${label}: type ${type ?? ''} requires key(s) ${missing.join(', ')}`, ['type'])
    }
  }
  if (rule?.anyOf && !rule.anyOf.some((key) => data.has(key))) {
    fail(`${label}: type ${type ?? ''} requires at least one of ${rule.anyOf.join(', ')}`, ['type'])
  }
  const dockerKey = {
    'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
    'kubernetes.io/dockercfg': '.dockercfg',
  }[type ?? '']
  const dockerConfig = dockerKey === undefined ? undefined : data.get(dockerKey)
  if (dockerKey !== undefined && dockerConfig !== undefined && !isJsonObject(dockerConfig)) {
    fail(`${label}: ${dockerKey} must be a JSON object`, ['data', dockerKey])
  }
  if (type === 'kubernetes.io/service-account-token' && !annotations['kubernetes.io/service-account.name']) {
    fail(
      `${label}: type kubernetes.io/service-account-token needs the annotation kubernetes.io/service-account.name`,
      ['type'],
    )
  }
}

/** Options for {@link secretToObject}. */
export interface SecretToObjectOptions {
  /** Put UTF-8 values under `stringData` instead of base64 under `data` (for people to read). */
  readable?: boolean
  /** Keep each value where the manifest had it: `stringData` keys stay under `stringData` (when UTF-8). */
  asWritten?: boolean
}

/**
 * The plain Kubernetes object of a Secret (`apiVersion`, `kind`, `metadata`, `type`, `immutable`, `data`),
 * ready for {@link stringifyObjects}.
 */
export function secretToObject(secret: Secret, options: SecretToObjectOptions = {}): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...secret.metadata }
  if (secret.name !== undefined) metadata.name = secret.name
  if (secret.namespace !== undefined) metadata.namespace = secret.namespace
  if (Object.keys(secret.labels).length > 0) metadata.labels = secret.labels
  else delete metadata.labels
  if (Object.keys(secret.annotations).length > 0) metadata.annotations = secret.annotations
  else delete metadata.annotations
  const object: Record<string, unknown> = { apiVersion: 'v1', kind: 'Secret', metadata }
  if (secret.type !== undefined) object.type = secret.type
  if (secret.immutable !== undefined) object.immutable = secret.immutable
  // Null prototype: `__proto__` is a valid Secret key and must stay an ordinary property.
  const data: Record<string, string> = Object.create(null) as Record<string, string>
  const stringData: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [key, value] of secret.data) {
    const text =
      options.readable || (options.asWritten && secret.stringDataKeys.has(key))
        ? utf8OrUndefined(value)
        : undefined
    if (text === undefined) data[key] = encodeStdBase64(value)
    else stringData[key] = text
  }
  if (Object.keys(data).length > 0 || Object.keys(stringData).length === 0) object.data = data
  if (Object.keys(stringData).length > 0) object.stringData = stringData
  return object
}

/** The text of `bytes` when they are valid UTF-8 without NUL, else `undefined`. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return text.includes('\0') ? undefined : text
  } catch {
    return undefined
  }
}

function isJsonObject(bytes: Uint8Array): boolean {
  try {
    return isRecord(JSON.parse(new TextDecoder().decode(bytes)))
  } catch {
    return false
  }
}

/** A plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
