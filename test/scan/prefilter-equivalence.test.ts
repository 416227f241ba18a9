/**
 * Prefilters of session 26 give what the searches they replace gave: rules run at long runs of
 * word characters (bitcoin WIF, Stellar seeds), Solana number lists found from each `[`, the
 * base64-line check settled by a character beside the match, and console labels tested after
 * their colon. Texts are joined from parts chosen to make matches and near misses frequent.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PASS_WORDS } from '../../src/scan/engine.js'
import { keywordAutomatonFor, literalStarts, notOnBase64Line } from '../../src/scan/matcher.js'
import { anchorOf, anchoredMatches } from '../../src/scan/regex-anchor.js'
import { LABEL, isLabel } from '../../src/scan/rules/console-output.js'
import { ASSIGNMENT_WORDS, PROVIDER_RULES, findGeneric } from '../../src/scan/rules/index.js'
import { GENERIC_GATE_WORDS } from '../../src/scan/rules/generic.js'
import { NUMBER_LIST, solanaKeypairs } from '../../src/scan/rules/wallet-keys.js'
import { longWordRuns } from '../../src/scan/rules/word-runs.js'
import { fuzzParams } from '../fuzz/fuzz.js'

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
/** `n` characters cycling through `alphabet` from `from`. */
const run = (alphabet: string, n: number, from = 0): string =>
  Array.from({ length: n }, (_, i) => alphabet[(from + 7 * i) % alphabet.length]).join('')

/** Texts joined from up to `pieces` of `parts`, `runs` times (fixed seed). */
function joined(parts: string[], pieces: number, runs: number, check: (text: string) => void): void {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...parts), { maxLength: pieces }), (chosen) =>
      check(chosen.join('')),
    ),
    fuzzParams(runs),
  )
}

/** The search of rule `id` finds what its global regex finds; returns how many matches in all. */
function searchAgrees(id: string, parts: string[]): number {
  const rule = PROVIDER_RULES.find((each) => each.id === id)
  expect(rule?.search).toBeDefined()
  const regex = rule!.regex!
  const global = new RegExp(regex.source, `${regex.flags.replace('g', '')}g`)
  let matched = 0
  joined(parts, 12, 3000, (text) => {
    const fast = [...rule!.search!(regex, text)].map((m) => [m.index, m[0], m.groups?.secret])
    const old = [...text.matchAll(global)].map((m) => [m.index, m[0], m.groups?.secret])
    matched += old.length
    expect(fast).toEqual(old)
  })
  return matched
}

const EDGES = [' ', '\n', '"', '_', 'x', '0', 'é', '+', '-', ':', '=']

describe('long runs of word characters', () => {
  it('are the maximal runs of 48 or more word characters', () => {
    const parts = [...EDGES, run(B58, 20), run(B58, 47), run(B58, 48), run(B58, 49, 3), run(B58, 60, 5), 'ab']
    joined(parts, 10, 3000, (text) => {
      const reference = [...text.matchAll(/[A-Za-z0-9_]{48,}/g)].flatMap((m) => [
        m.index,
        m.index + m[0].length,
      ])
      expect(longWordRuns(text)).toEqual(reference)
    })
  })

  it('give the bitcoin WIF rule the matches of its global regex', () => {
    const parts = [
      ...EDGES,
      `5H${run(B58, 49)}`,
      `5K${run(B58, 49, 11)}`,
      `91${run(B58, 49, 2)}`,
      `K${run(B58, 51, 4)}`,
      `L${run(B58, 51, 9)}`,
      `cN${run(B58, 50, 1)}`,
      `5H${run(B58, 48)}`,
      `K${run(B58, 52)}`,
      `5H${run(B58, 24)}0${run(B58, 24)}`,
      run(B58, 30),
    ]
    expect(searchAgrees('bitcoin-wif-private-key', parts)).toBeGreaterThan(500)
  })

  it('give the Stellar seed rule the matches of its global regex', () => {
    const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
    const parts = [
      ...EDGES,
      `SA${run(b32, 54)}`,
      `SD${run(b32, 54, 3)}`,
      `SE${run(b32, 54)}`,
      `SB${run(b32, 53)}`,
      `SC${run(b32, 55)}`,
      `SB${run(b32, 20)}a${run(b32, 33)}`,
      'S',
      run(b32, 54),
    ]
    expect(searchAgrees('stellar-secret-seed', parts)).toBeGreaterThan(300)
  })
})

