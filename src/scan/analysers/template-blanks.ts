/**
 * Helm templates that do not parse as YAML (`{{- include "x.labels" . | nindent 4 }}` on a line of
 * its own, `name: {{ include "x.fullname" . }}`: the most common chart shape) still render their
 * hard-coded values into the cluster verbatim. Such a text is parsed again with its template
 * actions blanked, keeping every offset: an action that ends a line and stands where a value
 * starts (after `key:`, `-` or nothing) becomes a comment, any other a run of
 * {@link PLACEHOLDER}s (part of a scalar). Every scalar that held an action is then a template.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document } from 'yaml'
import { firstSpanEndingAfter } from '../spans.js'

/** What an action beside other text becomes: a printable character no chart writes (private use). */
const PLACEHOLDER = '\ue000'

/** A template's text with its actions blanked, and where they were. */
export interface BlankedTemplate {
  text: string
  /** The `[start, end)` spans of the actions, in order. */
  actions: [number, number][]
}

/** The `[start, end)` spans of the text's `{{ … }}` actions, or undefined when one is left open. */
function actionSpans(text: string): [number, number][] | undefined {
  const spans: [number, number][] = []
  for (let at = text.indexOf('{{'); at >= 0;) {
    const end = text.indexOf('}}', at + 2)
    if (end < 0) return undefined
    spans.push([at, end + 2])
    at = text.indexOf('{{', end + 2)
  }
  return spans
}

/** True for a space or a tab. */
const blank = (c: string): boolean => c === ' ' || c === '\t'
/** True for a space, a tab or a carriage return, by character code. */
const blankCode = (c: number): boolean => c === 32 || c === 9 || c === 13

/** The last character of `text[from, to)` that `trimEnd` keeps (JS whitespace is what `\\s` matches), or ''. */
function lastVisible(text: string, from: number, to: number): string {
  for (let k = to - 1; k >= from; k--) {
    const c = text.charAt(k)
    if (!WHITESPACE.test(c)) return c
  }
  return ''
}
const WHITESPACE = /\s/

/** UTF-16 code units written into a text's UTF-16LE bytes, whatever the machine's byte order. */
function put(bytes: Buffer, from: number, to: number, code: number): void {
  for (let i = from; i < to; i++) {
    bytes[2 * i] = code & 0xff
    bytes[2 * i + 1] = code >> 8
  }
}

/**
 * Blank the actions of one line `[start, end)` of `text` in `bytes` (the text as UTF-16LE). A
 * comment may start only after a blank (or at the line's start), and only where a value starts:
 * `labels: {{- include … | nindent 4 }}` is followed by more labels on deeper lines, which a scalar
 * in its place would make unreadable, while `name: app-{{ .x }}` or `v: a {{ .x }}` must stay one
 * (templated) scalar.
 */
function blankLine(text: string, inAction: Uint8Array, start: number, end: number, bytes: Buffer): void {
  let last = end - 1 // the line's last character neither in an action nor blank
  while (last >= start && (inAction[last] === 1 || blankCode(text.charCodeAt(last)))) last--
  let before = '' // the last character neither in an action nor blank so far
  let comment = false
  for (let i = start, j = start; i < end; i = j) {
    const action = inAction[i] === 1
    while (j < end && (inAction[j] === 1) === action) j++
    if (!action) before = lastVisible(text, i, j) || before
    else if (comment) put(bytes, i, j, SPACE)
    else if (i > last && /^[:-]?$/.test(before) && (i === start || blank(text.charAt(i - 1)))) {
      put(bytes, i, i + 1, HASH)
      put(bytes, i + 1, j, SPACE)
      comment = true
    } else put(bytes, i, j, PLACEHOLDER_CODE)
  }
}
const SPACE = 32
const HASH = 35
const PLACEHOLDER_CODE = PLACEHOLDER.charCodeAt(0)

/**
 * `text` with its template actions blanked (see the module comment), the same length, and the
 * actions' spans; undefined when it holds none, or one never closed. Linear: the text is copied
 * once, and only the lines an action touches are read again (each twice), a line cursor moving
 * forward with the actions.
 */
export function blankTemplateActions(text: string): BlankedTemplate | undefined {
  const actions = actionSpans(text)
  if (actions === undefined || actions.length === 0) return undefined
  const inAction = new Uint8Array(text.length)
  for (const [start, end] of actions) inAction.fill(1, start, end)
  const bytes = Buffer.from(text, 'utf16le')
  let line = 0 // the start of a line not yet blanked, at or before the next action
  for (const [from, to] of actions) {
    if (to <= line) continue // on a line blanked already
    for (
      let newline = text.indexOf('\n', line);
      newline >= 0 && newline < from;
      newline = text.indexOf('\n', line)
    )
      line = newline + 1
    // Every line holding a part of the action, from its first one not yet blanked.
    while (line < to) {
      const newline = text.indexOf('\n', line)
      const end = newline < 0 ? text.length : newline
      blankLine(text, inAction, line, end, bytes)
      line = newline < 0 ? text.length + 1 : newline + 1
    }
  }
  return { text: bytes.toString('utf16le'), actions }
}

/** True when `[from, to)` meets one of the sorted disjoint `spans`. */
function meets(spans: readonly [number, number][], from: number, to: number): boolean {
  const lo = firstSpanEndingAfter(spans, from)
  return lo < spans.length && (spans[lo]?.[0] ?? to) < to
}

/**
 * Every string scalar (key or value) of `doc` whose text meets an action becomes `{{}}`: a template,
 * which the value checks never report, and never the Secret's kind. A config text in a block scalar
 * holding an action is a template as a whole: its other lines are mostly rendered values too
 * (`admin_credentials="{{ .Values.user }}:…"`, `{{- if … }}` branches). A walk with its own stack.
 */
export function markTemplateValues(doc: Document.Parsed, actions: readonly [number, number][]): void {
  const pending: unknown[] = [doc.contents]
  while (pending.length > 0) {
    const node = pending.pop()
    if (node === null || typeof node !== 'object') continue
    if (isPair(node)) pending.push(node.key, node.value)
    else if (isMap(node) || isSeq(node)) for (const item of node.items) pending.push(item)
    else if (isScalar(node) && typeof node.value === 'string' && node.range)
      if (meets(actions, node.range[0], node.range[1])) node.value = '{{}}'
  }
}
