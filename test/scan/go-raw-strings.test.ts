/**
 * The Go raw-string pass jumps between the characters it acts on; it finds exactly the ranges the
 * character-by-character pass it replaced found, on random Go-like text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { goRawStrings } from '../../src/scan/rules/go-raw-strings.js'
import { fuzzParams } from '../fuzz/fuzz.js'

/** The former pass: every character looked at in turn. */
function stepped(text: string): [number, number][] {
  const ranges: [number, number][] = []
  const lineEnd = (at: number): number => (text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at))
  const quotedEnd = (at: number, quote: number): number => {
    for (let i = at + 1; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 92) i++
      else if (code === quote || code === 10) return i + 1
    }
    return text.length
  }
  let at = 0
  while (at < text.length) {
    const code = text.charCodeAt(at)
    if (code === 47 && text.charCodeAt(at + 1) === 47) at = lineEnd(at)
    else if (code === 47 && text.charCodeAt(at + 1) === 42) {
      const close = text.indexOf('*/', at + 2)
      at = close < 0 ? text.length : close + 2
    } else if (code === 34 || code === 39) at = quotedEnd(at, code)
    else if (code === 96) {
      const close = text.indexOf('`', at + 1)
      const end = close < 0 ? text.length : close
      const newline = text.indexOf('\n', at + 1)
      if (newline >= 0 && newline < end) ranges.push([at + 1, end])
      at = end + 1
    } else at++
  }
  return ranges
}

describe('goRawStrings', () => {
  it('finds the ranges the character-by-character pass found', () => {
    const piece = fc.constantFrom(
      ...['`', '`', '/', '//', '/*', '*/', '"', "'", '\\', '\n', ' ', 'x := ', 'password: ', 'a/b'],
      ...['`\npassword: hunter2\n`', '"a`b"', "'`'", '// `\n', '/* ` */'],
    )
    let found = 0
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('')
        const expected = stepped(text)
        found += expected.length
        expect(goRawStrings(text)).toEqual(expected)
      }),
      fuzzParams(3000),
    )
    expect(found).toBeGreaterThan(500)
  })
})
