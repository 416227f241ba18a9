/**
 * A gitseal.yaml rule runs RE2 only where a match can be (the lines holding its literal): it must
 * find exactly the matches RE2 finds over the whole text.
 */
import fc from 'fast-check'
import { RE2JS } from 're2js'
import { describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/fuzz.js'
import { createDetector } from '../../src/scan/engine.js'
import { compileExtraRules } from '../../src/scan/extra-rules.js'
import { MAX_CHECKED_PER_RULE } from '../../src/scan/matcher.js'
import { literalPrefix, patternShape } from '../../src/scan/extra-rule-lines.js'
import { CS, rnd } from './rules/tokens.js'

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

/**
 * RE2 over the whole text, through re2js's own Matcher (not gitseal's wrapper, whose single search
 * per match is under test too): the secret group's (or group 1's, or the match's) offsets.
 */
function reference(pattern: string, text: string): [number, number][] {
  const re = RE2JS.compile(pattern)
  const named = re.namedGroups()
  const m = re.matcher(text)
  const span = (group: number | undefined): [number, number] | undefined =>
    group === undefined || group > re.groupCount() || m.start(group) < 0
      ? undefined
      : [m.start(group), m.end(group)]
  const out: [number, number][] = []
  let from = 0
  while (from <= text.length && m.find(from)) {
    const [start, end] = [m.start(), m.end()]
    from = end === start ? end + 1 : end
    if (end > start) out.push(span(named.secret) ?? span(1) ?? [start, end])
  }
  return out
}

/**
 * Asserts that a custom rule of each pattern finds exactly RE2's matches on every sample drawn from
 * `text`; returns how many samples held a match (the property says something only if many did).
 */
function samplesWithMatches(patterns: string[], text: fc.Arbitrary<string>, numRuns: number): number {
  let matched = 0
  fc.assert(
    fc.property(fc.constantFrom(...patterns), text, (pattern, sample) => {
      const [rule] = compileExtraRules([{ id: 'custom', regex: pattern }], new Set())
      const found = [...(rule?.find?.(sample) ?? [])].map((match) => [match.start, match.end])
      const expected = reference(pattern, sample)
      if (expected.length > 0) matched++
      expect(found, JSON.stringify([pattern, sample])).toEqual(expected)
    }),
    fuzzParams(numRuns),
  )
  return matched
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
    // The property says something only if many samples held matches.
    expect(samplesWithMatches(PATTERNS, text, 4000)).toBeGreaterThan(500)
  })

  it('reads the literal every match starts with, conservatively', () => {
    expect(literalPrefix('(?i)mytoken\\s*[:=]\\s*(\\w{20,})')).toEqual({
      literal: 'mytoken',
      folded: true,
      singleLine: false,
    })
    expect(literalPrefix('\\bitok_(\\w+)')?.literal).toBe('itok_')
    expect(literalPrefix('abc?d_key=(\\w+)')).toBeUndefined() // `c?`: matches start with `ab` only
    expect(literalPrefix('x?abcd')).toBeUndefined()
    expect(literalPrefix('(abcd)')).toBeUndefined()
    expect(literalPrefix('abcd|efgh')).toBeUndefined()
  })

  it("patterns starting with a literal, searched on windows from its occurrences, find exactly RE2's matches", () => {
    // Matches shorter and longer than the windows (128, 512, 2,048 characters and re2js's longest),
    // choices that read past a window's end, and assertions at its edges.
    const patterns = [
      '(?i)mytoken\\s*[:=]\\s*"?(?P<secret>[A-Za-z0-9]{20,})',
      'mytoken(?:[a-z]{20,}X|[a-z]{5})',
      '(?i)mytoken[a-z ]*?(\\d+)\\b',
      'mytoken\\s*=\\s*(\\w+)$',
      '(?i)\\bmytoken=(\\w{3,})\\B',
      'mytokenmytoken([\\s\\S]{0,300}?)end',
    ]
    const text = fc
      .array(
        fc.constantFrom(
          'mytoken',
          'MYTO\u212aEN',
          'mytoken=',
          'mytoken: ',
          '=',
          ' ',
          '\n',
          'X',
          '42',
          'end',
          'aB3'.repeat(40),
          'a'.repeat(200),
          ' '.repeat(150),
          'q'.repeat(700),
          `mytoken=${'aB3'.repeat(10)}`,
          `mytoken${'q'.repeat(30)}X`,
          'mytoken=abc',
          'mytokenmytoken',
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join(''))
    // Not vacuous: a tenth of the random samples hold a match (a CI run saw 298 of 1,500 under a bound of 300).
    expect(samplesWithMatches(patterns, text, 1500)).toBeGreaterThan(150)
    // A match longer than any window the backtracker takes is not searched for on re2js's NFA (3–5×
    // slower, for the rest of the text): that place is marked unchecked and the next match is found.
    const long = `x mytoken = ${'a'.repeat(20_000)} mytoken=${'b'.repeat(30)}\n`
    const [rule] = compileExtraRules([{ id: 'custom', regex: patterns[0] ?? '' }], new Set())
    const found = [...(rule?.find?.(long) ?? [])]
    expect(found.map((match) => [match.start, match.end, match.unchecked === true])).toEqual([
      [2, 2, true],
      ...reference(patterns[0] ?? '', long)
        .slice(1)
        .map(([start, end]) => [start, end, false]),
    ])
  })

  it('a file with a custom rule match too long to check fails closed, saying so; later matches are found', () => {
    const detector = createDetector({
      extraRules: [{ id: 'mytok', regex: '(?i)mytoken\\s*[:=]\\s*"?(?P<secret>[A-Za-z0-9]{20,})' }],
    })
    const text = `mytoken=${'aB3'.repeat(3000)}\nmytoken=${rnd(CS.alnum, 24)}\n`
    const findings = detector.scanFile('a.env', text).findings
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['scan-incomplete', 1],
      ['mytok', 2],
    ])
    expect(findings[0]?.redactedLine).toMatch(
      /^not fully scanned: a possible match of mytok runs past the thousands of characters its pattern is checked for: that place was not checked$/,
    )
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
