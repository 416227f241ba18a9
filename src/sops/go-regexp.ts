/** Go RE2 patterns from `.sops.yaml` and metadata, as JavaScript regular expressions. */
import { GitsealError } from '../core/errors.js'

const cache = new Map<string, RegExp>()

/**
 * Compile a Go (RE2) regexp for unanchored matching, as Go's `regexp.MatchString`.
 * Leading inline flags `(?i)`, `(?s)`, `(?m)` become JavaScript flags.
 * @throws GitsealError `E_BAD_CONFIG` when the pattern does not compile.
 */
export function goRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern)
  if (cached) return cached
  let source = pattern
  let flags = 'u'
  const m = /^\(\?([ims]+)\)/.exec(source)
  if (m) {
    flags += m[1] ?? ''
    source = source.slice(m[0].length)
  }
  // RE2 spells named groups (?P<name>…).
  source = source.replaceAll('(?P<', '(?<')
  let re: RegExp
  try {
    re = new RegExp(source, flags)
  } catch (cause) {
    try {
      re = new RegExp(source, flags.replace('u', ''))
    } catch {
      throw new GitsealError('E_BAD_CONFIG', `invalid regular expression '${pattern}'`, {
        cause,
        hint: 'Use RE2 syntax as in .sops.yaml (Go regexp).',
      })
    }
  }
  cache.set(pattern, re)
  return re
}
