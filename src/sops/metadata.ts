/**
 * The `sops:` metadata block: read every layout sops 3.x wrote (struct order with `null`/`[]`
 * empty lists, 3.10 omit-empty, 3.13 alphabetical, flattened dotenv/INI) and write the 3.13
 * layout (keys sorted at every level).
 */
import { GitsealError } from '../core/errors.js'
import { goRegExp } from '../core/go-regexp.js'
import { goRfc3339 } from './mac.js'
import type { Plain } from './tree.js'
import { RULE_FIELDS, readRules, withDefault } from '../core/sops-rules.js'
import type { EncryptionRules } from '../core/sops-rules.js'

/** The sops version whose file layout gitseal writes (recorded as `version`). */
export const SOPS_FORMAT_VERSION = '3.13.2'

/** One age master key: the recipient and the data key (or Shamir share) wrapped for it. */
export interface AgeKeyEntry {
  recipient: string
  /** Armored age file holding the data key. */
  enc: string
}

/** A key group: any one key opens the group's share of the data key. */
export interface KeyGroup {
  age: AgeKeyEntry[]
  /** Other master key kinds (`pgp`, `kms`, …), kept verbatim so re-writes do not drop them. */
  others: Record<string, Plain[]>
}

/** Typed sops metadata. */
export interface SopsMetadata {
  keyGroups: KeyGroup[]
  /** Shares needed when there are several groups; 0 = not set (all groups). */
  shamirThreshold: number
  /** RFC 3339 time of the last encryption; the MAC's additional data. */
  lastModified: string
  /** Encrypted MAC (`ENC[…]`), or `''` when absent. */
  mac: string
  rules: EncryptionRules
  version: string
}

const OTHER_KINDS = ['pgp', 'kms', 'gcp_kms', 'hckms', 'azure_kv', 'hc_vault'] as const
function bad(file: string, message: string): GitsealError {
  return new GitsealError('E_SOPS_BAD_FORMAT', `${file}: sops metadata: ${message}`, {
    file,
    hint: 'The sops block is damaged; restore it from Git.',
  })
}

function isObject(value: Plain | undefined): value is Record<string, Plain> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function str(value: Plain | undefined): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'object') return undefined
  return typeof value === 'string' ? value : String(value)
}

function list(value: Plain | undefined, file: string, what: string): Plain[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw bad(file, `${what} is not a list`)
  return value
}

/**
 * Limits on the key entries of one file. Real files name a handful of recipients; a crafted one
 * with 20,000 age stanzas (each tried with every identity) took 13 s to refuse.
 */
export const METADATA_LIMITS = {
  /** Key groups (Shamir shares). */
  maxKeyGroups: 64,
  /** Age entries over all groups. */
  maxAgeKeys: 256,
  /** Characters of one age entry's `enc` (an age file for a 32-byte key is well under 2 KiB). */
  maxEncLength: 16 * 1024,
  /**
   * Recipient stanzas over all entries (sops writes one per entry). Each costs every identity a key
   * agreement (~4 ms): 256 entries of 115 stanzas each (4.8 MB) took 28 s to refuse.
   */
  maxAgeStanzas: 256,
}

function readGroup(source: Record<string, Plain>, file: string): KeyGroup {
  const age = list(source.age, file, 'age').map((entry) => {
    if (!isObject(entry)) throw bad(file, 'an age entry is not a mapping')
    const recipient = str(entry.recipient)
    const enc = str(entry.enc)
    if (recipient === undefined || enc === undefined) throw bad(file, 'an age entry lacks recipient or enc')
    if (enc.length > METADATA_LIMITS.maxEncLength)
      throw bad(file, `an age entry's enc is longer than ${METADATA_LIMITS.maxEncLength} characters`)
    return { recipient: recipient.trim(), enc }
  })
  const others: Record<string, Plain[]> = {}
  for (const kind of OTHER_KINDS) {
    const entries = list(source[kind], file, kind)
    if (entries.length > 0) others[kind] = entries
  }
  return { age, others }
}

/**
 * Type a raw `sops` block (already unflattened for dotenv/INI).
 * @throws GitsealError `E_SOPS_BAD_FORMAT` for a damaged block or one with no keys at all.
 */
