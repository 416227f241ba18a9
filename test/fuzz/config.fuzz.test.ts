import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { globToRegExp } from '../../src/config/glob.js'
import { decideProtection } from '../../src/config/policy.js'
import { mergeTrees } from '../../src/workflow/three-way.js'
import { parseEnvFile } from '../../src/workflow/kubectl-secret.js'
import { fuzzParams, onlyGitsealErrors } from './fuzz.js'

/** Lines that look like gitseal.yaml, mixed with junk. */
const configLikeText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'clusters:',
        '  prod:',
        '    cert: certs/prod.pem',
        '    scope: strict',
        '    scope: [x]',
        '    certFingerprint: 12',
        'policy:',
        '  - path: apps/**',
        '  - path: "["',
        '  - path: "{a,b"',
        '    regex: true',
        '    regex: maybe',
        '    backend: sealed',
        '    backend: sops',
        '    backend: eso',
        '    backend: [x]',
        '    cluster: prod',
        '    clusters: [prod, nope]',
        '    age: age1x',
        '    age: []',
        '    storeKind: SecretStore',
        '    __proto__: x',
        'scan:',
        '  allowlist:',
        '    paths: [a]',
        '  disabledRules: x',
        '  rules: [{id: a}]',
        'version: 1',
        '&a [*a]',
        '? complex',
        '---',
        '{',
        '- ',
      ),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 25 },
  )
  .map((lines) => lines.join('\n'))

describe('config parser fuzz', () => {
  it('any text parses or throws a GitsealError', () => {
    fc.assert(
      fc.property(fc.oneof(configLikeText, fc.string({ maxLength: 200 })), (text) => {
        onlyGitsealErrors(() => {
          const config = parseGitsealConfig(text, 'gitseal.yaml')
          // A config that parsed must evaluate any path without throwing anything but E_NO_POLICY.
          onlyGitsealErrors(() => decideProtection(config, 'apps/x/overlays/prod/s.yaml'))
        })
      }),
      fuzzParams(300),
    )
  })

  it('any glob compiles or throws a GitsealError, and a compiled glob never throws on match', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[a-z*?/[\]{},!\\-]{0,20}$/)),
        fc.string({ maxLength: 40 }),
        (glob, path) => {
          onlyGitsealErrors(() => {
            const regex = globToRegExp(glob)
            expect(typeof regex.test(path)).toBe('boolean')
          })
        },
      ),
      fuzzParams(300),
    )
  })

  it('a literal glob (no wildcards) matches exactly itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,9}(\/[a-z0-9._-]{1,10}){0,3}$/), (path) => {
        expect(globToRegExp(path).test(path)).toBe(true)
        expect(globToRegExp(path).test(`${path}x`)).toBe(false)
      }),
      fuzzParams(100),
    )
  })

  it('three-way merge never throws and is identity when one side is unchanged', () => {
    const tree = fc.dictionary(
      fc.constantFrom('a', 'b', 'c'),
      fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
    )
    fc.assert(
      fc.property(tree, tree, (base, ours) => {
        const b = JSON.stringify(base)
        const o = JSON.stringify(ours)
        expect(mergeTrees(b, o, b)).toEqual({ merged: o })
        const merged = mergeTrees(b, o, JSON.stringify({ ...base, z: 1 }))
        if ('merged' in merged) expect(JSON.parse(merged.merged)).toEqual({ ...ours, z: 1 })
      }),
      fuzzParams(200),
    )
  })

  it('any env file parses or throws a GitsealError naming the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        onlyGitsealErrors(() => {
          for (const [key] of parseEnvFile(text, 'x.env', { env: () => 'v' })) {
            expect(key).toMatch(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/)
          }
        })
      }),
      fuzzParams(300),
    )
  })
})
