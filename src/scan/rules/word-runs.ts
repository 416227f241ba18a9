/**
 * Regexes whose every match is a whole run of word characters (`[A-Za-z0-9_]`, a non-word
 * character or the text's edge on both sides) of a bounded length, with no literal to look for:
 * bitcoin-wif-private-key's `[5KL9c]…` (51–52 characters) and stellar-secret-seed's `S[A-D]…` (56).
 * The global regex tried its first character class at every position of every text (their
 * two-letter keywords are in nearly every file): the largest regex costs of argo-cd (4 %) and
 * headscale (11 %). Runs of word characters that long are rare outside base64 and hex blobs, and a
 * skipping scan finds them looking at about one character in forty; the regex then runs, sticky,
 * at the start of each run of a length it can match: the same matches, in the same order, as the
 * global regex (runs do not overlap, and a match starts and ends where a run does).
 */
import type { Rule } from './types.js'
import { stickyCopies } from './sticky.js'

/** The shortest run recorded: a rule using {@link wordRun} matches no shorter one. */
const SHORTEST = 48

/** 1 for the word characters `[A-Za-z0-9_]` among the ASCII codes. */
const WORD = new Uint8Array(128)
for (let code = 0; code < 128; code++) WORD[code] = /\w/.test(String.fromCharCode(code)) ? 1 : 0

/** The runs of the last text asked about: each rule of a file needs the same list. */
let last: { text: string; runs: number[] } | undefined

/**
 * The maximal runs of word characters at least {@link SHORTEST} long in `text`, as [start, end)
 * pairs in order. A window of that length is read from its right end: the first non-word
 * character met is one no run of that length crosses, so the next window starts past it (a text
 * of short words costs about one look per window). Each character is looked at twice at most.
 */
export function longWordRuns(text: string): number[] {
  if (last?.text === text) return last.runs
  const runs: number[] = []
  const n = text.length
  // Invariant: `at` is 0 or follows a non-word character, so a run containing it starts there.
  let at = 0
  while (at + SHORTEST <= n) {
    let probe = at + SHORTEST - 1
    while (probe >= at) {
      const code = text.charCodeAt(probe)
      if (code >= 128 || WORD[code] === 0) break
      probe--
    }
    if (probe >= at) {
      at = probe + 1
      continue
    }
    let end = at + SHORTEST
    while (end < n) {
      const code = text.charCodeAt(end)
      if (code >= 128 || WORD[code] === 0) break
      end++
    }
    runs.push(at, end)
    at = end + 1
  }
  last = { text, runs }
  return runs
}

/**
 * The search for a regex each of whose matches is a whole run of word characters `min` to `max`
 * long (the caller proves this from the regex; `min` ≥ {@link SHORTEST}).
 */
export function wordRun(min: number, max: number): NonNullable<Rule['search']> {
  if (min < SHORTEST) throw new Error(`wordRun: runs shorter than ${SHORTEST} are not recorded`)
  const stickyOf = stickyCopies()
  return function* search(regex: RegExp, text: string): Generator<RegExpExecArray> {
    const sticky = stickyOf(regex)
    const runs = longWordRuns(text)
    for (let i = 0; i < runs.length; i += 2) {
      const start = runs[i] ?? 0
      const length = (runs[i + 1] ?? 0) - start
      if (length < min || length > max) continue
      sticky.lastIndex = start
      const match = sticky.exec(text)
      if (match !== null) yield match
    }
  }
}
