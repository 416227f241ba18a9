/**
 * A YAML mapping under a name for a set of credentials (`app_secrets:`, `db_passwords:`,
 * `api_tokens:`), each member named for where it is used (`dev:`, `prod:`, a user) and holding one
 * credential: the members' names say nothing secret, so the generic rules judge each value under
 * the mapping's name. Ansible vars and app configs write per-environment keys so.
 */
import type { LineWindows, NamedValue } from './generic-forms.js'

// The mapping's head on a line of its own: its indentation and name (a plural credential word).
const HEAD =
  /^([ \t]*)([\w.-]{0,40}(?:secrets|passwords|passwds|tokens|credentials|api[_-]?keys))[ \t]*:[ \t]*(?:#[^\r\n]*)?\r?$/gim
// A member: indentation, name, then a quoted or bare scalar and an optional comment.
const MEMBER =
  /^([ \t]*)[\w.-]{1,60}[ \t]*:[ \t]+(?:(["'])([^"'\r\n]{1,300})\2|([^\s"'#]{1,300}))[ \t]*(?:#[^\r\n]*)?\r?$/d
// Members that point at a credential kept elsewhere (a Secret's `name:` and `key:`, a file's `path:`)
// rather than hold one: a mapping with one is a reference, not a set of credentials.
const REFERENCE_FIELD =
  /^[ \t]*(?:name|key|secret[_-]?name|secret[_-]?key|path|file|field|property|namespace|kind|type|ref)[ \t]*:/i
// How many lines after a head are read: a mapping of credentials is short.
const MAX_MEMBERS = 32

// HEAD's plural and its colon, which a line holding a head holds.
const HEAD_WORD = /(?:secrets|passwords|passwds|tokens|credentials|api[_-]?keys)[ \t]*:/i

/**
 * False when no line of `lines` (the windows' lines, joined by line breaks) can hold a mapping's
 * head: one search, where a search per window line cost as much as the rest of the named forms on
 * a file of thousands of `: Secret` lines.
 */
export function mayHoldCredentialMaps(lines: string): boolean {
  return HEAD_WORD.test(lines)
}

/** The values of the credential mappings whose heads lie in `windows`, each under its mapping's name. */
export function* credentialMaps(text: string, windows: LineWindows): Generator<NamedValue> {
  for (const [from, to] of windows) {
    const part = text.slice(from, to)
    HEAD.lastIndex = 0
    let head: RegExpExecArray | null
    while ((head = HEAD.exec(part)) !== null) {
      const lineEnd = text.indexOf('\n', from + head.index)
      if (lineEnd >= 0) yield* members(text, lineEnd + 1, head[1]?.length ?? 0, head[2] ?? '')
      if (head[0].length === 0) HEAD.lastIndex++
    }
  }
}

/** The scalar members of the mapping starting at `at`, one indentation deeper than `indent`. */
function* members(text: string, at: number, indent: number, name: string): Generator<NamedValue> {
  let depth = -1
  for (let line = 0; line < MAX_MEMBERS && at < text.length; line++) {
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    const member = MEMBER.exec(text.slice(at, Math.min(end, at + 420)))
    const width = member?.[1]?.length ?? -1
    if (member === null || width <= indent || (depth >= 0 && width !== depth)) return
    if (REFERENCE_FIELD.test(member[0])) return
    depth = width
    const span = member.indices?.[3] ?? member.indices?.[4]
    if (span !== undefined) {
      const value = member[3] ?? member[4] ?? ''
      yield { name, value, start: at + span[0], end: at + span[1] }
    }
    at = end + 1
  }
}
