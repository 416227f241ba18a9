/** Small helpers that keep the rule tables readable. */
import type { Severity } from '../types.js'
import type { Rule } from './types.js'

/** Options of {@link provider}. */
export interface ProviderOptions {
  severity?: Severity
  description?: string
  remediation?: string
  validate?: Rule['validate']
  minEntropy?: number
  paths?: RegExp
  skipPlaceholder?: boolean
  verified?: Rule['verified']
  search?: Rule['search']
}

/** Default advice for a leaked credential. */
export const ROTATE =
  'Revoke and rotate it at the provider, remove it from the file (and history), and deliver it as a protected Secret: `gitseal seal`, `gitseal encrypt` or an ExternalSecret.'

/** A provider rule: id, title, lowercase keywords and a regex whose group 1 (or `secret`) is the secret. */
export function provider(
  id: string,
  title: string,
  keywords: readonly string[],
  regex: RegExp,
  options: ProviderOptions = {},
): Rule {
  // A regex from re() already has them: made once (each RegExp is parsed as it is made).
  const ready = regex.hasIndices && regex.global
  const flags = ready ? undefined : new Set([...regex.flags.split(''), 'd', 'g'])
  const rule: Rule = {
    id,
    title,
    severity: options.severity ?? 'high',
    description: options.description ?? `${title} in plain text.`,
    remediation: options.remediation ?? ROTATE,
    keywords: keywords.map((word) => word.toLowerCase()),
    regex: flags === undefined ? regex : new RegExp(regex.source, [...flags].join('')),
    kind: 'provider',
  }
  if (options.validate !== undefined) rule.validate = options.validate
  if (options.minEntropy !== undefined) rule.minEntropy = options.minEntropy
  if (options.paths !== undefined) rule.paths = options.paths
  if (options.skipPlaceholder === true) rule.skipPlaceholder = true
  if (options.verified !== undefined) rule.verified = options.verified
  if (options.search !== undefined) rule.search = options.search
  return rule
}

/** Characters allowed right after a token: anything that cannot continue it. */
export const END = '(?![A-Za-z0-9_-])'
/**
 * Boundary before a token; an escape before it counts as a separator: JSON/C (`\n`, `\t`,
 * `\u0022`) and URL (`%3D`, `%20`: `?access_token%3Dghp_…` in a logged URL).
 */
export const START = '(?:(?<![A-Za-z0-9_-])|(?<=\\\\[nrt]|\\\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}))'

const START_AT = new RegExp(START, 'y')
const END_AT = new RegExp(END, 'y')

/**
 * True when the secret of `match` (group 1, where the match starts) stands between the token
 * boundaries START and END: for rules that drop them when a checksum proves the token instead.
 */
export function bounded(match: RegExpExecArray | undefined): boolean {
  if (match === undefined) return true
  START_AT.lastIndex = match.index
  END_AT.lastIndex = match.index + match[0].length
  return START_AT.test(match.input) && END_AT.test(match.input)
}

/**
 * A provider rule's regex from a template string, with START/END spliced in, and the flags
 * {@link provider} runs it with (`d`, `g`) added, so that it is not made a second time there.
 */
export function re(source: string, flags = ''): RegExp {
  return new RegExp(source.replaceAll('<S>', START).replaceAll('<E>', END), `${flags.replace(/[dg]/g, '')}dg`)
}
