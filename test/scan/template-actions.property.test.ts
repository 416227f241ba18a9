/**
 * The indexed template-action check answers exactly as the walk back over the line it replaced,
 * on random text made of the characters that matter (braces, `%`, newlines) and at every offset.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/fuzz.js'
import { TEMPLATE_LOOKBACK, templateActions } from '../../src/scan/template-actions.js'

/** The former check: walk back to the line start (at most the window), the last opener or closer decides. */
function walkBack(text: string, at: number): boolean {
  let lineStart = at
  const windowStart = Math.max(0, at - TEMPLATE_LOOKBACK)
  while (lineStart > windowStart && text.charCodeAt(lineStart - 1) !== 10) lineStart--
  for (let i = at - 2; i >= lineStart; i--) {
    const first = text.charCodeAt(i)
    const second = text.charCodeAt(i + 1)
    if (first === 123 && (second === 123 || second === 37)) return true
    if (second === 125 && (first === 125 || first === 37)) return false
  }
  return false
}

const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom('{', '}', '%', '\n', ' ', 'a', '\r'), { maxLength }).map((chars) => chars.join(''))

/** The check asked once, with a fresh index. */
const inTemplateAction = (text: string, at: number): boolean => templateActions(text)(at)

describe('templateActions', () => {
  it('agrees with the walk back at every offset of random text', () => {
    fc.assert(
      fc.property(text(80), (sample) => {
        const inside = templateActions(sample)
        for (let at = 0; at <= sample.length; at++) {
          expect(inside(at), JSON.stringify([sample, at])).toBe(walkBack(sample, at))
        }
      }),
      fuzzParams(2000),
    )
  })

  it('agrees where the window edge matters (openers just inside and just outside the look-back)', () => {
    for (const gap of [
      TEMPLATE_LOOKBACK - 3,
      TEMPLATE_LOOKBACK - 2,
      TEMPLATE_LOOKBACK - 1,
      TEMPLATE_LOOKBACK,
    ]) {
      for (const opener of ['{{', '{%']) {
        const sample = `x ${opener}${'a'.repeat(gap)} password=y`
        for (let at = 0; at <= sample.length; at++)
          expect(inTemplateAction(sample, at)).toBe(walkBack(sample, at))
      }
    }
    expect(inTemplateAction(`{{ ${'a'.repeat(10)} password`, 14)).toBe(true)
    expect(inTemplateAction(`{{ ${'a'.repeat(TEMPLATE_LOOKBACK)} password`, TEMPLATE_LOOKBACK + 4)).toBe(
      false,
    )
    expect(inTemplateAction('{{ a }} password', 8)).toBe(false)
    expect(inTemplateAction('{{ a\npassword', 5)).toBe(false)
  })
})
