/** Go RE2 patterns (from `.sops.yaml` and SOPS metadata) as JavaScript RegExps, as far as they agree. */

/**
 * Compile a Go RE2 regex: leading `(?i)`/`(?s)`/`(?m)` flags become JS flags, `(?P<name>` becomes
 * `(?<name>`. Returns undefined when JavaScript cannot compile it (the caller then skips the rule).
 */
export function goRegex(source: string): RegExp | undefined {
  let pattern = source
  let flags = ''
  const lead = /^\(\?([imsU]+)\)/.exec(pattern)
  if (lead) {
    flags = [...new Set((lead[1] ?? '').replace('U', '').split(''))].join('')
    pattern = pattern.slice(lead[0].length)
  }
  pattern = pattern.replace(/\(\?P</g, '(?<')
  try {
    return new RegExp(pattern, flags)
  } catch {
    return undefined
  }
}
