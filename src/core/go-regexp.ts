/**
 * Go (RE2) regular expressions, the one place gitseal compiles them: `path_regex` and the
 * encryption rules of `.sops.yaml`, the `encrypted_regex`-style fields of SOPS metadata, and regexes
 * in `gitseal.yaml`. These patterns come from files an attacker may write (SOPS metadata is not
 * authenticated; a pull request can change `.sops.yaml`), so they run on re2js, a port of RE2:
 * linear time in the input whatever the pattern, and Go's syntax and semantics (`(?i)`, `\z`,
 * `(?P<name>…)`, ASCII `\d`, no lookaround or backreferences), as sops itself uses.
 */
import { createRequire } from 'node:module'
import type { RE2JS } from 're2js'
import { GitsealError } from './errors.js'
import { anchoredSearch } from './go-regexp-window.js'
import type { WindowEngine } from './go-regexp-window.js'
import { simpleGoRegExp } from './go-regexp-simple.js'

// Loaded on the first pattern (synchronously, its CommonJS build): most scans and commands have
// no regex to compile and should not pay for parsing 260 KB at start-up.
let engine: typeof RE2JS | undefined
function re2(): typeof RE2JS {
  engine ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS
  return engine
}

/** A match of a {@link GoRegExp}: UTF-16 offsets of the whole match and of its groups. */
export interface GoMatch {
  start: number
  end: number
  /** Offsets of a group by number or name; undefined when it did not take part or does not exist. */
  group(group: number | string): readonly [number, number] | undefined
}

/** A compiled Go regexp. */
export interface GoRegExp {
  /** The pattern as written. */
  readonly source: string
  /** Unanchored search, as Go's `regexp.MatchString`. */
  test(text: string): boolean
  /** Non-overlapping, non-empty matches from left to right (as Go's `FindAllStringSubmatchIndex`). */
  matches(text: string): Generator<GoMatch>
  /**
   * The same matches as {@link matches} for a pattern whose every match starts where `next` says
   * one may (`next(from)`: the first such offset at or after `from`, -1 for none; a literal
   * prefix's occurrences), several times faster on text dense in matches (go-regexp-window.ts).
   * With `tooLong`, a start whose match (if any) runs past the longest window re2js's fast engine
   * takes is passed to it and skipped, instead of searching the rest of the text on its NFA (3–5×
   * slower): the caller decides what an unchecked place means.
   */
  matchesStartingAt(
    text: string,
    next: (from: number) => number,
    tooLong?: (start: number) => void,
  ): Generator<GoMatch>
}

/**
 * Longest pattern compiled. RE2 is linear in the text, but each character matched costs in
 * proportion to the pattern's size: a 250 KB `encrypted_regex` of `[a-z]` classes took 71 s on
 * 100 KB of keys. sops' and gitseal's own patterns are under 100 characters.
 */
export const MAX_PATTERN_LENGTH = 1024

// Patterns repeat across files (every SOPS file of a repository has the same rule); the cap keeps
// a scan of many distinct crafted patterns from growing the cache without bound.
const CACHE_LIMIT = 256
const cache = new Map<string, GoRegExp>()

// re2js's search mode (RE2's UNANCHORED).
const UNANCHORED = 0
// Characters the anchored window searches may read, per character of the text, before the rest is
// searched the usual way: a pattern whose failed tries each read far stays linear.
const WINDOW_WORK = 8

