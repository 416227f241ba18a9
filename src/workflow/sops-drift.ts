/**
 * "Needs updatekeys": SOPS files whose age recipients are not those `.sops.yaml` names for their
 * path now. The config is read by sops' own parser (sops/config.ts) and the rule chosen as
 * `updatekeys` and `encrypt` choose it, so `status` and `updatekeys` never disagree about a file.
 * The file's recipients are read straight from its `sops` block (the format is stable), so `status`
 * reports drift without the SOPS backend or any key.
 */
import { isRecord } from '../core/secret.js'
import { findCreationRule } from '../sops/config.js'
import type { SopsConfig } from '../sops/config.js'

/**
 * The age recipients (of every key group) of the creation rule that governs `relativePath` (relative
 * to the config's directory), or undefined when no rule matches.
 */
export function expectedRecipients(config: SopsConfig, relativePath: string): string[] | undefined {
  const rule = findCreationRule(config, relativePath)
  return rule && [...new Set(rule.keyGroups.flat())]
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
