import { describe, expect, it } from 'vitest'
import { sopsAgeKeysPath } from '../../src/config/age-key-path.js'
import { environmentGlobs, environmentRegex } from '../../src/config/init-files.js'
import { detectEnvironments } from '../../src/config/environments.js'
import { makeRepo } from '../support/repo.js'

describe("sops' default keys.txt location", () => {
  it.each([
    [{ SOPS_AGE_KEY_FILE: '/k.txt', HOME: '/h' }, 'linux', '/k.txt'],
    [{ XDG_CONFIG_HOME: '/x', HOME: '/h' }, 'darwin', '/x/sops/age/keys.txt'],
    [{ HOME: '/h' }, 'linux', '/h/.config/sops/age/keys.txt'],
    [{ HOME: '/h' }, 'darwin', '/h/Library/Application Support/sops/age/keys.txt'],
    [{ AppData: '/a' }, 'win32', '/a/sops/age/keys.txt'],
    [{}, 'linux', undefined],
  ] as const)('%j on %s → %s', (env, platform, expected) => {
    expect(sopsAgeKeysPath(env, platform)).toBe(expected)
  })
})

describe('environment detection', () => {
  it('finds clusters and overlays; the rules cover exactly their files', async () => {
    const { dir, write } = makeRepo()
    write('apps/lib/base/kustomization.yaml', '')
    const repo = await detectEnvironments(dir)
    expect(repo).toEqual({
      clusters: ['dev', 'prod'],
      apps: ['api', 'web'],
      overlays: ['dev', 'prod', 'staging'],
      environments: ['dev', 'prod', 'staging'],
    })
    expect(environmentGlobs(repo, 'staging')).toEqual(['apps/*/overlays/staging/**'])
    const prod = new RegExp(environmentRegex(repo, 'prod'))
    expect(prod.test('clusters/prod/secret.yaml')).toBe(true)
    expect(prod.test('apps/api/overlays/prod/db.yml')).toBe(true)
    expect(prod.test('apps/api/overlays/production/db.yaml')).toBe(false)
    expect(prod.test('clusters/prod/notes.txt')).toBe(false)
  })
})
