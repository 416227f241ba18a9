/**
 * The simple-pattern matcher answers `test` exactly as re2js (Go's RE2) does for every pattern it
 * takes, takes the patterns `.sops.yaml` files hold, leaves the rest to re2js, and stays linear.
 */
import fc from 'fast-check'
import { RE2JS } from 're2js'
import { describe, expect, it } from 'vitest'
import { simpleGoRegExp } from '../../src/core/go-regexp-simple.js'
import { tryGoRegExp } from '../../src/core/go-regexp.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

// Pieces of patterns: the simple syntax, and some that is not (flags, `\d`, counts, lazy, non-ASCII).
const atom = fc.constantFrom(
  'a',
  'b',
  '.',
  '/',
  '-',
  '_',
  ' ',
  '\\.',
  '\\-',
  '\\$',
  '[a-c]',
  '[^/]',
  '[ab.-]',
  '[-a]',
  '[^a\\.]',
  '\\d',
  'x{2}',
  '(?i)',
  'é',
  '[[:alpha:]]',
  ']',
  '\\b',
)
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '*?', '**')
const pattern: fc.Arbitrary<string> = fc
  .letrec<{ seq: string; group: string }>((tie) => ({
    seq: fc
      .array(
        fc.tuple(
          fc.oneof({ weight: 4, arbitrary: atom }, { weight: 1, arbitrary: tie('group') }),
          quantifier,
        ),
        {
          maxLength: 5,
        },
      )
      .map((items) => items.map(([a, q]) => a + q).join('')),
    group: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((options) => `(${options.join('|')})`),
  }))
  .seq.chain((body) =>
    fc
      .tuple(fc.boolean(), fc.boolean(), fc.boolean())
      .map(([start, end, alt]) => `${start ? '^' : ''}${body}${alt ? '|b' : ''}${end ? '$' : ''}`),
  )
const text = fc
  .array(
    fc.constantFrom('a', 'b', 'A', '.', '/', '-', '_', ' ', '$', '\n', 'é', '\u{1f511}', '\ud800', 'x'),
    {
      maxLength: 12,
    },
  )
  .map((chars) => chars.join(''))

describe('simple Go patterns', () => {
  it('tests every text as re2js does, for every pattern it takes', () => {
    let simple = 0
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 8 }), (source, texts) => {
        const compiled = simpleGoRegExp(source)
        if (compiled === undefined) return
        simple++
        const re = RE2JS.compile(source) // what it takes is valid Go syntax
        for (const t of texts) expect(compiled.test(t), `${source} on ${JSON.stringify(t)}`).toBe(re.test(t))
      }),
      fuzzParams(3000),
    )
    // The generator reaches the matcher, not only the fallback.
    expect(simple).toBeGreaterThan(300)
  })

  it('takes the patterns of real .sops.yaml files and leaves flags, counts and classes like \\d to re2js', () => {
    for (const source of [
      '\\.yaml$',
      '.*\\.sops\\.ya?ml$',
      'kubernetes/.*/talos/.*\\.sops\\.ya?ml$',
      '^(data|stringData)$',
      'kubernetes/.+\\.secret(\\.sops)?\\.ya?ml',
      'secrets/hosts/node1/.*',
      'manifests/prd/.*SopsSecret-.*\\.ya?ml$',
    ])
      expect(simpleGoRegExp(source), source).toBeDefined()
    for (const source of [
      '((?i)(pass|secret($|[^N])|key|token))',
      '\\d+',
      'a{2}',
      '^a|b',
      'a*?',
      'é',
      '',
      '(a',
    ])
      expect(simpleGoRegExp(source), source).toBeUndefined()
  })

  it('runs in linear time on patterns that make backtracking engines explode', () => {
    const compiled = simpleGoRegExp('^(a|a)*(a*)*(a+)+c$')
    expect(compiled).toBeDefined()
    const start = cpuMark()
    expect(compiled?.test('a'.repeat(50_000))).toBe(false)
    expect(cpuMsSince(start)).toBeLessThan(2000)
  })

  it('gives tryGoRegExp the same matches as re2js through the lazily compiled engine', () => {
    const compiled = tryGoRegExp('(data|stringData)\\.[a-z]+')
    if (typeof compiled === 'string') throw new Error(compiled)
    expect(compiled.test('x data.password y')).toBe(true)
    expect([...compiled.matches('data.a stringData.bc')].map((m) => [m.start, m.end, m.group(1)])).toEqual([
      [0, 6, [0, 4]],
      [7, 20, [7, 17]],
    ])
  })
})
