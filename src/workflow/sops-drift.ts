/**
 * "Needs updatekeys": SOPS files whose age recipients are not those `.sops.yaml` names for their
 * path now. Reads the recipients straight from the file's `sops` block (the format is stable), so
 * `status` can report drift without the SOPS backend or any key.
 */
import { parseYamlValue } from '../core/yaml-unique.js'
import { GitsealError } from '../core/errors.js'
import { isRecord } from '../core/secret.js'
import { goRegExp } from '../core/go-regexp.js'
import type { GoRegExp } from '../core/go-regexp.js'

/** One creation rule, reduced to what drift needs. */
export interface SopsRecipientRule {
  pathRegex: GoRegExp | undefined
  /** age recipients of the rule (flat `age`, or every `key_groups[].age`). */
  age: string[]
}

const list = (value: unknown): string[] =>
  (typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.map(String) : [])
    .map((item) => item.trim())
    .filter((item) => item !== '')

/**
 * The creation rules of a `.sops.yaml`, in order.
 * @throws GitsealError `E_BAD_CONFIG` naming the file for invalid YAML or an invalid path_regex.
 */
export function sopsRecipientRules(text: string, file: string): SopsRecipientRule[] {
  let value: unknown
  try {
    value = parseYamlValue(text)
  } catch (cause) {
    throw new GitsealError(
      'E_BAD_CONFIG',
      `${file}: invalid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`,
      {
        cause,
        file,
      },
    )
  }
  const rules =
    isRecord(value) && Array.isArray(value.creation_rules) ? (value.creation_rules as unknown[]) : []
  return rules.filter(isRecord).map((rule, i) => {
    const pathRegex =
      typeof rule.path_regex === 'string'
        ? goRegExp(rule.path_regex, `${file}: creation_rules[${i}].path_regex`)
        : undefined
    const age = Array.isArray(rule.key_groups)
      ? rule.key_groups.filter(isRecord).flatMap((group) => list(group.age))
      : list(rule.age)
    return { pathRegex, age: [...new Set(age)] }
  })
}

/** The age recipients the first matching rule names for `relativePath`, or undefined when none matches. */
export function expectedRecipients(
  rules: readonly SopsRecipientRule[],
  relativePath: string,
): string[] | undefined {
  return rules.find((rule) => rule.pathRegex === undefined || rule.pathRegex.test(relativePath))?.age
}

/** The age recipients a SOPS-encrypted document is encrypted for, or undefined when it is not one. */
export function documentAgeRecipients(value: unknown): string[] | undefined {
  if (!isRecord(value) || !isRecord(value.sops)) return undefined
  const { sops } = value
  const groups = Array.isArray(sops.key_groups) ? sops.key_groups.filter(isRecord) : []
  const entries = [sops.age, ...groups.map((group) => group.age)].flatMap((age): unknown[] =>
    Array.isArray(age) ? (age as unknown[]) : [],
  )
  return [...new Set(entries.filter(isRecord).map((entry) => String(entry.recipient)))]
}

/** A one-line description of the difference, or undefined when the sets are equal. */
export function recipientDrift(actual: readonly string[], expected: readonly string[]): string | undefined {
  const missing = expected.filter((r) => !actual.includes(r))
  const extra = actual.filter((r) => !expected.includes(r))
  if (missing.length === 0 && extra.length === 0) return undefined
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    extra.length > 0 ? `no longer listed ${extra.join(', ')}` : '',
  ]
  return parts.filter(Boolean).join('; ')
}
