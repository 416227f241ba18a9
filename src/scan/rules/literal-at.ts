/**
 * Regexes whose every match holds one of a few literals a bounded distance after its start, with
 * nothing before it that a native search could find (facebook-app-access-token's
 * `[0-9]{15,16}(?:\||%7[Cc])…`: the regex engine tried its digit run at every digit of every file
 * holding a `|`, 1.3–1.8 % of a scan of argo-cd). Here `indexOf` finds the literals and the regex runs,
 * sticky, only at the starts they allow: the same matches, in the same order, as the global regex.
 */
import type { Rule } from './types.js'
import { stickyCopies } from './sticky.js'

/**
 * The search for a regex each of whose matches holds one of `literals` starting between `min` and
 * `max` characters after the match's start (the caller proves this from the regex).
 */
export function literalAt(
  literals: readonly string[],
  min: number,
  max: number,
): NonNullable<Rule['search']> {
  const stickyOf = stickyCopies()
  return function* search(regex: RegExp, text: string): Generator<RegExpExecArray> {
    const sticky = stickyOf(regex)
    const next = literals.map((literal) => text.indexOf(literal))
    // Past the last match: the global regex resumes there. Starts are tried once each, in order.
    let resume = 0
    let tried = -1
    for (;;) {
      let hit = -1
      let which = -1
      next.forEach((at, i) => {
        if (at >= 0 && (hit < 0 || at < hit)) [hit, which] = [at, i]
      })
      if (hit < 0) return
      next[which] = text.indexOf(literals[which] as string, hit + 1)
      for (let start = Math.max(hit - max, resume, tried + 1); start <= hit - min;) {
        tried = start
        sticky.lastIndex = start
        const match = sticky.exec(text)
        if (match !== null) {
          yield match
          resume = start + Math.max(match[0].length, 1)
        }
        start = Math.max(start + 1, resume)
      }
    }
  }
}
