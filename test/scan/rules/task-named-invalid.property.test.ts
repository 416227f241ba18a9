/**
 * taskNamedInvalid walks back line by line from the match instead of copying and splitting the 2 KB
 * before it: it decides exactly what the copy-and-split version decided, on random YAML-like text
 * (windows cut mid-line, the file's start inside the window, `\r\n`, long lines).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { taskNamedInvalid } from '../../../src/scan/rules/generic.js'
import { fuzzParams } from '../../fuzz/fuzz.js'

const INVALID_CREDENTIAL =
  /\b(?:incorrect|invalid|wrong|bad|bogus|fake)[ \t](?:[\w-]{1,20}[ \t]){0,2}(?:api[ \t_-]?key|key|password|passphrase|token|secret|credentials?)\b/i
const ITEM_HEAD = /^[ \t]*- /
const ITEM_NAME = /^[ \t]*- name:[ \t]*(.{1,200})$/

/** The former version: the 2 KB before `at` copied and split into lines, the last 8 looked at. */
function former(text: string, at: number): boolean {
  const lines = text.slice(Math.max(0, at - 2048), at).split('\n')
  const first = at > 2048 ? 1 : 0
  for (let i = lines.length - 1; i >= first && i >= lines.length - 8; i--) {
    const line = lines[i] ?? ''
    if (ITEM_HEAD.test(line)) return INVALID_CREDENTIAL.test(ITEM_NAME.exec(line)?.[1] ?? '')
  }
  return false
}

describe('taskNamedInvalid', () => {
  it('decides as the copy-and-split version did', () => {
    const piece = fc.constantFrom(
      '\n',
      '\n',
      '\r\n',
      '- name: bad token\n',
      '- name: wrong password',
      '- name: ok\n',
      '  x: 1\n',
      'pw: v\n',
      '- ',
      ' ',
      'a',
      'x'.repeat(300),
      'x'.repeat(1500),
    )
    let named = 0
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (parts, where) => {
          const text = parts.join('')
          const at = Math.floor(where * (text.length + 1))
          const expected = former(text, at)
          if (expected) named++
          expect(taskNamedInvalid(text, Math.min(at, text.length))).toBe(expected)
        },
      ),
      fuzzParams(20_000),
    )
    expect(named).toBeGreaterThan(100)
  })
})
