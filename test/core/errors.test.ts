import { describe, expect, it } from 'vitest'
import { ERROR_CODES, GitsealError, exitCodeFor, isGitsealError } from '../../src/core/errors.js'

describe('GitsealError', () => {
  it('maps each category to its exit code in one place', () => {
    expect(exitCodeFor(new GitsealError('E_FINDINGS', 'x'))).toBe(1)
    expect(exitCodeFor(new GitsealError('E_BAD_MANIFEST', 'x'))).toBe(2)
    expect(exitCodeFor(new GitsealError('E_SOPS_MAC_MISMATCH', 'x'))).toBe(3)
    expect(exitCodeFor(new GitsealError('E_AWS_NOT_FOUND', 'x'))).toBe(4)
    expect(exitCodeFor(new Error('boom'))).toBe(2)
  })

  it('keeps code, hint, file, line and cause', () => {
    const cause = new Error('inner')
    const error = new GitsealError('E_CERT_EXPIRED', 'prod.pem: expired', {
      hint: 'renew',
      cause,
      file: 'prod.pem',
      line: 1,
    })
    expect(error).toMatchObject({
      code: 'E_CERT_EXPIRED',
      hint: 'renew',
      file: 'prod.pem',
      line: 1,
      category: 'crypto',
    })
    expect(error.cause).toBe(cause)
    expect(isGitsealError(error)).toBe(true)
    expect(isGitsealError(new Error('x'))).toBe(false)
  })

  it('lists codes in alphabetical order so merges stay easy', () => {
    const codes = Object.keys(ERROR_CODES)
    expect(codes).toEqual([...codes].sort())
  })
})
