/**
 * A reported line's `name = value` pairs are found by trying the pattern once per run of name
 * characters: the same matches as the global regex search tried at every position.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/fuzz.js'
import { assignments } from '../../src/scan/redact.js'

// The pattern of redact.ts, searched the plain way.
const GLOBAL = /([\w.-]{1,80})["']?[ \t]*(?::=|=>|=|:)[ \t]*["'`]?([^\s"'`,;]+)/g

const spans = (matches: Iterable<RegExpExecArray>): [number, string, string][] =>
  [...matches].map((match) => [match.index, match[1] ?? '', match[2] ?? ''])

describe('assignments on a reported line', () => {
  it('are the matches of a global search', () => {
    const piece = fc.oneof(
      fc.constantFrom('password', 'key', 'a', '_', '.', '-', 'x1', 'é'),
      fc.constantFrom('=', ':', ':=', '=>', ' ', '\t', '"', "'", '`', ',', ';', 'Qz8', 'v@l'),
      fc.integer({ min: 60, max: 100 }).map((n) => 'n'.repeat(n)),
    )
    const params = fuzzParams(3000)
    let found = 0
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('')
        GLOBAL.lastIndex = 0
        const expected = spans(text.matchAll(GLOBAL))
        found += expected.length
        expect(spans(assignments(text)), JSON.stringify(text)).toEqual(expected)
      }),
      params,
    )
    expect(found).toBeGreaterThan((params.numRuns ?? 3000) / 10)
  })
})
