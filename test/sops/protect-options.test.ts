import { describe, expect, it } from 'vitest'
import { sopsOptions, sopsProtectedWith } from '../../src/sops/protect-options.js'

describe('sopsOptions', () => {
  it('reads recipients, key groups, threshold and rules into what encrypt takes', () => {
    expect(sopsOptions({ recipients: 'age1a, age1b' })).toEqual({
      keyGroups: [['age1a', 'age1b']],
      rules: { encryptedRegex: '^(data|stringData)$' },
    })
    expect(
      sopsOptions({
        keyGroups: [['age1a'], 'age1b'],
        shamirThreshold: 2,
        encryptedRegex: '^data$',
        macOnlyEncrypted: true,
      }),
    ).toEqual({
      keyGroups: [['age1a'], ['age1b']],
      shamirThreshold: 2,
      rules: { encryptedRegex: '^data$', macOnlyEncrypted: true },
    })
  })

  it('splits comma-separated recipients inside lists too, as encrypt does, and keeps the target file', () => {
    expect(sopsOptions({ keyGroups: [['age1a,age1b'], ' age1c '], targetFile: '/repo/db.yaml' })).toEqual({
      file: '/repo/db.yaml',
      keyGroups: [['age1a', 'age1b'], ['age1c']],
      rules: { encryptedRegex: '^(data|stringData)$' },
    })
  })

  it.each([
    [{ recipients: 7 }, 'recipients', 'a string or a list of strings'],
    [{ keyGroups: 'age1a' }, 'keyGroups', 'a list of recipient lists'],
    [{ keyGroups: [['age1a'], [3]] }, 'keyGroups[1]', 'a string or a list of strings'],
    [{ shamirThreshold: '2' }, 'shamirThreshold', 'a positive integer'],
    [{ shamirThreshold: 0 }, 'shamirThreshold', 'a positive integer'],
    // Once silently replaced by the default regex: values the rule meant to keep plain were encrypted.
    [{ encryptedRegex: 5 }, 'encryptedRegex', 'a regular expression (a string)'],
    [{ macOnlyEncrypted: 'yes' }, 'macOnlyEncrypted', 'true or false'],
    [{ recipients: 'age1a', targetFile: 3 }, 'targetFile', 'a path (a string)'],
  ])('refuses %j naming the config file and key', (params, key, what) => {
    expect(() => sopsOptions({ ...params, configFile: '/repo/gitseal.yaml' })).toThrow(
      expect.objectContaining({
        code: 'E_BAD_CONFIG',
        message: `/repo/gitseal.yaml: sops parameter "${key}" must be ${what}`,
      }),
    )
  })
})

describe('sopsProtectedWith', () => {
  // What sopsBackend.describe reports of a document encrypted for age1a and age1b, default rules.
  const details = {
    recipients: ['age1b', 'age1a'],
    keyGroups: 1,
    rules: { encryptedRegex: '^(data|stringData)$' },
  }

  it('is true for the same recipients (in any order), key groups and rules', () => {
    expect(sopsProtectedWith(details, sopsOptions({ recipients: 'age1a,age1b' }))).toBe(true)
  })

  it.each([
    ['another recipient', { recipients: 'age1a,age1c' }],
    ['one recipient fewer', { recipients: 'age1a' }],
    ['two key groups', { keyGroups: [['age1a'], ['age1b']] }],
    ['another encrypted_regex', { recipients: 'age1a,age1b', encryptedRegex: '^data$' }],
    ['mac_only_encrypted', { recipients: 'age1a,age1b', macOnlyEncrypted: true }],
    ['no recipients at all', {}],
  ])('is false for %s', (_, params) => {
    expect(sopsProtectedWith(details, sopsOptions(params))).toBe(false)
  })

  it('is false for rules the options cannot express, and without details', () => {
    const options = sopsOptions({ recipients: 'age1a,age1b' })
    expect(
      sopsProtectedWith({ ...details, rules: { ...details.rules, unencryptedSuffix: '_u' } }, options),
    ).toBe(false)
    expect(sopsProtectedWith(undefined, options)).toBe(false)
  })
})
