/**
 * Values that name something (src/scan/rules/generic.ts): a camelCase field name (an ExternalSecret
 * `secretKey`) and a relative path to a file are names, and random values are neither.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isFileReference, isVariableName } from '../../src/scan/rules/generic.js'
import { CS, rnd } from './rules/tokens.js'

describe('names, not values', () => {
  it.each(['protonvpnWireguardPrivateKey', 'adminApiKey', 'grafanaOauthClientId', 'smtpUsername'])(
    '%s names a field',
    (value) => expect(isVariableName(value)).toBe(true),
  )

  it.each([
    'nektos/act-test-actions/.github/workflows/reusable-workflow.yml@main',
    'config/secrets/production.yaml',
    './certs/server.key',
    '../keys/deploy.pem',
  ])('%s names a file', (value) => expect(isFileReference(value)).toBe(true))

  it.each([
    'production.yaml',
    'https://example.com/a.yaml',
    'a/b',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  ])('%s is no relative file path', (value) => expect(isFileReference(value)).toBe(false))

  it('takes no random value for a field name or a file path', () => {
    const taken: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const n = 10 + (i % 40)
      for (const value of [
        rnd(CS.alnum, n),
        rnd(`${CS.upper}${CS.lower}`, n),
        rnd(CS.b64, n),
        randomBytes(n).toString('base64'),
      ])
        if (isVariableName(value) || isFileReference(value)) taken.push(value)
      // (base64url's `__` reads as a nested setting's name about once in 100,000 values: NESTED_NAME's own trade)
      const url = randomBytes(n).toString('base64url')
      if (isFileReference(url)) taken.push(url)
    }
    expect(taken).toEqual([])
  })
})
