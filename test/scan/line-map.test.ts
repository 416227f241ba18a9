/**
 * LineMap answers as a map of every line start would, reading only as far as the offsets asked
 * about: a finding on line 1 of a file of 45 million newlines once built every start, twice (7 s, 1.1 GB).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineMap } from '../../src/scan/text.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

/** Line and bounds of `offset` from a split of the whole text. */
function naive(text: string, offset: number): { line: number; column: number; start: number; end: number } {
  let start = 0
  let line = 1
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    start = at + 1
    line++
  }
  let end = text.indexOf('\n', start)
  if (end < 0) end = text.length
  if (end > start && text.charCodeAt(end - 1) === 13) end--
  return { line, column: offset - start + 1, start, end }
}

describe('LineMap', () => {
  it('gives the line, column and bounds a split of the whole text gives, offsets asked in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'bc', '\n', '\r\n', '\n\n', ' '), { maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (pieces, picks) => {
          const text = pieces.join('')
          const map = new LineMap(text)
          for (const pick of picks) {
            const offset = pick % (text.length + 1)
            const expected = naive(text, offset)
            expect(map.position(offset)).toEqual({ line: expected.line, column: expected.column })
            expect(map.lineBounds(offset)).toEqual({ start: expected.start, end: expected.end })
          }
        },
      ),
      fuzzParams(3000),
    )
  })

  it('reads no further than the offsets asked about need', () => {
    const text = `k=v\n${'\n'.repeat(30_000_000)}`
    const started = cpuMark()
    for (let i = 0; i < 20; i++) expect(new LineMap(text).lineBounds(1)).toEqual({ start: 0, end: 3 })
    expect(cpuMsSince(started)).toBeLessThan(500)
    expect(new LineMap(text).position(text.length - 1).line).toBe(30_000_001)
  })
})