describe('literals', () => {
  it('a plain character with an exact count anchors the Twitter bearer token rule, with the global matches', () => {
    const rule = PROVIDER_RULES.find((each) => each.id === 'twitter-bearer-token')
    const regex = rule!.regex!
    const anchored = anchorOf(regex)
    expect(anchored?.literal).toBe('A'.repeat(22))
    const global = new RegExp(regex.source, `${regex.flags.replace('g', '')}g`)
    const parts = [
      ...EDGES,
      'A'.repeat(21),
      'A'.repeat(22),
      'x9Kq%2F',
      run(B58, 40),
      '\\n',
      '/',
      `${'A'.repeat(22)}${run(B58, 40)}`,
      `${'A'.repeat(30)}${run(B58, 31, 5)}`,
      `${'A'.repeat(22)}${run(B58, 29)}`,
    ]
    let matched = 0
    joined(parts, 12, 3000, (text) => {
      const fast = [...anchoredMatches(anchored!, text)].map((m) => [m.index, m[0]])
      const old = [...text.matchAll(global)].map((m) => [m.index, m[0]])
      matched += old.length
      expect(fast).toEqual(old)
    })
    expect(matched).toBeGreaterThan(300)
  })

  it('the Telegram bot token rule runs 8–10 characters before each `:AA`, with the global matches', () => {
    const parts = [
      ...EDGES,
      '12345678',
      '9',
      ':AA',
      ':aa',
      run(B58, 33),
      `123456789:AA${run(B58, 33)}`,
      `12345678:AA${run(B58, 33, 2)}`,
      `1234567890:AA${run(B58, 33, 4)}`,
      `1234567:AA${run(B58, 33)}`,
      `123456789:AA${run(B58, 32)}`,
    ]
    expect(searchAgrees('telegram-bot-token', parts)).toBeGreaterThan(300)
  })
})

describe('Solana number lists', () => {
  it('are found from each `[` as the global regex finds them', () => {
    const list = Array.from({ length: 64 }, (_, i) => `${(i * 37) % 256}`)
    const parts = [
      '[',
      ']',
      ',',
      ' ',
      '\n',
      '7',
      '[[',
      list.join(','),
      list.join(', '),
      `[${list.join(',')}]`,
      '[ 1, 2 ]',
    ]
    let matched = 0
    joined(parts, 10, 3000, (text) => {
      const reference = [...text.matchAll(NUMBER_LIST)].map((m) => {
        const start = m.index + m[0].indexOf(m[1] ?? '')
        return { start, end: start + (m[1] ?? '').length, secret: m[1] }
      })
      const found = [...solanaKeypairs(text)]
      matched += reference.length
      expect(found).toEqual(
        reference.filter((m) => !(m.secret ?? '').split(',').some((n) => Number(n.trim()) > 255)),
      )
    })
    expect(matched).toBeGreaterThan(300)
  })
})

describe('base64 lines', () => {
  it('are ruled out by a character beside or in the match only when the line holds one', () => {
    const BASE64_LINE = /^[A-Za-z0-9+/]{60,}={0,2}$/
    const parts = [run(B58, 30), run(B58, 64), '+/', '==', ' ', '\t', '\r\n', '\n', '"', ':', 'é', '\u00a0']
    let ruledOut = 0
    joined(parts, 8, 3000, (text) => {
      for (let start = 0; start < text.length; start += 3) {
        for (const end of [start + 1, start + 17, start + 40]) {
          if (end > text.length || !notOnBase64Line(text, start, end)) continue
          ruledOut++
          const lineStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1
          const newline = text.indexOf('\n', start)
          const line = text.slice(lineStart, newline < 0 ? text.length : newline).replace(/\r$/, '')
          expect(BASE64_LINE.test(line.trim())).toBe(false)
        }
      }
    })
    expect(ruledOut).toBeGreaterThan(1000)
  })
})

describe('console labels', () => {
  it('are what LABEL says, tested after their last colon', () => {
    const parts = [
      'API key',
      ' for ',
      "'x'",
      ':',
      ': ',
      ':\t',
      '\r',
      'token',
      'password',
      'Your ',
      'a:b',
      ' ',
      'secret',
    ]
    let labels = 0
    joined(parts, 8, 3000, (line) => {
      if (LABEL.test(line)) labels++
      expect(isLabel(line)).toBe(LABEL.test(line))
    })
    expect(labels).toBeGreaterThan(30)
  })
})

describe('generic gate words', () => {
  it('are recorded by the keyword pass, and the generic pass told of them finds what it finds searching', () => {
    expect(PASS_WORDS).toEqual(expect.arrayContaining([...GENERIC_GATE_WORDS]))
    const automaton = keywordAutomatonFor(PROVIDER_RULES, PASS_WORDS)
    const secret = 'Xq9vLm2PzR7tKw4B'
    const parts = [
      'variable "db_password" {\n',
      'VARIABLE "db_password" {\n',
      'Variable ',
      '  default = "' + secret + '"\n',
      '}\n',
      'kubectl create secret generic app ',
      '--from-literal=',
      '--FROM-LITERAL=',
      'db=' + secret + ' ',
      'password: x\n',
      '\n',
    ]
    let found = 0
    for (const path of ['main.tf', 'deploy.sh', 'README.md']) {
      joined(parts, 10, 1000, (text) => {
        const hits = automaton.scan(text)
        const starts = literalStarts(hits, ASSIGNMENT_WORDS)
        const told = findGeneric(text, path, [], 200, starts, Infinity, hits.found)
        const searched = findGeneric(text, path, [], 200, starts)
        found += searched.matches.length
        expect(told).toEqual(searched)
      })
    }
    expect(found).toBeGreaterThan(100)
  })
})
