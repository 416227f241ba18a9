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

/** Offsets of `{{`/`{%` (at their first character) and `}}`/`%}`, in order, with their kinds. */
interface Events {
  at: number[]
  kind: number[]
}

/**
 * The text's openers and closers: each `{` followed by `{`/`%`, and each `}` preceded by `}`/`%`
 * (the closer starting there), overlapping ones too (`{{{`). Found by `indexOf` of the two braces,
 * a native search: the regex `\{(?=[{%])|[}%](?=\})` tried three first characters at every
 * position (1.6 % of a scan of argo-cd, 4× this).
 */
function eventsOf(text: string): Events {
  const openers: number[] = []
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
    const next = text.charCodeAt(at + 1)
    if (next === 123 || next === 37) openers.push(at)
  }
  const closers: number[] = []
  for (let at = text.indexOf('}', 1); at >= 0; at = text.indexOf('}', at + 1)) {
    const before = text.charCodeAt(at - 1)
    if (before === 125 || before === 37) closers.push(at - 1)
  }
  // Merged in order; an opener and a closer never start at the same character.
  const at: number[] = []
  const kind: number[] = []
  let o = 0
  let c = 0
  while (o < openers.length || c < closers.length) {
    const opener = openers[o] ?? Infinity
    const closer = closers[c] ?? Infinity
    if (opener < closer) {
      at.push(opener)
      kind.push(OPENER)
      o++
    } else {
      at.push(closer)
      kind.push(CLOSER)
      c++
    }
  }
  return { at, kind }
}

/** True when a line break lies in [from, to) (a span of at most the look-back window). */
function breakBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true
  return false
}

/**
 * Whether an offset of `text` is inside a template action that opens earlier on its line (within
 * the look-back window). The index is built on the first question and kept by the returned
 * function: one per text, asked for each of its candidates. (A module-level "last text" cache
 * compared texts with `!==`, which for an equal copy of the last text — a file scanned again, a
 * duplicate file — compares every character on every question.) The index holds no line breaks
 * (every line of every file was an entry: 2 % of a scan): the few characters between the last
 * opener and the offset are looked at instead.
 */
export function templateActions(text: string): (at: number) => boolean {
  let events: Events | undefined
  return (at) => {
    events ??= eventsOf(text)
    // The last opener or closer up to `at - 2` (one at `at - 1` would take `at` itself as its
    // second character); a line break after it, up to `at - 1`, ends the action.
    let lo = 0
    let hi = events.at.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((events.at[mid] ?? 0) <= at - 2) lo = mid + 1
      else hi = mid
    }
    const index = lo - 1
    if (index < 0 || events.kind[index] !== OPENER) return false
    const position = events.at[index] ?? 0
    return position >= at - TEMPLATE_LOOKBACK && !breakBetween(text, position + 1, at)
  }
}
