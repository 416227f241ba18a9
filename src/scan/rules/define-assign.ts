/** Keyword-anchored rules: a secret is only recognisable by the name it is assigned to. */

/**
 * Source of `name ... = value`: `name` (a regex source) followed by up to 24 name characters, an
 * optional closing quote, `:`/`=`/`:=`/`=>` and an optional opening quote; `value` is captured.
 * Every quantifier is bounded, and the value is matched atomically (`(?=(v))\1`: no backtracking
 * into it), so the match stays linear on adversarial input such as `token=atoken=a…`.
 */
export function assignment(name: string, value: string): string {
  return `(?:${name})[\\w.-]{0,24}["']?[ \\t]{0,4}(?::=|=>|:|=)[ \\t]{0,4}["'\`]?(?=(${value}))\\1(?![A-Za-z0-9_+/=-])`
}
