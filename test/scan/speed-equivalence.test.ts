/**
 * The fast keyword prefilter finds exactly what the reference (check every position) finds, and the
 * detector built on it reports the same findings as one using the reference, on generated text
 * dense in keywords, overlapping keyword starts and secret-shaped values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/fuzz.js'
import { KeywordIndex } from '../../src/scan/keywords.js'
import { FastKeywordIndex } from '../../src/scan/keywords-fast.js'
import { findMatches } from '../../src/scan/matcher.js'
import { GENERIC_KEYWORDS, PROVIDER_RULES } from '../../src/scan/rules/index.js'

const KEYWORDS = [...new Set([...PROVIDER_RULES.flatMap((rule) => rule.keywords), ...GENERIC_KEYWORDS])]
const reference = new KeywordIndex(KEYWORDS)
const fast = new FastKeywordIndex(KEYWORDS)

const sorted = (set: Set<string>): string[] => [...set].sort()

// Pieces: keywords (whole and cut), separators, secret-ish runs, and the regex metacharacters.
const piece = fc.oneof(
  fc.constantFrom(...KEYWORDS),
  fc.constantFrom(...KEYWORDS).map((keyword) => keyword.slice(1)),
  fc.constantFrom(...KEYWORDS).map((keyword) => keyword.slice(0, -1)),
  fc.constantFrom(' ', '\n', '=', ': ', '"', "'", '://', '@', '.', '-', '_', '|', '(', '\\', '[', '$'),
  fc.stringMatching(/^[A-Za-z0-9+/_-]{1,40}$/),
)
const text = fc.array(piece, { maxLength: 80 }).map((parts) => parts.join(''))

describe('fast keyword prefilter', () => {
  it('finds the same keywords as the reference on generated text', () => {
    fc.assert(
      fc.property(text, (input) => {
        const lower = input.toLowerCase()
        expect(sorted(fast.found(lower))).toEqual(sorted(reference.found(lower)))
      }),
      fuzzParams(2000),
    )
  })

  it('finds overlapping keywords and keywords after many repeats of found ones', () => {
    const index = new FastKeywordIndex(['ab', 'bc', 'abc', 'c.d', 'zz'])
    expect(sorted(index.found('abc.d'))).toEqual(['ab', 'abc', 'bc', 'c.d'])
    const late = `${'ab '.repeat(10_000)}zz`
    expect(sorted(index.found(late))).toEqual(
      sorted(new KeywordIndex(['ab', 'bc', 'abc', 'c.d', 'zz']).found(late)),
    )
  })

  it('handles one-character and absent keywords and empty text', () => {
    const index = new FastKeywordIndex(['x', 'yz'])
    expect(sorted(index.found(''))).toEqual([])
    expect(sorted(index.found('axbyz'))).toEqual(['x', 'yz'])
    expect(sorted(new FastKeywordIndex([]).found('anything'))).toEqual([])
  })

  it('gives the same findings as the reference prefilter through findMatches', () => {
    fc.assert(
      fc.property(text, (input) => {
        const run = (index: Pick<KeywordIndex, 'found'>): unknown =>
          findMatches(input, 'file.txt', PROVIDER_RULES, index, new Set(), [], [])
        expect(run(fast)).toEqual(run(reference))
      }),
      fuzzParams(500),
    )
  })
})
