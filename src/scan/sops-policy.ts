/**
 * The repository's `.sops.yaml` as the scanner uses it: which files it says must be
 * SOPS-encrypted, and which of their values. Read by the SOPS backend's own parser in its lenient
 * mode (a broken file gives notes, never an exception) so the gate and `gitseal encrypt` always
 * pick the same creation rule.
 */
import { findCreationRule, readSopsConfigLeniently } from '../sops/config.js'
import type { CreationRule, SopsConfig } from '../sops/config.js'

/** A parsed `.sops.yaml`: where it is (relative to the scan root) and its rules in order. */
export interface SopsPolicy {
  file: string
  dir: string
  config: SopsConfig
  /** Problems reading it (bad YAML, regexes that are not RE2); rules affected are skipped or fail closed. */
  notes: string[]
}

/** Parse `.sops.yaml` text; never throws (a broken file gives no rules and a note). */
export function parseSopsPolicy(file: string, text: string): SopsPolicy {
  const slash = file.lastIndexOf('/')
  const { config, notes } = readSopsConfigLeniently(text, file)
  return { file, dir: slash < 0 ? '' : file.slice(0, slash + 1), config, notes }
}

/**
 * The creation rule that decides `path` (relative to the scan root, `/` separators): as sops,
 * the first rule whose `path_regex` (unanchored, against the path relative to the config's
 * directory) and `filename_regex` match. Undefined when no rule matches, the winner is a
 * catch-all (a default for new files, not a demand that every file be encrypted), or the path
 * is the config itself.
 */
export function ruleForPath(policy: SopsPolicy, path: string): CreationRule | undefined {
  // Asked twice per file (which documents to parse, then the policy check): answered once.
  const last = lastAnswer.get(policy)
  if (last?.path === path) return last.rule
  const rule = findRuleForPath(policy, path)
  lastAnswer.set(policy, { path, rule })
  return rule
}

/** The last path each policy was asked about, and its answer. */
const lastAnswer = new WeakMap<SopsPolicy, { path: string; rule: CreationRule | undefined }>()

function findRuleForPath(policy: SopsPolicy, path: string): CreationRule | undefined {
  if (path === policy.file) return undefined
  if (policy.dir !== '' && !path.startsWith(policy.dir)) return undefined
  const rule = findCreationRule(policy.config, path.slice(policy.dir.length))
  if (rule === undefined || (rule.pathRegex === undefined && rule.filenameRegex === undefined))
    return undefined
  return rule
}
