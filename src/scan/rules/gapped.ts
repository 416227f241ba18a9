/**
 * Regexes shaped `HEAD[^\n]{0,N}?TAIL` (a command word, then an option later on its line) run in
 * linear time. A global run tries the lazy gap at every HEAD, so a line dense in HEAD costs N steps
 * per character (`curl curl curl …` scanned at 5 MB/s). Here one pass finds where TAIL matches, each
 * HEAD is paired with the first of those in reach, and the regex runs only at the HEADs that match:
 * the same matches, in the same order, as the global regex.
 */
import type { Rule } from './types.js'
import { stickyCopies } from './sticky.js'

/** A gapped regex and the search that finds its matches. */
export interface Gapped {
  /** `HEAD[^\n]{0,gap}?TAIL`, for the rule table. */
  regex: RegExp
  /** The matches of the rule's copy of {@link Gapped.regex} (with the rule's flags), as a global run gives them. */
  search: NonNullable<Rule['search']>
}

/**
 * Build a gapped regex from its parts. `head` must match one fixed string where it matches (a word
 * with `\b`s), so the gap starts where the head ends; `tail` may use groups and backreferences.
 * `literal`: what every match of a case-sensitive `head` starts with, when a lookbehind opens it
 * (`(?<=docker )login`): heads are then tried only where `indexOf` finds it, as the regex engine
 * tries a lookbehind at every position (2.5 % of a scan of argo-cd for `login`).
 */
export function gapped(head: string, gap: number, tail: string, flags = '', literal?: string): Gapped {
  const heads = new RegExp(head, `${flags}g`)
  const headAt = literal === undefined ? undefined : new RegExp(head, `${flags}y`)
  /** The first match of `head` at or after `from`, as the global regex finds it. */
  const nextHead = (text: string, from: number): RegExpExecArray | null => {
    if (headAt === undefined || literal === undefined) {
      heads.lastIndex = from
      return heads.exec(text)
    }
    for (let at = text.indexOf(literal, from); at >= 0; at = text.indexOf(literal, at + 1)) {
      headAt.lastIndex = at
      const head = headAt.exec(text)
      if (head !== null) return head
    }
    return null
  }
  const tails = new RegExp(`(?=${tail})`, `${flags}g`) // every position where TAIL matches
  const stickyOf = stickyCopies()
  function* search(regex: RegExp, text: string): Generator<RegExpExecArray> {
    const sticky = stickyOf(regex)
    // The next TAIL at or after some position, and the next newline: both only move forward,
    // so the text is read once whatever the number of heads.
    let tailAt = -1
    let newline = -1
    let from = 0
    let head: RegExpExecArray | null
    while ((head = nextHead(text, from)) !== null) {
      const start = head.index
      const end = start + head[0].length
      from = start + 1 // a global run tries every position after a failed one
      if (tailAt < end) {
        tails.lastIndex = end // nothing before the last TAIL found was one
        tailAt = tails.exec(text)?.index ?? Infinity
      }
      if (newline < end) {
        newline = text.indexOf('\n', end)
        if (newline < 0) newline = Infinity
      }
      // The lazy gap reaches TAIL only over at most `gap` characters of one line.
      if (tailAt - end > gap || tailAt > newline) continue
      sticky.lastIndex = start
      const match = sticky.exec(text)
      if (match === null) continue
      yield match
      from = start + Math.max(match[0].length, 1)
    }
  }
  return { regex: new RegExp(`${head}[^\\n]{0,${gap}}?${tail}`, flags), search }
}
