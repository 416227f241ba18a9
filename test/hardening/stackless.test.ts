/** `withoutStackTraces`: errors built inside carry no stack frames; the setting always comes back. */
import { describe, expect, it } from 'vitest'
import { withoutStackTraces } from '../../src/core/stackless.js'

describe('withoutStackTraces', () => {
  it('builds errors without frames and restores the limit, also after a throw', () => {
    const before = Error.stackTraceLimit
    const error = withoutStackTraces(() => new Error('x'))
    expect(error.stack).toBe('Error: x')
    expect(() =>
      withoutStackTraces(() => {
        throw new Error('y')
      }),
    ).toThrow('y')
    expect(Error.stackTraceLimit).toBe(before)
    expect(new Error('z').stack).toMatch(/\n\s+at /)
  })
})
