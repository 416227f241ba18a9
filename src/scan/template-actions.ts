/**
 * Whether an offset lies inside a Go/Helm/Jinja template action (`{{ … }}`, `{% … %}`) on its line:
 * the last opener or closer before it on the line decides, looking back at most
 * {@link TEMPLATE_LOOKBACK} characters. Answered by a binary search in an index of the text's
 * openers, closers and newlines built once per text, so a crafted line with a candidate every few
 * characters costs a few steps per candidate instead of a walk back over the window each time
 * (the walk held a keyword-dense line to 4 MB/s).
 */

/**
 * How far back on its line an offset looks for an open action: a bounded window keeps a long line
 * with many candidates linear (an unbounded look-back made a 2 MB line take 100 s).
 */
export const TEMPLATE_LOOKBACK = 256

const OPENER = 1
const CLOSER = 2
const NEWLINE = 3

/** Offsets of `{{`/`{%` (at their first character), `}}`/`%}` and newlines, in order, with their kinds. */
interface Events {
  at: number[]
  kind: number[]
}

function kindAt(text: string, i: number): number {
  const first = text.charCodeAt(i)
  if (first === 10) return NEWLINE
  const second = text.charCodeAt(i + 1)
  if (first === 123 && (second === 123 || second === 37)) return OPENER
  if (second === 125 && (first === 125 || first === 37)) return CLOSER
  return 0
}

function eventsOf(text: string): Events {
  const at: number[] = []
  const kind: number[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // Only `\n`, `{`, `}` and `%` start an event: the rest is skipped without a call.
    if (code !== 10 && code !== 123 && code !== 125 && code !== 37) continue
    const k = kindAt(text, i)
    if (k === 0) continue
    at.push(i)
    kind.push(k)
  }
  return { at, kind }
}

/**
 * Whether an offset of `text` is inside a template action that opens earlier on its line (within
 * the look-back window). The index is built on the first question and kept by the returned
 * function: one per text, asked for each of its candidates. (A module-level "last text" cache
 * compared texts with `!==`, which for an equal copy of the last text — a file scanned again, a
 * duplicate file — compares every character on every question.)
 */
export function templateActions(text: string): (at: number) => boolean {
  let events: Events | undefined
  return (at) => {
    events ??= eventsOf(text)
    // The last event before `at`: a newline up to `at - 1`, an opener or closer up to `at - 2` (one
    // at `at - 1` would take `at` itself as its second character).
    let lo = 0
    let hi = events.at.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((events.at[mid] ?? 0) <= at - 1) lo = mid + 1
      else hi = mid
    }
    let index = lo - 1
    if (index >= 0 && events.at[index] === at - 1 && events.kind[index] !== NEWLINE) index--
    if (index < 0) return false
    const position = events.at[index] ?? 0
    return events.kind[index] === OPENER && position >= at - TEMPLATE_LOOKBACK
  }
}
