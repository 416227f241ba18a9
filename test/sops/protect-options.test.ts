import { describe, expect, it } from 'vitest'
import { sopsOptions } from '../../src/sops/protect-options.js'

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

  it.each([
    [{ recipients: 7 }, 'recipients', 'a string or a list of strings'],
    [{ keyGroups: 'age1a' }, 'keyGroups', 'a list of recipient lists'],
    [{ keyGroups: [['age1a'], [3]] }, 'keyGroups[1]', 'a string or a list of strings'],
    [{ shamirThreshold: '2' }, 'shamirThreshold', 'a positive integer'],
    [{ shamirThreshold: 0 }, 'shamirThreshold', 'a positive integer'],
    // Once silently replaced by the default regex: values the rule meant to keep plain were encrypted.
    [{ encryptedRegex: 5 }, 'encryptedRegex', 'a regular expression (a string)'],
    [{ macOnlyEncrypted: 'yes' }, 'macOnlyEncrypted', 'true or false'],
  ])('refuses %j naming the config file and key', (params, key, what) => {
    expect(() => sopsOptions({ ...params, configFile: '/repo/gitseal.yaml' })).toThrow(
      expect.objectContaining({
        code: 'E_BAD_CONFIG',
        message: `/repo/gitseal.yaml: sops parameter "${key}" must be ${what}`,
      }),
    )
  })
})
