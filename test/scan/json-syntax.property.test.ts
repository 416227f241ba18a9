/**
 * isJsonText tells JSON from other text exactly as JSON.parse does (the analysers skip JSON.parse's
 * costly exception with it), on texts joined from JSON's tokens, near misses and whitespace.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isJsonText } from '../../src/scan/analysers/json-syntax.js'
import { fuzzParams } from '../fuzz/fuzz.js'

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  ' ',
  '\n',
  '\t',
  '\r',
  '\u00a0',
  '\ufeff',
  '"',
  '"a"',
  '"k":',
  '"\\n"',
  '"\\u00e9"',
  '"\\u00g9"',
  '"\\x"',
  '"\\',
  '"\u0001"',
  '"\u001f"',
  '"\u2028"',
  '0',
  '-',
  '-0',
  '01',
  '1.',
  '1.5',
  '.5',
  '1e5',
  '1E+2',
  '1e',
  '+1',
  '12',
  'true',
  'false',
  'null',
  'tru',
  'nul',
  'True',
  'x',
  'changeme',
  '[client]',
]

describe('isJsonText', () => {
  it('agrees with JSON.parse on texts built from JSON tokens and near misses', () => {
    let valid = 0
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (pieces) => {
        const text = pieces.join('')
        const expected = parses(text)
        if (expected) valid++
        expect(isJsonText(text)).toBe(expected)
      }),
      fuzzParams(20000),
    )
    expect(valid).toBeGreaterThan(300)
  })

  it('agrees with JSON.parse on documents JSON.stringify wrote, and on them cut short', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value, null, cut % 3)
        expect(isJsonText(text)).toBe(true)
        const short = text.slice(0, cut % (text.length + 1))
        expect(isJsonText(short)).toBe(parses(short))
      }),
      fuzzParams(3000),
    )
  })

  it('reads a deeply nested or long text in one pass', () => {
    expect(isJsonText(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(true)
    expect(isJsonText(`{"a":"${'x'.repeat(300_000)}"}`)).toBe(true)
    expect(isJsonText('['.repeat(100_000))).toBe(false)
  })
})
