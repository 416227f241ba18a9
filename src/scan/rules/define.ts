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
  const flags = new Set([...regex.flags.split(''), 'd', 'g'])
  const rule: Rule = {
    id,
    title,
    severity: options.severity ?? 'high',
    description: options.description ?? `${title} in plain text.`,
    remediation: options.remediation ?? ROTATE,
    keywords: keywords.map((word) => word.toLowerCase()),
    regex: new RegExp(regex.source, [...flags].join('')),
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
/** Boundary before a token; a JSON/C escape (`\n`, `\t`) before it counts as a separator. */
const START = '(?:(?<![A-Za-z0-9_-])|(?<=\\\\[nrt]))'

/** A regex from a template string, with START/END spliced in. */
export function re(source: string, flags = ''): RegExp {
  return new RegExp(source.replaceAll('<S>', START).replaceAll('<E>', END), flags)
}
