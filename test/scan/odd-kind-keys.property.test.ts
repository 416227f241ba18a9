/**
 * The alias-key search of odd-kind-keys.ts runs its regex only at `*`s that open a line (or follow
 * `{`/`,`); it decides exactly what the regex it replaced, tried at every position, decided, on
 * random YAML-like text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kindKeyNeedsParse } from '../../src/scan/odd-kind-keys.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

/** The former test: one multiline regex tried at every position. */
const FORMER =
  /(?:^|[{,])[ \t?-]*\*[^\s,[\]{}:]+[ \t]*:(?:[ \t]+(?:["']?S|"[^"\n]{0,40}\\|[*!&|>#])|[ \t]*$)/m

describe('kindKeyNeedsParse: alias keys', () => {
  it('decides as the regex tried at every position', () => {
    const piece = fc.constantFrom(
      ...[
        '*',
        '*',
        '*k',
        '**b**',
        '*k: S',
        '*k:',
        ': "S',
        ': &',
        ' ',
        '\t',
        '-',
        '?',
        '\n',
        '\r',
        '\u2028',
        '{',
        ',',
        ':',
        ': ',
      ],
      ...['S', 'Secret', '"', "'", '#', '&', '!', '|', '>', 'a', '[', ']', '}', 'x: y'],
    )
    let matched = 0
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        // No `kind` and no backslash: only the alias-key test can say yes (its tail is the same regex).
        const text = parts.join('')
        const expected = FORMER.test(text)
        if (expected) matched++
        expect(kindKeyNeedsParse(text)).toBe(expected)
      }),
      fuzzParams(5000),
    )
    expect(matched).toBeGreaterThan(200)
  })

  it('stays linear on a line of many `*` and on many alias-like keys', () => {
    for (const text of ['*'.repeat(400_000), '- *a\n'.repeat(100_000), `,*${'-?*'.repeat(100_000)}`]) {
      const start = cpuMark()
      expect(kindKeyNeedsParse(text)).toBe(false)
      expect(cpuMsSince(start)).toBeLessThan(1000)
    }
  })
})