function wrap(source: string, re: RE2JS): GoRegExp {
  const named = re.namedGroups()
  const count = re.groupCount()
  const engine = re.re2() as unknown as WindowEngine
  const toMatch = (offsets: ArrayLike<number>, shift: number): GoMatch => {
    const spans: (readonly [number, number] | undefined)[] = []
    for (let index = 0; index <= count; index++) {
      const s = offsets[2 * index] ?? -1
      spans.push(s < 0 ? undefined : [s + shift, (offsets[2 * index + 1] as number) + shift])
    }
    const [start, end] = spans[0] ?? [0, 0]
    return { start, end, group: (group) => spans[typeof group === 'number' ? group : (named[group] ?? -1)] }
  }
  function* searchFrom(text: string, from: number): Generator<GoMatch> {
    while (from <= text.length) {
      // Every group's offsets in one search (its Matcher finds the match, then searches again
      // from the match's start for the groups: twice the work per match).
      const [found, offsets] = re.re2().matchWithGroup(text, from, text.length, UNANCHORED, count + 1) as [
        boolean,
        number[] | null,
      ]
      if (!found || offsets === null) return
      const match = toMatch(offsets, 0)
      from = match.end === match.start ? match.end + 1 : match.end
      if (match.end !== match.start) yield match
    }
  }
  return {
    source,
    test: (text) => re.test(text),
    *matches(text) {
      // A text without a match is told by re2js's DFA, several times faster than a search.
      if (re.test(text)) yield* searchFrom(text, 0)
    },
    *matchesStartingAt(text, next, tooLong) {
      if (!re.test(text)) return
      let work = 0
      for (let start = next(0); start >= 0;) {
        const offsets =
          work <= WINDOW_WORK * text.length ? anchoredSearch(engine, text, start, count + 1) : undefined
        work += offsets?.steps ?? 0
        if (offsets?.tooLong === true && tooLong !== undefined) {
          tooLong(start)
          start = next(start + 1)
          continue
        }
        const match = offsets?.found ? toMatch(offsets.found, start) : undefined
        // No window told (too short, or the work bound reached), or an empty match (which the
        // usual search steps over): the usual search from here.
        if (offsets === undefined || offsets.tooLong === true || match?.end === start) {
          yield* searchFrom(text, start)
          return
        }
        if (match) yield match
        start = next(match ? match.end : start + 1)
      }
    },
  }
}

/**
 * Compile `pattern`, or say why it cannot be: for callers that must go on (the scanner reports
 * the rule as unusable and fails closed rather than skipping it silently).
 * @returns the regexp, or a one-line reason such as "invalid or unsupported Perl syntax: `(?=`".
 */
export function tryGoRegExp(pattern: string): GoRegExp | string {
  const cached = cache.get(pattern)
  if (cached !== undefined) return cached
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `expression longer than ${MAX_PATTERN_LENGTH} characters (${pattern.length}): matching costs its size per character`
  let compiled: GoRegExp
  const simple = simpleGoRegExp(pattern)
  if (simple !== undefined) {
    // Tested without re2js; matches (with offsets) are asked of re2js, compiled on first use.
    let full: GoRegExp | undefined
    const re2Compiled = (): GoRegExp => (full ??= wrap(pattern, re2().compile(pattern)))
    compiled = {
      source: pattern,
      test: (text) => simple.test(text),
      matches: (text) => re2Compiled().matches(text),
      matchesStartingAt: (text, next, tooLong) => re2Compiled().matchesStartingAt(text, next, tooLong),
    }
  } else {
    let re: RE2JS
    try {
      re = re2().compile(pattern)
    } catch (error) {
      return (error as Error).message.replace(/^error parsing regexp: /, '')
    }
    compiled = wrap(pattern, re)
  }
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(pattern, compiled)
  return compiled
}

/**
 * Compile `pattern` or fail: for sops and configuration, where a rule that cannot run must stop
 * the command. `where` names the file and field, e.g. `.sops.yaml: creation_rules[0].path_regex`.
 * @throws GitsealError `E_BAD_CONFIG` naming `where`, the pattern and the reason.
 */
export function goRegExp(pattern: string, where: string): GoRegExp {
  const compiled = tryGoRegExp(pattern)
  if (typeof compiled !== 'string') return compiled
  throw new GitsealError(
    'E_BAD_CONFIG',
    `${where}: invalid regular expression ${JSON.stringify(pattern)}: ${compiled}`,
    {
      hint: 'Use Go RE2 syntax, as sops does: no lookaround or backreferences; (?i) for case-insensitive.',
    },
  )
}
