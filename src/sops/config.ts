/**
 * `.sops.yaml`: creation rules (path_regex, keys, encryption rules) as sops 3.13 reads them.
 * Pure and light to import (only `yaml`): the scanner reads it too, in the lenient mode.
 */
import { parseYamlValue } from '../core/yaml-unique.js'
import { yamlErrorText } from '../core/yaml-error.js'
import { MAX_CONFIG_BYTES, MAX_CREATION_RULES } from '../core/config-limits.js'
import { GitsealError } from '../core/errors.js'
import { goRegExp, tryGoRegExp } from '../core/go-regexp.js'
import type { GoRegExp } from '../core/go-regexp.js'
import { RULE_FIELDS, readRules } from '../core/sops-rules.js'
import type { EncryptionRules } from '../core/sops-rules.js'

/** One `creation_rules` entry. */
export interface CreationRule {
  /** Go regexp matched unanchored against the path relative to the config's directory. */
  pathRegex?: string
  /** Go regexp matched against the file's base name. */
  filenameRegex?: string
  /** Age recipients per key group (one group unless `key_groups` has several). */
  keyGroups: string[][]
  shamirThreshold?: number
  rules: EncryptionRules
  /** Master key kinds gitseal cannot use (pgp, kms, …) named by the rule. */
  unsupportedKeys: string[]
  /** Position in `creation_rules` (0-based), for messages. */
  index: number
}

/** A parsed `.sops.yaml`. */
export interface SopsConfig {
  file: string
  creationRules: CreationRule[]
  /** `stores.yaml.indent`, `stores.json.indent` when set. */
  stores: { yamlIndent?: number; jsonIndent?: number }
}

type Raw = Record<string, unknown>

function bad(file: string, message: string): GitsealError {
  return new GitsealError('E_BAD_CONFIG', `${file}: ${message}`, {
    file,
    hint: 'See https://getsops.io/docs/#using-sops-yaml-conf-to-select-kms-pgp-and-age-for-new-files',
  })
}

