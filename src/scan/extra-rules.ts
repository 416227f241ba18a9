/** Extra rules from `gitseal.yaml` (`scan.rules`): validated and compiled like built-in ones. */
import { GitsealError } from '../core/errors.js'
import type { Severity } from './types.js'
import { ROTATE } from './rules/define.js'
import type { RawMatch, Rule } from './rules/types.js'
import { tryGoRegExp } from '../core/go-regexp.js'
import type { GoRegExp } from '../core/go-regexp.js'
import { isPlaceholder } from './placeholder.js'
import { linesHolding, literalPrefix, literalSearch, patternShape } from './extra-rule-lines.js'

/** An extra rule as written in `gitseal.yaml`: `{ id, regex, keywords?, title?, severity? }`. */
export type RuleConfig = Record<string, unknown>

const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low']

/** Most extra rules a gitseal.yaml may hold: each runs on every file scanned. */
export const MAX_EXTRA_RULES = 500

function bad(index: number, what: string): GitsealError {
  return new GitsealError('E_BAD_CONFIG', `gitseal.yaml: scan.rules[${index}]: ${what}`, {
    hint: 'Each extra rule needs `id` and `regex` (group 1 or a group named `secret` is the secret); `keywords`, `title`, `severity` (high|medium|low) are optional.',
  })
}

// The rule's regex runs on RE2 (gitseal.yaml may come from a pull request): a finder rather than a
// JavaScript RegExp, with the placeholder filter the matcher applies to regex rules. A placeholder
// is yielded with an empty secret: the matcher drops it but counts it toward its limit of checked
// matches, so a file of dropped matches stops there (scan-incomplete) instead of running on.
// RE2 runs only where a match can be (see extra-rule-lines.ts): not at all without the
// pattern's literal, and only on the lines holding it when its matches stay on one line.
// A pattern whose matches may span lines but start with a literal is searched only where the
// literal occurs (GoRegExp.matchesStartingAt: the same matches, on re2js's faster engine).
function finder(regex: GoRegExp, stopwords: readonly string[]): (text: string) => Generator<RawMatch> {
  const shape = patternShape(regex.source)
  const search = shape === undefined ? undefined : literalSearch(shape)
  const prefix = literalPrefix(regex.source)
  const prefixSearch = prefix === undefined ? undefined : literalSearch(prefix)
  const nextPrefix = (text: string, from: number): number => {
    if (prefixSearch === undefined) return -1
    prefixSearch.lastIndex = from
    return prefixSearch.exec(text)?.index ?? -1
  }
  function* run(text: string, offset: number): Generator<RawMatch> {
    // Starts whose match would run past what re2js's fast engine reads: reported, not searched on.
    const tooLong: number[] = []
    const unchecked = function* (): Generator<RawMatch> {
      for (const at of tooLong.splice(0))
        yield { start: at + offset, end: at + offset, secret: '', unchecked: true }
    }
    const matches =
      prefixSearch === undefined
        ? regex.matches(text)
        : regex.matchesStartingAt(
            text,
            (from) => nextPrefix(text, from),
            (at) => tooLong.push(at),
          )
    for (const match of matches) {
      yield* unchecked()
      const [start, end] = match.group('secret') ?? match.group(1) ?? [match.start, match.end]
      const secret = text.slice(start, end)
      yield {
        start: start + offset,
        end: end + offset,
        secret: isPlaceholder(secret, stopwords) ? '' : secret,
      }
    }
    yield* unchecked()
  }
  return function* find(text) {
    if (shape === undefined || search === undefined) {
      yield* run(text, 0)
      return
    }
    if (!shape.singleLine) {
      search.lastIndex = 0
      if (search.test(text)) yield* run(text, 0)
      return
    }
    for (const [start, end] of linesHolding(text, search)) yield* run(text.slice(start, end), start)
  }
}

/**
 * Compile extra rules; ids must not clash with built-in ones (`known`) or each other. `stopwords`
 * are the allowlist's, for the placeholder filter.
 * @throws GitsealError `E_BAD_CONFIG` naming the rule that is wrong.
 */
export function compileExtraRules(
  configs: readonly RuleConfig[],
  known: ReadonlySet<string>,
  stopwords: readonly string[] = [],
): Rule[] {
  if (configs.length > MAX_EXTRA_RULES)
    throw new GitsealError(
      'E_BAD_CONFIG',
      `gitseal.yaml: scan.rules: ${configs.length} rules; at most ${MAX_EXTRA_RULES} (each reads every file scanned)`,
      { hint: 'Keep the rules your repository needs; the built-in rules cover the common providers.' },
    )
  const seen = new Set(known)
  return configs.map((config, index) => {
    const { id, regex, keywords, title, severity } = config
    if (typeof id !== 'string' || id === '') throw bad(index, 'id must be a non-empty string')
    if (seen.has(id)) throw bad(index, `id ${id} is already used by another rule`)
    seen.add(id)
    if (typeof regex !== 'string' || regex === '') throw bad(index, 'regex must be a non-empty string')
    const compiled = tryGoRegExp(regex)
    if (typeof compiled === 'string') throw bad(index, `regex of ${id} is not valid RE2: ${compiled}`)
    if (
      keywords !== undefined &&
      (!Array.isArray(keywords) || !keywords.every((k) => typeof k === 'string'))
    ) {
      throw bad(index, 'keywords must be a list of strings')
    }
    if (title !== undefined && typeof title !== 'string') throw bad(index, 'title must be a string')
    if (severity !== undefined && !SEVERITIES.includes(severity as Severity))
      throw bad(index, 'severity must be high, medium or low')
    const rule: Rule = {
      id,
      title: title ?? `Custom rule ${id}`,
      severity: (severity as Severity | undefined) ?? 'high',
      description: `Custom rule ${id} from gitseal.yaml.`,
      remediation: ROTATE,
      keywords: (keywords ?? []).map((word) => word.toLowerCase()),
      find: finder(compiled, stopwords),
      kind: 'provider',
    }
    return rule
  })
}