export function parseMetadata(raw: Plain, file: string): SopsMetadata {
  if (!isObject(raw)) throw bad(file, 'the sops entry is not a mapping')
  const groupsRaw = list(raw.key_groups, file, 'key_groups')
  if (groupsRaw.length > METADATA_LIMITS.maxKeyGroups)
    throw bad(file, `${groupsRaw.length} key groups; gitseal accepts at most ${METADATA_LIMITS.maxKeyGroups}`)
  const ageCount = [raw, ...groupsRaw].reduce<number>(
    (sum, group) => sum + (isObject(group) && Array.isArray(group.age) ? group.age.length : 0),
    0,
  )
  // Counted before any entry is read: the limit is what keeps the work per file small.
  if (ageCount > METADATA_LIMITS.maxAgeKeys)
    throw bad(file, `${ageCount} age keys; gitseal accepts at most ${METADATA_LIMITS.maxAgeKeys}`)
  const keyGroups =
    groupsRaw.length > 0
      ? groupsRaw.map((group) => {
          if (!isObject(group)) throw bad(file, 'a key group is not a mapping')
          return readGroup(group, file)
        })
      : [readGroup(raw, file)]
  if (keyGroups.every((g) => g.age.length === 0 && Object.keys(g.others).length === 0)) {
    throw bad(file, 'no master keys found in the file')
  }
  const lastModified = str(raw.lastmodified)
  if (lastModified === undefined || goRfc3339(lastModified) === undefined) {
    throw bad(file, 'lastmodified is missing or not an RFC 3339 time')
  }
  const read = readRules((field) => (field === 'mac_only_encrypted' ? raw[field] : str(raw[field])))
  if (read.count > 1) throw bad(file, 'more than one encryption rule (suffix/regex) is set')
  for (const [field, prop] of RULE_FIELDS) {
    const value = read.rules[prop]
    // Checked here so the error names the file; the walk compiles it again from the cache.
    if (value !== undefined && field.endsWith('regex')) goRegExp(value, `${file}: sops.${field}`)
  }
  const rules: EncryptionRules = withDefault(read.rules)
  const threshold = raw.shamir_threshold
  const shamirThreshold = threshold === undefined || threshold === null ? 0 : Number(threshold)
  if (!Number.isInteger(shamirThreshold) || shamirThreshold < 0)
    throw bad(file, 'shamir_threshold is not a number')
  return {
    keyGroups,
    shamirThreshold,
    lastModified,
    mac: str(raw.mac) ?? '',
    rules,
    version: str(raw.version) ?? '',
  }
}

/** The 3.13 layout of the `sops` block as plain data, keys sorted at every level. */
export function serializeMetadata(md: SopsMetadata): Record<string, Plain> {
  const out: Record<string, Plain> = {}
  const groupToPlain = (group: KeyGroup): Record<string, Plain> => {
    const g: Record<string, Plain> = {}
    if (group.age.length > 0) g.age = group.age.map((a) => ({ enc: a.enc, recipient: a.recipient }))
    for (const [kind, entries] of Object.entries(group.others)) g[kind] = entries
    return g
  }
  if (md.keyGroups.length === 1 && md.keyGroups[0]) Object.assign(out, groupToPlain(md.keyGroups[0]))
  else out.key_groups = md.keyGroups.map(groupToPlain)
  for (const [field, prop] of RULE_FIELDS) {
    const value = md.rules[prop]
    if (value !== undefined) out[field] = value
  }
  out.lastmodified = md.lastModified
  out.mac = md.mac
  if (md.rules.macOnlyEncrypted) out.mac_only_encrypted = true
  if (md.shamirThreshold > 0) out.shamir_threshold = md.shamirThreshold
  out.version = md.version
  return sortKeys(out) as Record<string, Plain>
}

function sortKeys(value: Plain): Plain {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (isObject(value)) {
    const out: Record<string, Plain> = {}
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, {
        value: sortKeys(value[key] ?? null),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return value
}

/** Flatten metadata for dotenv/INI: `age__list_0__map_enc`; scalars become strings. */
export function flattenMetadata(value: Plain, prefix = ''): [string, string][] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => flattenMetadata(v, `${prefix}__list_${String(i)}`))
  }
  if (isObject(value)) {
    return Object.entries(value).flatMap(([k, v]) =>
      flattenMetadata(v, prefix === '' ? k : `${prefix}__map_${k}`),
    )
  }
  if (value === null) return []
  return [[prefix, typeof value === 'boolean' ? String(value) : String(value)]]
}

/** Rebuild the nested block from flattened `[key, value]` pairs (any order). */
export function unflattenMetadata(entries: [string, string][], file: string): Record<string, Plain> {
  const root: Record<string, Plain> = {}
  for (const [key, value] of entries) {
    const parts = key.split(/(__map_|__list_\d+)/).filter((p) => p !== '')
    const first = parts.shift()
    if (first === undefined) continue
    const steps: (string | number)[] = [first]
    for (const part of parts) {
      if (part === '__map_') continue
      const m = /^__list_(\d+)$/.exec(part)
      steps.push(m ? Number(m[1]) : part)
    }
    let node: Record<string, Plain> | Plain[] = root
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as string | number
      const last = i === steps.length - 1
      const next = steps[i + 1]
      const container = node as Record<string | number, Plain>
      if (last) {
        setOwn(container, step, value)
      } else {
        let child = Object.hasOwn(container, step) ? container[step] : undefined
        if (child === undefined || child === null || typeof child !== 'object') {
          child = typeof next === 'number' ? [] : {}
          setOwn(container, step, child)
        }
        node = child
      }
    }
  }
  if (Object.keys(root).length === 0) throw bad(file, 'empty')
  return root
}

function setOwn(container: Record<string | number, Plain>, key: string | number, value: Plain): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true })
}
