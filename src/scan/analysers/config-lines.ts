/**
 * Values that are themselves assignments, read as name/value pairs so they are judged by what they
 * assign (as a JSON or YAML value is): config files of lines kept in a Secret — a dotenv or shell
 * file (`config.env` of MinIO, `export NAME="…"`), a Redis ACL file (`user <name> on ~* +@all
 * >password`) — and one-line lists of pairs (`uid=dillon,ou=people,dc=min,dc=io`,
 * `DAYTONA_API_URL=https://…`).
 */

/** One name and the value a line gives it. */
export type ConfigPair = Readonly<Record<string, string>>

// `NAME=value`, `export NAME="value"`: dotenv, shell and properties-style lines.
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]{0,80})[ \t]*=[ \t]*(.*)$/
// Comments and INI section headers carry no value.
const NO_VALUE_LINE = /^[ \t]*(?:[#;].*|\[[\w .-]{1,80}\][ \t]*)?$/
// A Redis ACL rule: `user <name>` and its rules; `>password` adds a plaintext password.
const ACL_LINE = /^[ \t]*user[ \t]+(\S{1,128})((?:[ \t]+\S+)*)[ \t]*$/
// How many lines a config value may have for its pairs to be read (bounded work per value).
const MAX_LINES = 1000

/** `value` without the quotes around it (`"minio123"` → `minio123`). */
function unquoted(value: string): string {
  const trimmed = value.trim()
  const quote = trimmed.charAt(0)
  if ((quote === '"' || quote === "'") && trimmed.length >= 2 && trimmed.endsWith(quote))
    return trimmed.slice(1, -1)
  return trimmed
}

/** The pairs of one line of a Redis ACL file, or undefined when the line is not one. */
function aclPairs(line: string): ConfigPair[] | undefined {
  const match = ACL_LINE.exec(line)
  if (match === null) return undefined
  const pairs: ConfigPair[] = [{ user: match[1] ?? '' }]
  for (const rule of (match[2] ?? '').split(/[ \t]+/))
    if (rule.startsWith('>')) pairs.push({ password: rule.slice(1) })
  return pairs
}

// One `name=value` of a list, the value not empty: `abc=` and `abc==` end base64.
const LIST_PAIR = /^[ \t]*([A-Za-z_][\w.-]{0,60})[ \t]*=(?!=)[ \t]*(\S.*?)[ \t]*$/
// What separates the pairs of a one-line list: an LDAP DN's `,`, a query's `&`, a connection string's `;`.
const LIST_SEPARATOR = /[,;&]/
// How many pairs a one-line list may have (bounded work per value).
const MAX_PAIRS = 64

/** The pairs of a one-line `value` when every piece between `,`, `;` or `&` is `name=value`; else undefined. */
export function assignmentList(value: string): ConfigPair[] | undefined {
  if (value.includes('\n') || !value.includes('=')) return undefined
  const pieces = value.split(LIST_SEPARATOR)
  if (pieces.length > MAX_PAIRS) return undefined
  const pairs: ConfigPair[] = []
  for (const piece of pieces) {
    const pair = LIST_PAIR.exec(piece)
    if (pair === null) return undefined
    pairs.push({ [pair[1] ?? '']: pair[2] ?? '' })
  }
  return pairs
}

/**
 * The name/value pairs of a multi-line `value` when every line is an assignment, a comment, a
 * section header or blank (dotenv, shell, INI), or every line a Redis ACL rule; else undefined.
 */
export function configLinePairs(value: string): ConfigPair[] | undefined {
  if (!value.includes('\n')) return undefined
  const lines = value.split(/\r?\n/)
  if (lines.length > MAX_LINES) return undefined
  const pairs: ConfigPair[] = []
  let acl = false
  let env = false
  for (const line of lines) {
    if (NO_VALUE_LINE.test(line)) continue
    const assignment = ENV_LINE.exec(line)
    if (assignment !== null && !acl) {
      env = true
      pairs.push({ [assignment[1] ?? '']: unquoted(assignment[2] ?? '') })
      continue
    }
    const rules = env ? undefined : aclPairs(line)
    if (rules === undefined) return undefined
    acl = true
    pairs.push(...rules)
  }
  return pairs.length > 0 ? pairs : undefined
}
