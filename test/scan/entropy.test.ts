/**
 * Shannon entropy is the gate of many rules (≥ 3, ≥ 3.5 bits): the counting was made faster, so it
 * must give exactly the old result, to the last bit, for ASCII, non-ASCII and mixed values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shannonEntropy } from '../../src/scan/entropy.js'
import { fuzzParams } from '../fuzz/fuzz.js'

/** The straightforward definition: counts in a Map, terms summed in order of first occurrence. */
function reference(value: string): number {
  if (value.length === 0) return 0
  const counts = new Map<number, number>()
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    counts.set(code, (counts.get(code) ?? 0) + 1)
  }
  let entropy = 0
  for (const count of counts.values()) {
    const p = count / value.length
    entropy -= p * Math.log2(p)
  }
  return entropy
}

describe('shannonEntropy', () => {
  it('gives the reference value to the last bit', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.stringMatching(/^[A-Za-z0-9+/=]{0,120}$/),
      fc
        .array(fc.constantFrom('a', 'b', 'é', 'Σ', '\u{1f511}', '0', '\x7f', '\x80'), { maxLength: 60 })
        .map((parts) => parts.join('')),
    )
    fc.assert(
      fc.property(value, (input) => {
        expect(shannonEntropy(input)).toBe(reference(input))
        expect(shannonEntropy(input)).toBe(reference(input)) // no count left over from the call before
      }),
      fuzzParams(3000),
    )
  })

  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0)
    expect(shannonEntropy('aaaa')).toBe(0)
    expect(shannonEntropy('abab')).toBe(1)
    expect(shannonEntropy('abcdéΣ\u{1f511}'.slice(0, 8))).toBe(3)
  })
})
