/** Keyword-anchored rules: a secret is only recognisable by the name it is assigned to. */

// YAML's ways to put the value after the `:` on the next, indented line: a block scalar (`key: >-`),
// an opening quote (`key: "`), or nothing (a plain scalar continued), each with a comment allowed
// after it (`key: >- # rotated monthly`).
const BLOCK = '(?:[ \\t]{0,4}(?:[>|][-+]?[1-9]?|["\'])?[ \\t]{0,4}(?:#[^\\r\\n]{0,200})?\\r?\\n[ \\t]{1,32})'
// A YAML anchor or tag before the value (`key: &creds |`, `key: !!str …`).
const NODE_PROPERTY = '(?:[ \\t]{1,4}[&!][\\w!.-]{0,64}(?=[ \\t\\r\\n]))'
// The space between name and value of a command that sets a variable: `setx [/M] NAME value`
// (Windows), `setenv NAME value` (csh), `set -x NAME value` (fish), at a line's or command's start.
const COMMAND =
  '(?<=(?:^|[\\r\\n;&|(])[ \\t]{0,16}(?:setx(?:[ \\t]{1,4}/[A-Za-z])?|setenv|set[ \\t]{1,4}-[A-Za-z]{1,3})[ \\t]{1,8}[\\w.$:-]{1,80}[ \\t]{1,4})'

/**
 * Source of `name ... = value`: `name` (a regex source) followed by up to 24 name characters, an
 * optional closing quote, `:` (also opening a YAML block scalar), `=`, `:=`, `=>` or the space of a
 * setting command, and an optional opening quote; `value` is captured.
 * Every quantifier is bounded, and the value is matched atomically (`(?=(v))\1`: no backtracking
 * into it), so the match stays linear on adversarial input such as `token=atoken=a…`.
 */
export function assignment(name: string, value: string): string {
  return `(?:${name})[\\w.-]{0,24}["']?[ \\t]{0,4}(?::=|=>|:${NODE_PROPERTY}?${BLOCK}?|=|${COMMAND})[ \\t]{0,4}["'\`]?(?=(${value}))\\1(?![A-Za-z0-9_+/=-])`
}
