/**
 * Looking at manifest text without parsing it: splitting a YAML stream into its documents (a linear
 * walk over line starts) and asking whether a document can be of a kind. Used wherever only some
 * documents of a big multi-document file need the (costly) parser.
 */

/**
 * `[start, end)` of each document of a YAML stream, split at lines starting with `---`; undefined
 * when the text has directives (`%`) or end markers (`...`), whose meaning spans documents, or
 * holds a single document.
 */
export function splitDocuments(text: string): [number, number][] | undefined {
  // A second document starts after a line break: without `\n---` the text is one document (or has
  // a directive or an end marker), whatever the walk below finds. One native search, where the
  // walk took a JS step per line of every single-document file.
  if (!text.includes('\n---')) return undefined
  const bounds: [number, number][] = []
  let start = 0
  for (let at = 0; at < text.length;) {
    const c = text.charCodeAt(at)
    if (c === 37) return undefined // `%` directive
    if ((c === 45 || c === 46) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
      const after = text.charCodeAt(at + 3)
      if (Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13) {
        if (c === 46) return undefined // `...` end marker
        if (at > start) bounds.push([start, at])
        start = at
      }
    }
    const newline = text.indexOf('\n', at)
    if (newline < 0) break
    at = newline + 1
  }
  bounds.push([start, text.length])
  return bounds.length > 1 ? bounds : undefined
}

// Block YAML: a top-level `kind` (a CRD's indented `names.kind: ExternalSecret` is not one), in any
// spelling the API accepts (quoted, tagged, explicit `? kind`, value on the next line). JSON and flow
// style (a document starting with `{` or `[`): a `kind` key anywhere.
const FLOW = /^[{[]/m
// Per word: `kind` then a value holding the word, tried at each `kind` of a text.
const kindTests = new Map<string, RegExp>()

/** True when a line starts at `at`: the text's start or after a line terminator (as `^` with `m`). */
function lineStartsAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1)
  return at === 0 || c === 10 || c === 13 || c === 0x2028 || c === 0x2029
}

/** True when the `kind` at `at` opens its line, after an optional quote and an optional `?` and blanks. */
function kindOpensLine(text: string, at: number): boolean {
  let i = at
  if (text.charCodeAt(i - 1) === 34 || text.charCodeAt(i - 1) === 39) i--
  if (lineStartsAt(text, i)) return true
  while (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9) i--
  return text.charCodeAt(i - 1) === 63 && lineStartsAt(text, i - 1) // `? kind`
}

/**
 * False only when `text` (a document or a whole file) cannot hold a document whose `kind` contains
 * `word` (`Secret` matches Secret, SealedSecret, SecretStore…). Cheap and linear; may say true wrongly.
 * The search runs for the `kind` literal (a native scan): a multiline `^` tried at every position
 * was 3.8 % of `status`.
 */
export function mayHaveKind(text: string, word: string): boolean {
  let kind = kindTests.get(word)
  if (kind === undefined) {
    kind = new RegExp(`kind["']?\\s*:[^:]{0,64}?${word.replace(/[^A-Za-z0-9]/g, '\\$&')}`, 'g')
    kindTests.set(word, kind)
  }
  let flow: boolean | undefined
  kind.lastIndex = 0
  for (let hit = kind.exec(text); hit !== null; hit = kind.exec(text)) {
    flow ??= FLOW.test(text)
    if (flow || kindOpensLine(text, hit.index)) return true
    kind.lastIndex = hit.index + 1
  }
  return false
}

/** How far around a `sops` the look for its key's `:` or its node's properties goes; past it, the answer is true. */
const SOPS_KEY_REACH = 256

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13
}

/** Whether the `sops` at `at` is followed, after a closing quote, blanks and comments, by `:` (or is too far to tell). */
function sopsKeyAt(text: string, at: number): boolean {
  let i = at + 4
  if (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39) i++
  const stop = i + SOPS_KEY_REACH
  let comment = false
  for (; i < text.length; i++) {
    if (i >= stop) return true
    const c = text.charCodeAt(i)
    if (c === 10) comment = false
    else if (comment) continue
    else if (c === 58)
      return true // `:`
    else if (c === 35)
      comment = true // `#`
    else if (!isBlank(c)) return false
  }
  return false
}

/**
 * Whether the `sops` at `at` may carry node properties (`&anchor`, `!tag`): an alias elsewhere could
 * then be a `sops` key. The word before it (after an opening quote and blanks) is looked at; when a
 * line break lies between them, a comment may too, so a line holding `#` counts as properties.
 */
function propertiesBefore(text: string, at: number): boolean {
  let i = at - 1
  if (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39) i--
  const stop = at - SOPS_KEY_REACH
  let newline = false
  for (; i >= 0 && isBlank(text.charCodeAt(i)); i--) {
    if (i <= stop) return true
    if (text.charCodeAt(i) === 10) newline = true
  }
  let lineStart = i
  for (; lineStart >= 0 && text.charCodeAt(lineStart) !== 10; lineStart--) {
    if (lineStart <= stop) return true
    const c = text.charCodeAt(lineStart)
    if (c === 38 || c === 33 || (newline && c === 35)) return true // `&`, `!`, `#`
    if (isBlank(c) && !newline) return false // the word before, on the same line: no property in it
  }
  return false
}

// An escape a double-quoted key may spell a letter of `sops` with, or fold a line break away with.
const ESCAPED_SOPS_LETTER = /\\(?:x(?:73|6[fF]|70)|u00(?:73|6[fF]|70)|U000000(?:73|6[fF]|70)|[\r\n])/

// `sops` as a key, from the word on: an optional closing quote, blanks, `:`.
const SOPS_KEY_AFTER = /sops["']?[ \t]*:/y

/**
 * True when a `sops` key opens a line, quoted or not, after blanks when `indented`: what
 * `/^["']?sops["']?[ \t]*:/m` (`/^[ \t]*["']?sops…/m`) finds, without trying every position of
 * the text (a few milliseconds per megabyte of manifests). Linear: each walk back covers the
 * blanks before one occurrence.
 */
export function sopsKeyOpensLine(text: string, indented = false): boolean {
  for (let at = text.indexOf('sops'); at >= 0; at = text.indexOf('sops', at + 4)) {
    let i = at
    if (text.charCodeAt(i - 1) === 34 || text.charCodeAt(i - 1) === 39) i--
    while (indented && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--
    if (!lineStartsAt(text, i)) continue
    SOPS_KEY_AFTER.lastIndex = at
    if (SOPS_KEY_AFTER.test(text)) return true
  }
  return false
}

/**
 * False only when no document of `text` can hold a `sops` key with a value (SOPS metadata): every
 * `sops` is followed by something other than a key's `:` (a Flux `provider: sops`, a CRD's enum, prose) and
 * carries no anchor an alias key could name, and no escape could spell the word elsewhere (a text
 * without the word is not looked at, as before). Linear; may say true wrongly.
 */
export function mayHaveSopsKey(text: string): boolean {
  let at = text.indexOf('sops')
  if (at < 0) return false
  if (ESCAPED_SOPS_LETTER.test(text)) return true
  for (; at >= 0; at = text.indexOf('sops', at + 4))
    if (sopsKeyAt(text, at) || propertiesBefore(text, at)) return true
  return false
}
