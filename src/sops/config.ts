/**
 * `.sops.yaml`: creation rules (path_regex, keys, encryption rules) as sops 3.13 reads them.
 * Pure and light to import (only `yaml`): the scanner reuses it.
 */
import { parseYamlValue } from '../core/yaml-unique.js'
import { GitsealError } from '../core/errors.js'
import { goRegExp } from '../core/go-regexp.js'
import { RULE_FIELDS } from './metadata.js'
import type { EncryptionRules } from './walk.js'

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

function parseRule(raw: unknown, index: number, file: string): CreationRule {
  if (!isRaw(raw)) throw bad(file, `creation_rules[${String(index)}] is not a mapping`)
  const unsupported = new Set<string>()
  let keyGroups: string[][]
  if (raw.key_groups !== undefined && raw.key_groups !== null) {
    if (!Array.isArray(raw.key_groups))
      throw bad(file, `creation_rules[${String(index)}].key_groups must be a list`)
    keyGroups = raw.key_groups.map((g: unknown) => {
      if (!isRaw(g)) throw bad(file, `creation_rules[${String(index)}].key_groups entries must be mappings`)
      return groupKeys(g, file, unsupported)
    })
  } else {
    keyGroups = [groupKeys(raw, file, unsupported)]
  }
  const rules: EncryptionRules = {}
  let count = 0
  for (const [field, prop] of RULE_FIELDS) {
    const v = raw[field]
    if (v === undefined || v === null || v === '') continue
    if (typeof v !== 'string') throw bad(file, `creation_rules[${String(index)}].${field} must be a string`)
    if (field.endsWith('regex')) goRegExp(v, `${file}: creation_rules[${String(index)}].${field}`)
    rules[prop] = v
    count++
  }
  if (count > 1)
    throw bad(file, `creation_rules[${String(index)}] sets more than one encryption rule (suffix/regex)`)
  if (raw.mac_only_encrypted === true) rules.macOnlyEncrypted = true
  const rule: CreationRule = { keyGroups, rules, unsupportedKeys: [...unsupported], index }
  for (const [field, prop] of [
    ['path_regex', 'pathRegex'],
    ['filename_regex', 'filenameRegex'],
  ] as const) {
    const v = raw[field]
    if (v === undefined || v === null) continue
    if (typeof v !== 'string') throw bad(file, `creation_rules[${String(index)}].${field} must be a string`)
    goRegExp(v, `${file}: creation_rules[${String(index)}].${field}`)
    rule[prop] = v
  }
  if (raw.shamir_threshold !== undefined) {
    const t = Number(raw.shamir_threshold)
    if (!Number.isInteger(t) || t < 1)
      throw bad(file, `creation_rules[${String(index)}].shamir_threshold must be a positive integer`)
    rule.shamirThreshold = t
  }
  return rule
}

/**
 * Parse `.sops.yaml` text.
 * @throws GitsealError `E_BAD_CONFIG` naming `file` for invalid YAML, regexps or rule fields.
 */
export function parseSopsConfig(text: string, file: string): SopsConfig {
  let raw: unknown
  try {
    raw = parseYamlValue(text)
  } catch (cause) {
    throw bad(file, `not valid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`)
  }
  if (raw === null || raw === undefined) raw = {}
  if (!isRaw(raw)) throw bad(file, 'the top level must be a mapping')
  const rulesRaw = raw.creation_rules ?? []
  if (!Array.isArray(rulesRaw)) throw bad(file, 'creation_rules must be a list')
  const stores: SopsConfig['stores'] = {}
  if (isRaw(raw.stores)) {
    const yamlIndent = isRaw(raw.stores.yaml) ? raw.stores.yaml.indent : undefined
    const jsonIndent = isRaw(raw.stores.json) ? raw.stores.json.indent : undefined
    if (typeof yamlIndent === 'number') stores.yamlIndent = yamlIndent
    if (typeof jsonIndent === 'number') stores.jsonIndent = jsonIndent
  }
  return { file, creationRules: rulesRaw.map((r: unknown, i) => parseRule(r, i, file)), stores }
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
        goRegExp(rule.pathRegex, `${config.file}: creation_rules[${String(rule.index)}].path_regex`).test(
          filePath,
        )) &&
      (rule.filenameRegex === undefined ||
        goRegExp(
          rule.filenameRegex,
          `${config.file}: creation_rules[${String(rule.index)}].filename_regex`,
        ).test(base)),
  )
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
