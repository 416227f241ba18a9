/**
 * A minimal reading of `.sops.yaml`: the creation rules' `path_regex` and encryption selectors, to
 * tell which files the repository says must be SOPS-encrypted. Kept light on purpose (no key
 * handling): the scanner only needs "is this path meant to be encrypted, and which leaves".
 */
import { parse } from 'yaml'
import { tryGoRegExp } from '../core/go-regexp.js'
import type { GoRegExp } from '../core/go-regexp.js'
import { selectorFrom } from './analysers/sops-rules.js'
import type { EncryptionSelector } from './analysers/sops-rules.js'

/** One creation rule as the scanner uses it. */
export interface SopsCreationRule {
  /** Undefined for a catch-all rule (no `path_regex`). */
  pathRegex: GoRegExp | undefined
  selector: EncryptionSelector
}

/** A parsed `.sops.yaml`: where it is (relative to the scan root) and its rules in order. */
export interface SopsPolicy {
  file: string
  dir: string
  rules: SopsCreationRule[]
  /** Problems reading it (bad YAML, regexes that are not RE2); rules affected are skipped or fail closed. */
  notes: string[]
}

/** Parse `.sops.yaml` text; never throws (a broken file gives no rules and a note). */
export function parseSopsPolicy(file: string, text: string): SopsPolicy {
  const slash = file.lastIndexOf('/')
  const policy: SopsPolicy = { file, dir: slash < 0 ? '' : file.slice(0, slash + 1), rules: [], notes: [] }
  let root: unknown
  try {
    root = parse(text, { maxAliasCount: 100 }) as unknown
  } catch (error) {
    policy.notes.push(
      `${file}: not valid YAML (${(error as Error).message.split('\n', 1)[0] ?? ''}); its creation rules are not checked`,
    )
    return policy
  }
  const rules = (root as { creation_rules?: unknown } | null)?.creation_rules
  if (!Array.isArray(rules)) return policy
  for (const [index, rule] of (rules as unknown[]).entries()) {
    if (typeof rule !== 'object' || rule === null) continue
    const fields = rule as Record<string, unknown>
    const get = (name: string): string | undefined =>
      typeof fields[name] === 'string' ? fields[name] : undefined
    const source = get('path_regex')
    const pathRegex = source === undefined || source === '' ? undefined : tryGoRegExp(source)
    if (typeof pathRegex === 'string') {
      policy.notes.push(
        `${file}: creation_rules[${index}].path_regex is not a valid RE2 regex (${pathRegex}); sops cannot use this file either, rule skipped`,
      )
      continue
    }
    const selector = selectorFrom(get)
    if (selector.kind === 'unusable')
      policy.notes.push(
        `${file}: creation_rules[${index}].${selector.field} is not a valid RE2 regex (${selector.reason}); every value of the files it covers must be encrypted`,
      )
    policy.rules.push({ pathRegex, selector })
  }
  return policy
}

/**
 * The creation rule that decides `path` (relative to the scan root, `/` separators): SOPS matches
 * `path_regex` unanchored against the path relative to the config's directory, first match wins.
 * Undefined when no rule matches, the winner is a catch-all, or the path is the config itself.
 */
export function ruleForPath(policy: SopsPolicy, path: string): SopsCreationRule | undefined {
  if (path === policy.file) return undefined
  if (policy.dir !== '' && !path.startsWith(policy.dir)) return undefined
  const relative = path.slice(policy.dir.length)
  for (const rule of policy.rules) {
    if (rule.pathRegex === undefined) return undefined
    if (rule.pathRegex.test(relative)) return rule
  }
  return undefined
}
