import { describe, expect, it } from 'vitest'
import { lazyRegExp } from '../../src/scan/lazy-regexp.js'

describe('lazyRegExp', () => {
  it('makes its regex on the first call only, and hands out that one', () => {
    let made = 0
    const letter = lazyRegExp(() => {
      made++
      return /\p{Lo}/u
    })
    expect(made).toBe(0)
    const first = letter()
    expect(made).toBe(1)
    expect(letter()).toBe(first)
    expect(made).toBe(1)
    expect(letter().test('パスワード')).toBe(true)
    expect(letter().test('password')).toBe(false)
  })
})
