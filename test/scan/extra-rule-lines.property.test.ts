/**
 * A gitseal.yaml rule runs RE2 only where a match can be (the lines holding its literal): it must
 * find exactly the matches RE2 finds over the whole text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tryGoRegExp } from '../../src/core/go-regexp.js'
import type { GoRegExp } from '../../src/core/go-regexp.js'
import { createDetector } from '../../src/scan/engine.js'
import { compileExtraRules } from '../../src/scan/extra-rules.js'
import { MAX_CHECKED_PER_RULE } from '../../src/scan/matcher.js'
import { patternShape } from '../../src/scan/extra-rule-lines.js'

const PATTERNS = [
  'itok_(?P<secret>[a-z0-9]{4,8})',
  '(?i)sk_key\\s*=\\s*([a-z0-9]{3,})',
  '(?i)\\bsk_key[ =:]+([a-z0-9]{3,})\\b',
  '(?i)(?:x|y)?sk_key=([^ ]{2,6})',
  '[a-z]+_token=([A-Za-z0-9]{3,})',
  'abc?d_key=(\\w+)',
  '(?s)sk_key.{0,5}(\\w+)',
  'sk_key[^x]{0,4}(\\w+)',
  '^sk_key=(\\w+)$',
  '(?m)^sk_key=(\\w+)$',
  'sk_key=(\\w+)|itok_(\\w+)',
  'K_KEY=([\\t-~]{2,4})',
]

function compiled(pattern: string): GoRegExp {
  const regex = tryGoRegExp(pattern)
  if (typeof regex === 'string') throw new Error(regex)
  return regex
}

/** RE2 over the whole text: the secret group's (or group 1's, or the match's) offsets. */
function reference(pattern: string, text: string): [number, number][] {
  return [...compiled(pattern).matches(text)].map(
    (match) => match.group('secret') ?? match.group(1) ?? [match.start, match.end],
  ) as [number, number][]
}

describe('gitseal.yaml rules run where a match can be', () => {
  it('reads a literal and whether matches stay on one line, conservatively', () => {
    expect(patternShape('itok_(?P<secret>[a-z0-9]{32})')).toEqual({
      literal: 'itok_',
      folded: false,
      singleLine: true,
    })
    expect(patternShape('(?i)mytoken\\s*=')).toEqual({ literal: 'mytoken', folded: true, singleLine: false })
    expect(patternShape('abc?d_key=(\\w+)')?.literal).toBe('d_key=')
    expect(patternShape('sk_key=(\\w+)|itok_(\\w+)')).toBeUndefined()
    expect(patternShape('(abc)+x')).toBeUndefined()
    expect(patternShape('\\Qabcdef\\E')).toBeUndefined()
    expect(patternShape('^sk_key=(\\w+)$')?.singleLine).toBe(false)
    expect(patternShape('K_KEY=([\\t-~]{2,4})')?.singleLine).toBe(false)
    expect(patternShape('sk_key[^x]{0,4}')?.singleLine).toBe(false)
  })

  it('finds exactly the matches RE2 finds over the whole text', () => {
    const text = fc
      .array(
        fc.constantFrom(
          'itok_',
          'itok_ab12',
          'sk_key=ab12',
          'K_KEY=x~',
          'sk_key',
          'SK_KEY',
          '\u017fk_\u212aey',
          'd_key=',
          'abd_key=',
          '=',
          ' = ',
          'ab12',
          'x',
          ' ',
          '\n',
          '\r\n',
          '\t',
          'é',
          '_token=',
          'AbC9',
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(''))
    let matched = 0
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), text, (pattern, sample) => {
        const [rule] = compileExtraRules([{ id: 'custom', regex: pattern }], new Set())
        const found = [...(rule?.find?.(sample) ?? [])].map((match) => [match.start, match.end])
        const expected = reference(pattern, sample)
        if (expected.length > 0) matched++
        expect(found, JSON.stringify([pattern, sample])).toEqual(expected)
      }),
      { numRuns: 4000 },
    )
    // The property says something only if many samples held matches.
    expect(matched).toBeGreaterThan(500)
  })

  it('placeholders a rule drops count toward the limit of checked matches: past it the file fails closed', () => {
    const detector = createDetector({
      extraRules: [{ id: 'acme', regex: 'acme_(?P<secret>[A-Za-z0-9]{20})', keywords: ['acme_'] }],
    })
    const ids = (n: number): string[] =>
      detector.scanFile('a.txt', 'acme_xxxxxxxxxxxxxxxxxxxx\n'.repeat(n)).findings.map((f) => f.ruleId)
    expect(ids(MAX_CHECKED_PER_RULE)).toEqual([])
    expect(ids(MAX_CHECKED_PER_RULE + 1)).toEqual(['scan-incomplete'])
  })
})
