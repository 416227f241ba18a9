/**
 * Cheap tests that skip work the scanner used to do on crafted text (bench/suites/scan-adversarial.mjs)
 * answer as the work they skip would: on random texts of the characters each one reads, the
 * document split's early exit gives the walk's bounds, the list openings found by a one-character
 * regex give the global NUMBER_LIST's matches, a line whose first character can open no key fails
 * EMPTY_KEY, and a credential map's head is never found where its word is not.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitDocuments } from '../../src/core/document-text.js'
import { credentialMaps, mayHoldCredentialMaps } from '../../src/scan/rules/credential-maps.js'
import { EMPTY_KEY, mayOpenKey } from '../../src/scan/rules/secret-lists.js'
import { NUMBER_LIST, solanaKeypairs } from '../../src/scan/rules/wallet-keys.js'
import { fuzzParams } from '../fuzz/fuzz.js'

/** Text made of `pieces`, up to `max` of them. */
const textOf = (pieces: string[], max = 60): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((parts) => parts.join(''))

/** splitDocuments as it was before its early exit: the walk alone. */
function walkedBounds(text: string): [number, number][] | undefined {
  const bounds: [number, number][] = []
  let start = 0
  for (let at = 0; at < text.length;) {
    const c = text.charCodeAt(at)
    if (c === 37) return undefined
    if ((c === 45 || c === 46) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
      const after = text.charCodeAt(at + 3)
      if (Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13) {
        if (c === 46) return undefined
        if (at > start) bounds.push([start, at])
        start = at
      }
    }
    const newline = text.indexOf('\n', at)
    if (newline < 0) break
    at = newline + 1
  }
  bounds.push([start, text.length])
  return bounds.length > 1 ? bounds : undefined
}

describe('prefilters on crafted text', () => {
  it('splits documents as the walk does', () => {
    const pieces = [
      '---',
      '--',
      '-',
      '...',
      '.',
      '%',
      '\n',
      '\r',
      '\r\n',
      ' ',
      '\t',
      'a',
      'kind: Secret',
      '#',
    ]
    fc.assert(
      fc.property(textOf(pieces), (text) => {
        expect(splitDocuments(text)).toEqual(walkedBounds(text))
      }),
      fuzzParams(3000),
    )
    expect(splitDocuments('a: 1\n---\nb: 2\n')).toEqual([
      [0, 5],
      [5, 14],
    ])
  })

  it('finds the number lists the global regex finds', () => {
    const list = `[${Array.from({ length: 64 }, (_, i) => (i * 37) % 256).join(', ')}]`
    const pieces = [
      '[',
      '[[',
      ']',
      '1',
      '25',
      '255',
      '256',
      ',',
      ', ',
      ' ',
      '\n',
      '\t',
      'a',
      list,
      list.replace('[', '[\r\n '),
      list.slice(0, 40),
    ]
    const reference = (text: string): [number, string][] => {
      const out: [number, string][] = []
      NUMBER_LIST.lastIndex = 0
      for (let match = NUMBER_LIST.exec(text); match !== null; match = NUMBER_LIST.exec(text)) {
        const found = match[1] ?? ''
        if (!found.split(',').some((item) => Number(item.trim()) > 255))
          out.push([match.index + match[0].indexOf(found), found])
      }
      return out
    }
    fc.assert(
      fc.property(textOf(pieces, 40), (text) => {
        expect([...solanaKeypairs(text)].map((m) => [m.start, m.secret])).toEqual(reference(text))
      }),
      fuzzParams(2000),
    )
    expect([...solanaKeypairs(`x[[${list}`)]).toHaveLength(1)
  })

  it('lets through every line that may be an empty key', () => {
    const pieces = [
      ' ',
      '\t',
      '-',
      '- ',
      '"',
      "'",
      'a',
      'Z',
      '_',
      '1',
      ':',
      ': ',
      '#',
      '?',
      '*',
      '\r',
      'é',
      'secrets',
    ]
    fc.assert(
      fc.property(textOf(pieces, 12), textOf(['\n', 'x: 1', ' '], 3), (line, after) => {
        if (!mayOpenKey(line + after, 0)) expect(EMPTY_KEY.exec(line.replace(/\r$/, ''))).toBeNull()
      }),
      fuzzParams(5000),
    )
    expect(mayOpenKey(': Secret', 0)).toBe(false)
    expect(mayOpenKey('  - secrets:', 0)).toBe(true)
  })

  it('finds no credential map where no head word stands', () => {
    const pieces = [
      'secrets',
      'Tokens',
      'api_keys',
      'passwds',
      ':',
      ' ',
      '\t',
      '\n',
      '  dev: Qz8xK2vLm9',
      'x',
      '#',
    ]
    fc.assert(
      fc.property(textOf(pieces, 30), (text) => {
        if (!mayHoldCredentialMaps(text)) expect([...credentialMaps(text, [[0, text.length]])]).toEqual([])
      }),
      fuzzParams(3000),
    )
    expect(mayHoldCredentialMaps('app_secrets:\n  dev: Qz8xK2vLm9\n')).toBe(true)
  })
})
