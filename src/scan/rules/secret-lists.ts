/**
 * Values listed under a secret-like key in a YAML file, which have no name on their own line:
 *
 *     secrets:
 *       system:
 *         - <value>
 *
 * (Ory Hydra's and Kratos' rotating secrets, `tokens:`/`passwords:` lists). Each item is yielded
 * with the key's name for the generic rules to judge; a list of names (`- db_password`) or of
 * mappings (`- name: x`) is left to them and to the value filters. Bounded: a key looks at most
 * {@link MAX_LINES} lines below it.
 */
import type { LineWindows, NamedValue } from './generic-forms.js'

// A key whose value is the block below it (`secrets:`, `- tokens:`, `"passwords":  # comment`).
export const EMPTY_KEY = /^([ \t]*(?:-[ \t]+)?)["']?([A-Za-z_][\w.-]{0,80})["']?[ \t]*:[ \t]*(?:#.*)?$/
// A list item holding one scalar: quoted, or a bare word with no `: ` (a mapping) and no flow,
// anchor, alias, tag or block-scalar opener.
const SCALAR_ITEM =
  /^([ \t]*-[ \t]+)(?:(["'])([^"'\r\n]{1,300})\2|([^\s"'#{}[\]&*!|>][^\s#]{0,299}))[ \t]*(?:#.*)?$/
/** How many lines below a key its items are looked for. */
const MAX_LINES = 64

/**
 * Scalar list items in the block under a key with no value of its own (nested keys' items too), on the lines in
 * `windows` (the lines holding a secret-like name's keyword), with that key's name.
 */
export function* listItemsUnderKeys(text: string, windows: LineWindows): Generator<NamedValue> {
  for (const [from, to] of windows) {
    let lineStart = from
    while (lineStart <= to) {
      const lineEnd = Math.min(to, indexOrEnd(text, '\n', lineStart))
      const key = mayOpenKey(text, lineStart)
        ? EMPTY_KEY.exec(text.slice(lineStart, lineEnd).replace(/\r$/, ''))
        : null
      if (key !== null) yield* itemsBelow(text, lineEnd + 1, (key[1] ?? '').length, key[2] ?? '')
      lineStart = lineEnd + 1
    }
  }
}

/**
 * False when the line at `at` cannot be an {@link EMPTY_KEY}: after its blanks comes neither a `-`
 * nor what a key opens with (a quote, a letter, `_`). No copy of the line: a window of thousands
 * of `: Secret` lines copied each to fail the regex.
 */
export function mayOpenKey(text: string, at: number): boolean {
  let i = at
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++
  const c = text.charCodeAt(i)
  return c === 45 || c === 34 || c === 39 || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from)
  return at < 0 ? text.length : at
}

// A key with nothing after it on its line, not a list item (`system:` under `secrets:`).
const PLAIN_EMPTY_KEY = /^[ \t]*["']?[A-Za-z_][\w.-]{0,80}["']?[ \t]*:[ \t]*(?:#.*)?$/

// JSON Schema / OpenAPI keywords whose lists document a field (`access_token:` → `examples:` → `- …`).
const SCHEMA_KEYWORD = /^[ \t]*["']?(?:examples?|enum)["']?[ \t]*:/

/** A line of the block: its indentation, and whether it is a plain key with no value (a parent items may belong to). */
interface Parent {
  indent: number
  plainKey: boolean
}

/**
 * The scalar items of the block that starts at `at` below a key indented `keyIndent`: those whose
 * parent is the key itself or a plain key right under it (`secrets:` → `system:` → `- …`), not
 * items of a mapping listed in the block (`- tags:` → `- k8s-name:…`).
 */
function* itemsBelow(text: string, at: number, keyIndent: number, name: string): Generator<NamedValue> {
  const parents: Parent[] = [{ indent: keyIndent, plainKey: true }]
  let lineStart = at
  for (let n = 0; n < MAX_LINES && lineStart < text.length; n++) {
    const lineEnd = indexOrEnd(text, '\n', lineStart)
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '')
    const from = lineStart
    lineStart = lineEnd + 1
    if (/^[ \t]*(?:#.*)?$/.test(line)) continue
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0
    const item = /^[ \t]*-[ \t]/.test(line)
    // YAML lets a list sit at its key's own indentation (`secrets:\n- a`); anything else there ends the block.
    if (indent < keyIndent || (indent === keyIndent && !item)) return
    // The line's parent: the last line above it indented less, or a plain key at its indentation
    // when the line is a list item (a compact sequence).
    for (let last = parents.at(-1); parents.length > 1 && last !== undefined; last = parents.at(-1)) {
      if (last.indent < indent || (item && last.indent === indent && last.plainKey)) break
      parents.pop()
    }
    const scalar = item ? SCALAR_ITEM.exec(line) : null
    if (scalar !== null && parents.length <= 2 && parents.at(-1)?.plainKey === true) {
      const value = scalar[3] ?? scalar[4] ?? ''
      const start = from + (scalar[1] ?? '').length + (scalar[2] === undefined ? 0 : 1)
      yield { name, value, start, end: start + value.length }
    }
    parents.push({ indent, plainKey: !item && PLAIN_EMPTY_KEY.test(line) && !SCHEMA_KEYWORD.test(line) })
  }
}