function isRaw(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** A key list given as a comma-separated string or a YAML list (sops ≥ 3.11). */
function keyList(value: unknown, file: string, what: string): string[] {
  if (value === undefined || value === null) return []
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined
  if (!items) throw bad(file, `${what} must be a string or a list`)
  return items
    .map((item) => {
      if (typeof item !== 'string') throw bad(file, `${what} entries must be strings`)
      return item.trim()
    })
    .filter((item) => item !== '')
}

const OTHER_KEYS = ['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'hckms', 'hc_vault']

function groupKeys(group: Raw, file: string, unsupported: Set<string>): string[] {
  const age = keyList(group.age, file, 'age')
  for (const kind of OTHER_KEYS) {
    const v = group[kind]
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '')
      unsupported.add(kind)
  }
  const merged = Array.isArray(group.merge) ? group.merge : []
  for (const m of merged) if (isRaw(m)) age.push(...groupKeys(m, file, unsupported))
  return [...new Set(age)]
}

/**
 * How problems are handled: strict (sops and the encrypting commands) throws; lenient (the
 * scanner, which must go on) records a note and keeps what it can, failing closed: a rule whose
 * encryption regex is not RE2 is kept (every value it covers must be encrypted), a rule whose
 * path regex is not RE2 is dropped (sops cannot use the file either).
 */
type Problems = ((message: string) => void) | undefined

function problem(notes: Problems, file: string, message: string): void {
  if (notes === undefined) throw bad(file, message)
  notes(message)
}

function ruleKeys(raw: Raw, at: string, file: string, unsupported: Set<string>): string[][] {
  if (raw.key_groups === undefined || raw.key_groups === null) return [groupKeys(raw, file, unsupported)]
  if (!Array.isArray(raw.key_groups)) throw bad(file, `${at}.key_groups must be a list`)
  return raw.key_groups.map((g: unknown) => {
    if (!isRaw(g)) throw bad(file, `${at}.key_groups entries must be mappings`)
    return groupKeys(g, file, unsupported)
  })
}

function parseRule(raw: unknown, index: number, file: string, notes: Problems): CreationRule | undefined {
  const at = `creation_rules[${String(index)}]`
  if (!isRaw(raw)) {
    problem(notes, file, `${at} is not a mapping`)
    return undefined
  }
  const unsupported = new Set<string>()
  let keyGroups: string[][] = []
  try {
    keyGroups = ruleKeys(raw, at, file, unsupported)
  } catch (error) {
    // The scanner needs no keys: a rule with broken keys still says which files must be encrypted.
    if (notes === undefined) throw error
  }
  const rules = encryptionRules(raw, at, file, notes)
  const paths = pathMatchers(raw, at, file, notes)
  if (paths === undefined) return undefined
  const rule: CreationRule = { keyGroups, rules, unsupportedKeys: [...unsupported], index, ...paths }
  if (raw.shamir_threshold !== undefined) {
    const t = Number(raw.shamir_threshold)
    if (Number.isInteger(t) && t >= 1) rule.shamirThreshold = t
    else problem(notes, file, `${at}.shamir_threshold must be a positive integer`)
    // Checked here so the error names the file (sops' Shamir split refuses it too).
    const groups = keyGroups.length
    if (groups > 1 && Number.isInteger(t) && (t < 2 || t > groups))
      problem(
        notes,
        file,
        `${at}.shamir_threshold ${String(t)} must be between 2 and its ${String(groups)} key groups`,
      )
  }
  return rule
}

/**
 * The rule's encryption rule (`encrypted_regex`, `unencrypted_suffix`…): at most one, a string. A
 * regex that is not RE2 is kept in the lenient mode (every value it covers must then be encrypted).
 */
function encryptionRules(raw: Raw, at: string, file: string, notes: Problems): EncryptionRules {
  for (const [field] of RULE_FIELDS) {
    const v = raw[field]
    if (v !== undefined && v !== null && typeof v !== 'string')
      problem(notes, file, `${at}.${field} must be a string`)
  }
  const { rules, count } = readRules((field) => raw[field])
  if (count > 1) problem(notes, file, `${at} sets more than one encryption rule (suffix/regex)`)
  for (const [field, prop] of RULE_FIELDS) {
    const v = rules[prop]
    if (!field.endsWith('regex') || v === undefined) continue
    const compiled = tryGoRegExp(v)
    if (typeof compiled === 'string') {
      if (notes === undefined) goRegExp(v, `${file}: ${at}.${field}`)
      notes?.(
        `${at}.${field} is not a valid RE2 regex (${compiled}); every value of the files it covers must be encrypted`,
      )
    }
  }
  return rules
}

/**
 * The rule's `path_regex` and `filename_regex`, or undefined when the rule must be skipped (in the
 * lenient mode) because one is not a string or not RE2: sops cannot use the file either.
 */
function pathMatchers(
  raw: Raw,
  at: string,
  file: string,
  notes: Problems,
): Pick<CreationRule, 'pathRegex' | 'filenameRegex'> | undefined {
  const matchers: Pick<CreationRule, 'pathRegex' | 'filenameRegex'> = {}
  for (const [field, prop] of [
    ['path_regex', 'pathRegex'],
    ['filename_regex', 'filenameRegex'],
  ] as const) {
    const v = raw[field]
    if (v === undefined || v === null) continue
    if (typeof v !== 'string') {
      problem(notes, file, `${at}.${field} must be a string; rule skipped`)
      return undefined
    }
    const compiled = tryGoRegExp(v)
    if (typeof compiled === 'string') {
      if (notes === undefined) goRegExp(v, `${file}: ${at}.${field}`)
      notes?.(
        `${at}.${field} is not a valid RE2 regex (${compiled}); sops cannot use this file either, rule skipped`,
      )
      return undefined
    }
    matchers[prop] = v
  }
  return matchers
}

function parseConfig(text: string, file: string, notes: Problems): SopsConfig {
  const empty: SopsConfig = { file, creationRules: [], stores: {} }
  if (text.length > MAX_CONFIG_BYTES) {
    problem(notes, file, `larger than ${MAX_CONFIG_BYTES} bytes (${text.length}): not read`)
    return empty
  }
  let raw: unknown
  try {
    raw = parseYamlValue(text)
  } catch (cause) {
    problem(notes, file, `not valid YAML: ${yamlErrorText(cause as Error)}`)
    return empty
  }
  if (raw === null || raw === undefined) raw = {}
  if (!isRaw(raw)) {
    problem(notes, file, 'the top level must be a mapping')
    return empty
  }
  const rulesRaw = raw.creation_rules ?? []
  if (!Array.isArray(rulesRaw)) {
    problem(notes, file, 'creation_rules must be a list')
    return empty
  }
  if (rulesRaw.length > MAX_CREATION_RULES) {
    problem(notes, file, `more than ${MAX_CREATION_RULES} creation_rules (${rulesRaw.length}): not read`)
    return empty
  }
  const stores: SopsConfig['stores'] = {}
  if (isRaw(raw.stores)) {
    const yamlIndent = isRaw(raw.stores.yaml) ? raw.stores.yaml.indent : undefined
    const jsonIndent = isRaw(raw.stores.json) ? raw.stores.json.indent : undefined
    if (typeof yamlIndent === 'number') stores.yamlIndent = yamlIndent
    if (typeof jsonIndent === 'number') stores.jsonIndent = jsonIndent
  }
  const creationRules: CreationRule[] = []
  rulesRaw.forEach((r: unknown, i) => {
    const rule = parseRule(r, i, file, notes)
    if (rule !== undefined) creationRules.push(rule)
  })
  return { file, creationRules, stores }
}

/**
 * Parse `.sops.yaml` text strictly, as sops does before encrypting.
 * @throws GitsealError `E_BAD_CONFIG` naming `file` for invalid YAML, regexps or rule fields.
 */
export function parseSopsConfig(text: string, file: string): SopsConfig {
  return parseConfig(text, file, undefined)
}

/**
 * Parse `.sops.yaml` text leniently, for the scanner: never throws; each problem becomes a note
 * (`file: …`) and the rules that still say something are kept (see {@link parseSopsConfig}).
 */
export function readSopsConfigLeniently(text: string, file: string): { config: SopsConfig; notes: string[] } {
  const notes: string[] = []
  const config = parseConfig(text, file, (message) => notes.push(`${file}: ${message}`))
  return { config, notes }
}

/**
 * The path sops matches `path_regex` against: `filePath` relative to the config's directory when
 * it is below it, else the absolute path. Both arguments absolute, `/`-separated.
 */
export function pathForRules(configDir: string, filePath: string): string {
  const prefix = configDir.endsWith('/') ? configDir : `${configDir}/`
  return filePath.startsWith(prefix) ? filePath.slice(prefix.length) : filePath
}

/**
 * The first creation rule matching `filePath` (as given by {@link pathForRules}), or undefined.
 * A rule without `path_regex`/`filename_regex` matches everything.
 */
export function findCreationRule(config: SopsConfig, filePath: string): CreationRule | undefined {
  const base = filePath.slice(filePath.lastIndexOf('/') + 1)
  return config.creationRules.find(
    (rule) =>
      (rule.pathRegex === undefined ||
        ruleRegExp(config, rule, 'path_regex', rule.pathRegex).test(filePath)) &&
      (rule.filenameRegex === undefined ||
        ruleRegExp(config, rule, 'filename_regex', rule.filenameRegex).test(base)),
  )
}

/**
 * A rule's regexes, compiled once per rule: a scan asks about every file of a tree, and the shared
 * cache of compiled patterns holds 256, so a `.sops.yaml` of 9,000 rules had them all compiled
 * again for each file (0.15 s a file: 3,000 files took 8 minutes).
 */
const compiledRules = new WeakMap<CreationRule, Map<string, GoRegExp>>()

function ruleRegExp(config: SopsConfig, rule: CreationRule, field: string, pattern: string): GoRegExp {
  let compiled = compiledRules.get(rule)
  if (compiled === undefined) compiledRules.set(rule, (compiled = new Map<string, GoRegExp>()))
  let re = compiled.get(field)
  if (re === undefined) {
    re = goRegExp(pattern, `${config.file}: creation_rules[${String(rule.index)}].${field}`)
    compiled.set(field, re)
  }
  return re
}

/**
 * The age recipient groups of a rule.
 * @throws GitsealError `E_BAD_CONFIG` when the rule names no age keys (e.g. only pgp).
 */
export function ruleRecipients(rule: CreationRule, file: string): string[][] {
  const groups = rule.keyGroups.filter((g) => g.length > 0)
  if (groups.length === 0 || groups.length !== rule.keyGroups.length) {
    const other =
      rule.unsupportedKeys.length > 0
        ? ` (it names ${rule.unsupportedKeys.join(', ')}, which gitseal does not support)`
        : ''
    throw bad(file, `creation_rules[${String(rule.index)}] has no age recipients${other}`)
  }
  return groups
}
