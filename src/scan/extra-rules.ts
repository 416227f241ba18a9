/** Extra rules from `gitseal.yaml` (`scan.rules`): validated and compiled like built-in ones. */
import { GitsealError } from '../core/errors.js'
import type { Severity } from './types.js'
import { provider } from './rules/define.js'
import type { Rule } from './rules/types.js'
import { goRegex } from './go-regex.js'

/** An extra rule as written in `gitseal.yaml`: `{ id, regex, keywords?, title?, severity? }`. */
export type RuleConfig = Record<string, unknown>

const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low']

function bad(index: number, what: string): GitsealError {
  return new GitsealError('E_BAD_CONFIG', `gitseal.yaml: scan.rules[${index}]: ${what}`, {
    hint: 'Each extra rule needs `id` and `regex` (group 1 or a group named `secret` is the secret); `keywords`, `title`, `severity` (high|medium|low) are optional.',
  })
}

/**
 * Compile extra rules; ids must not clash with built-in ones (`known`) or each other.
 * @throws GitsealError `E_BAD_CONFIG` naming the rule that is wrong.
 */
export function compileExtraRules(configs: readonly RuleConfig[], known: ReadonlySet<string>): Rule[] {
  const seen = new Set(known)
  return configs.map((config, index) => {
    const { id, regex, keywords, title, severity } = config
    if (typeof id !== 'string' || id === '') throw bad(index, 'id must be a non-empty string')
    if (seen.has(id)) throw bad(index, `id ${id} is already used by another rule`)
    seen.add(id)
    if (typeof regex !== 'string' || regex === '') throw bad(index, 'regex must be a non-empty string')
    const compiled = goRegex(regex)
    if (compiled === undefined) throw bad(index, `regex of ${id} does not compile`)
    if (
      keywords !== undefined &&
      (!Array.isArray(keywords) || !keywords.every((k) => typeof k === 'string'))
    ) {
      throw bad(index, 'keywords must be a list of strings')
    }
    if (title !== undefined && typeof title !== 'string') throw bad(index, 'title must be a string')
    if (severity !== undefined && !SEVERITIES.includes(severity as Severity))
      throw bad(index, 'severity must be high, medium or low')
    return provider(id, title ?? `Custom rule ${id}`, keywords ?? [], compiled, {
      severity: (severity as Severity | undefined) ?? 'high',
      description: `Custom rule ${id} from gitseal.yaml.`,
    })
  })
}
