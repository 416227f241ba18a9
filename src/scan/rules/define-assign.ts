/** Keyword-anchored rules: a secret is only recognisable by the name it is assigned to. */

/**
 * Source of `name ... = value`: `name` (a regex source) followed by up to 24 name characters, an
 * optional closing quote, `:`/`=`/`:=`/`=>` and an optional opening quote; `value` is captured.
 * Every quantifier is bounded so the match stays linear on adversarial input.
 */
export function assignment(name: string, value: string): string {
  return `(?:${name})[\\w.-]{0,24}["']?[ \\t]{0,4}(?::=|=>|:|=)[ \\t]{0,4}["'\`]?(${value})(?![A-Za-z0-9_+/=-])`
}
