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

/**
 * One line `[start, end)` of `text` with its actions blanked. A comment may start only after a
 * blank (or at the line's start), and only where a value starts: `labels: {{- include … | nindent 4 }}`
 * is followed by more labels on deeper lines, which a scalar in its place would make unreadable,
 * while `name: app-{{ .x }}` or `v: a {{ .x }}` must stay one (templated) scalar.
 */
function blankLine(text: string, inAction: Uint8Array, start: number, end: number): string {
  let last = end - 1 // the line's last character neither in an action nor blank
  while (last >= start && (inAction[last] === 1 || blankCode(text.charCodeAt(last)))) last--
  const parts: string[] = []
  let before = '' // the last character neither in an action nor blank so far
  let comment = false
  for (let i = start, j = start; i < end; i = j) {
    const action = inAction[i] === 1
    while (j < end && (inAction[j] === 1) === action) j++
    if (!action) {
      const run = text.slice(i, j)
      parts.push(run)
      before = run.trimEnd().slice(-1) || before
    } else if (comment) parts.push(' '.repeat(j - i))
    else if (i > last && /^[:-]?$/.test(before) && (i === start || blank(text.charAt(i - 1)))) {
      parts.push(`#${' '.repeat(j - i - 1)}`)
      comment = true
    } else parts.push(PLACEHOLDER.repeat(j - i))
  }
  return parts.join('')
}

/**
 * `text` with its template actions blanked (see the module comment), the same length, and the
 * actions' spans; undefined when it holds none, or one never closed. Linear: each line is read twice.
 */
export function blankTemplateActions(text: string): BlankedTemplate | undefined {
  const actions = actionSpans(text)
  if (actions === undefined || actions.length === 0) return undefined
  const inAction = new Uint8Array(text.length)
  for (const [start, end] of actions) inAction.fill(1, start, end)
  const out: string[] = []
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start)
    const end = newline < 0 ? text.length : newline
    let action = start
    while (action < end && inAction[action] !== 1) action++
    out.push(action === end ? text.slice(start, end) : blankLine(text, inAction, start, end))
    if (newline < 0) break
    out.push('\n')
    start = newline + 1
  }
  return { text: out.join(''), actions }
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
