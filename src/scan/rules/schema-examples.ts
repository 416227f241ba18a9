/**
 * The value a schema gives a property as its `default`, `example` or `x-example`: a JSON Schema
 * (`"password": { "type": "string", "default": "…" }`, a chart's values.schema.json) or an OpenAPI
 * document (`client_secret:` then `example: …` among its keywords; a parameter's `- name: api_key`
 * then `example: …` beside it). The property's name is on another line than the value, so the
 * generic rules judge the value under the property's name.
 */
import type { LineWindows, NamedValue } from './generic-forms.js'

// A property's head on a line of its own: YAML `name:` with nothing after it, JSON `"name": {`.
const HEAD = /^([ \t]*)["']?([\w.-]{1,80})["']?[ \t]*:[ \t]*\{?[ \t]*(?:#[^\r\n]*)?\r?$/
// An OpenAPI parameter or header object's `name:` (the first key of a list item, or a key of its own).
const PARAMETER = /^([ \t]*(?:-[ \t]+)?)["']?name["']?[ \t]*:[ \t]*(["']?)([\w.-]{1,80})\2[ \t]*,?[ \t]*\r?$/
// A schema keyword's line: its indentation, whether it gives an example, and the value.
const KEYWORD =
  /^([ \t]*)["']?(default|example|x-example)["']?[ \t]*:[ \t]*(?:(["'])([^"'\\\r\n]{1,300})\3|([^\s"'#,{}[\]][^\s"'#,]{0,299}))[ \t]*,?[ \t]*(?:#[^\r\n]*)?\r?$/d
// How many lines after the name are read: a property's keywords are few.
const REACH = 16

/** The indentation width of a line start (a list item's `- ` counts as indentation). */
function indentOf(line: string): number {
  return /^[ \t]*(?:-[ \t]+)?/.exec(line)?.[0].length ?? 0
}

/** The lines after `at` (up to {@link REACH}), each with its offset. */
function* linesAfter(text: string, at: number): Generator<[number, string]> {
  let start = text.indexOf('\n', at) + 1
  for (let n = 0; n < REACH && start > 0 && start < text.length; n++) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    yield [start, text.slice(start, Math.min(end, start + 420))]
    start = end + 1
  }
}

/**
 * The `default`/`example` values of the keywords one level under a head at `indent` (deeper levels
 * belong to nested properties), or beside a parameter's `name` at `indent` (`sibling`).
 */
function* keywordValues(
  text: string,
  at: number,
  indent: number,
  name: string,
  sibling: boolean,
): Generator<NamedValue> {
  let depth = sibling ? indent : -1
  for (const [start, line] of linesAfter(text, at)) {
    if (line.trim() === '') continue
    const width = indentOf(line)
    // A new list item at the parameter's level is the next parameter; a shallower line ends the object.
    if (sibling ? width < indent || /^[ \t]*-[ \t]/.test(line) : width <= indent) return
    if (depth < 0) depth = width
    if (width !== depth) continue
    const keyword = KEYWORD.exec(line)
    const span = keyword?.indices?.[4] ?? keyword?.indices?.[5]
    if (keyword === null || span === undefined) continue
    yield { name, value: keyword[4] ?? keyword[5] ?? '', start: start + span[0], end: start + span[1] }
  }
}

/** Schema `default`/`example` values of the properties and parameters named in `windows`. */
export function* schemaExamples(text: string, windows: LineWindows): Generator<NamedValue> {
  for (const [from, to] of windows) {
    for (let at = from; at < to;) {
      let end = text.indexOf('\n', at)
      if (end < 0 || end > to) end = to
      const line = text.slice(at, Math.min(end, at + 200))
      const parameter = PARAMETER.exec(line)
      if (parameter !== null) {
        yield* keywordValues(text, at, parameter[1]?.length ?? 0, parameter[3] ?? '', true)
      } else {
        const head = HEAD.exec(line)
        if (head !== null) yield* keywordValues(text, at, head[1]?.length ?? 0, head[2] ?? '', false)
      }
      at = end + 1
    }
  }
}
