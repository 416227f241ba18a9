/**
 * The default stop words are searched for in one regex per kind (long or punctuated words anywhere,
 * short ones as a delimited word): the same answer as asking containsStopword word by word.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/fuzz.js'
import { DEFAULT_STOPWORDS, containsStopword, holdsDefaultStopword } from '../../src/scan/placeholder.js'

describe('default stop words in one search', () => {
  it('agree with containsStopword word by word', () => {
    // Pieces of stop words, whole words, their neighbours (letters, digits, separators, non-ASCII).
    const piece = fc.oneof(
      fc.constantFrom(...DEFAULT_STOPWORDS),
      fc.constantFrom(...DEFAULT_STOPWORDS).map((word) => word.slice(0, Math.max(1, word.length - 1))),
      fc.constantFrom('a', 'z', '0', '9', '_', '-', '.', '*', ' ', 'é', 'x', 's'),
    )
    const params = fuzzParams(5000)
    let held = 0
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const lower = pieces.join('')
        const expected = DEFAULT_STOPWORDS.some((word) => containsStopword(lower, word))
        if (expected) held++
        expect(holdsDefaultStopword(lower), JSON.stringify(lower)).toBe(expected)
      }),
      params,
    )
    // About half the samples hold a stop word (2,457 to 2,639 of 5,000 over 40 fresh seeds).
    expect(held).toBeGreaterThan((params.numRuns ?? 5000) / 5)
    expect(held).toBeLessThan((params.numRuns ?? 5000) * 0.9)
  })
})
