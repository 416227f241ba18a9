/**
 * Regexes whose every match holds a fixed literal a bounded distance after its start (an Azure
 * account key's name, then its key ending in `==` 93–141 characters on). A global run tries the
 * whole regex at every name, and a name followed by a long run of key letters costs the regex's
 * backtracking there (25 splits × 86 letters each, 14 MB/s on crafted text). Here one forward pass
 * finds the literal, and the regex runs only at the heads that have it in reach: the same matches,
 * in the same order, as the global regex.
 */
import type { Rule } from './types.js'

/**
 * The search for a regex that starts with `head` and whose matches hold `literal` starting between
 * `min` and `max` characters after the match's start (the caller proves these bounds from the regex).
 */
export function literalInReach(
  head: string,
  literal: string,
  min: number,
  max: number,
): NonNullable<Rule['search']> {
  const stickies = new WeakMap<RegExp, { heads: RegExp; sticky: RegExp }>()
  return function* search(regex: RegExp, text: string): Generator<RegExpExecArray> {
    let compiled = stickies.get(regex)
    if (compiled === undefined) {
      const flags = regex.flags.replace('g', '')
      compiled = { heads: new RegExp(head, `${flags}g`), sticky: new RegExp(regex.source, `${flags}y`) }
      stickies.set(regex, compiled)
    }
    const { heads, sticky } = compiled
    // The first literal in reach of the head; both only move forward, so the text is read once. A
    // head more than `max` before it has none in reach, nor has any head up to there: the search
    // for heads resumes `max` before it (most files hold few literals, and heads are searched
    // case-insensitively, slowly).
    let found = text.indexOf(literal, min)
    if (found < 0) return
    heads.lastIndex = Math.max(0, found - max)
    let hit: RegExpExecArray | null
    while ((hit = heads.exec(text)) !== null) {
      const start = hit.index
      heads.lastIndex = start + 1 // a global run tries every position after a failed one
      if (found < start + min) {
        found = text.indexOf(literal, start + min)
        if (found < 0) return // no literal from here on: no further match
      }
      if (found > start + max) {
        heads.lastIndex = Math.max(start + 1, found - max)
        continue
      }
      sticky.lastIndex = start
      const match = sticky.exec(text)
      if (match === null) continue
      yield match
      heads.lastIndex = start + Math.max(match[0].length, 1)
    }
  }
}
