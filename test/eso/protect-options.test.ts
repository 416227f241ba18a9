import { describe, expect, it } from 'vitest'
import { esoOptions } from '../../src/eso/protect-options.js'

describe('esoOptions', () => {
  it('reads the rule and workflow parameters into typed options', () => {
    const options = esoOptions({
      store: 'aws',
      perKey: true,
      push: true,
      region: 'eu-west-1',
      tags: { team: 'a' },
      policyPath: 'apps/db.yaml',
      configFile: '/repo/gitseal.yaml',
      ruleLine: 4,
    })
    expect(options).toMatchObject({
      file: 'apps/db.yaml',
      configFile: '/repo/gitseal.yaml',
      ruleLine: 4,
      externalSecret: { store: 'aws', perKey: true },
      push: true,
      aws: { region: 'eu-west-1', tags: { team: 'a' } },
    })
    expect(esoOptions({ store: 'aws' })).toMatchObject({
      push: false,
      configFile: 'gitseal.yaml',
      file: undefined,
    })
  })

  it.each([
    [{ store: 3 }, 'store', 'string'],
    [{ push: 'yes' }, 'push', 'boolean'],
    [{ tags: 'a=b' }, 'tags', 'object'],
  ])('refuses %j naming the config file and key', (params, key, type) => {
    expect(() => esoOptions({ ...params, configFile: '/repo/gitseal.yaml' })).toThrow(
      expect.objectContaining({
        code: 'E_BAD_CONFIG',
        message: `/repo/gitseal.yaml: eso parameter "${key}" must be a ${type}`,
      }),
    )
  })
})
