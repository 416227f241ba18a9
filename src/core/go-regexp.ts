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

function wrap(source: string, re: RE2JS): GoRegExp {
  const named = re.namedGroups()
  const count = re.groupCount()
  const engine = re.re2()
  return {
    source,
    test: (text) => re.test(text),
    *matches(text) {
      // A text without a match is told by re2js's DFA, several times faster than a search.
      if (!re.test(text)) return
      let from = 0
      while (from <= text.length) {
        // Every group's offsets in one search (its Matcher finds the match, then searches again
        // from the match's start for the groups: twice the work per match).
        const [found, offsets] = engine.matchWithGroup(text, from, text.length, UNANCHORED, count + 1) as [
          boolean,
          number[] | null,
        ]
        if (!found || offsets === null) return
        const start = offsets[0] as number
        const end = offsets[1] as number
        if (end === start) {
          from = end + 1
          continue
        }
        from = end
        const spans: (readonly [number, number] | undefined)[] = []
        for (let index = 0; index <= count; index++) {
          const s = offsets[2 * index] ?? -1
          spans.push(s < 0 ? undefined : [s, offsets[2 * index + 1] as number])
        }
        yield {
          start,
          end,
          group: (group) => spans[typeof group === 'number' ? group : (named[group] ?? -1)],
        }
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
  let re: RE2JS
  try {
    re = re2().compile(pattern)
  } catch (error) {
    return (error as Error).message.replace(/^error parsing regexp: /, '')
  }
  if (cache.size >= CACHE_LIMIT) cache.clear()
  const compiled = wrap(pattern, re)
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
