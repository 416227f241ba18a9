import { describe, expect, it } from 'vitest'
import { GitsealError } from '../../src/core/errors.js'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { emptyConfig } from '../../src/config/model.js'
import { errorOf as thrown } from '../support/errors.js'

const errorOf = (text: string): GitsealError => thrown(() => parseGitsealConfig(text, 'gitseal.yaml'))

describe('parseGitsealConfig', () => {
  it('reads clusters, policy and scan sections and keeps unknown sections', () => {
    const config = parseGitsealConfig(
      [
        'clusters:',
        '  prod:',
        '    cert: certs/prod.pem',
        '    scope: namespace-wide',
        '  dev: { cert: "https://dev.example/v1/cert.pem", controllerNamespace: sealed-secrets }',
        'policy:',
        '  - path: "clusters/prod/**"',
        '    backend: sealed',
        '    cluster: prod',
        '  - path: "^apps/.*\\\\.enc\\\\.yaml$"',
        '    regex: true',
        '    backend: sops',
        'scan:',
        '  allowlist:',
        '    paths: ["fixtures/**"]',
        '  disabledRules: [generic-password]',
        '  warnOnly: []',
        'x-team: platform',
      ].join('\n'),
      'gitseal.yaml',
    )
    expect(config.clusters.get('prod')).toEqual({
      name: 'prod',
      cert: 'certs/prod.pem',
      scope: 'namespace-wide',
    })
    expect(config.clusters.get('dev')?.controllerNamespace).toBe('sealed-secrets')
    expect(config.policy).toEqual([
      {
        path: 'clusters/prod/**',
        regex: false,
        backend: 'sealed',
        params: { cluster: 'prod' },
        line: 7,
        paramLines: { cluster: 9 },
      },
      { path: '^apps/.*\\.enc\\.yaml$', regex: true, backend: 'sops', params: {}, line: 10, paramLines: {} },
    ])
    expect(config.scan.allowlist.paths).toEqual(['fixtures/**'])
    expect(config.scan.disabledRules).toEqual(['generic-password'])
    expect(config.scan.warnOnly).toEqual([])
    expect(emptyConfig().scan.warnOnly).toEqual([
      'password-hash',
      'sops-invalid-metadata',
      'typed-word-password',
    ])
    expect(config.extra).toEqual({ 'x-team': 'platform' })
  })

  it('accepts an empty file', () => {
    expect(parseGitsealConfig('', 'gitseal.yaml').policy).toEqual([])
  })

  it.each([
    ['clusters:\n  prod:\n    scope: global\n', 'gitseal.yaml:3: clusters.prod.scope must be one of'],
    ['clusters:\n  prod:\n    certt: a.pem\n', 'gitseal.yaml:3: unknown setting clusters.prod.certt'],
    ['policy:\n  - backend: sealed\n', 'gitseal.yaml:2: policy[0] needs a path'],
    [
      'policy:\n  - path: "("\n    regex: true\n    backend: sops\n',
      'gitseal.yaml:2: policy[0].path is not a valid RE2 regular expression',
    ],
    ['scan:\n  allowlist:\n    files: []\n', 'gitseal.yaml:3: unknown scan.allowlist.files'],
    ['clusters: [a]\n', 'gitseal.yaml:1: clusters must map'],
    ['policy: {\n', 'gitseal.yaml:'],
  ])('rejects %j with file:line and what is wrong', (text, message) => {
    const error = errorOf(text)
    expect(error.code).toBe('E_BAD_CONFIG')
    expect(error.message).toContain(message)
  })
})
