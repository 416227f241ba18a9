/**
 * Interop with the real github.com/tidwall/gjson (Debian golang-github-tidwall-gjson-dev): every
 * `remoteRef.property` gitseal writes resolves, in what gitseal pushes, to exactly the Secret's value,
 * both with ESO v2.9.0's literal-first lookup and with the plain gjson.Get of older ESO releases;
 * and gitseal's own `lookupProperty` (used by `eso verify`) agrees with gjson.
 */
import { existsSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeGjsonKey, lookupProperty, planRemoteSecrets } from '../../src/eso/index.js'
import { secretOf } from '../support/eso.js'
import { haveGo, runGoHarness } from '../support/go-harness.js'

const GOPATH = '/usr/share/gocode'
const available = haveGo && existsSync(`${GOPATH}/src/github.com/tidwall/gjson/gjson.go`)
const HARNESS = new URL('./gjson-interop/main.go', import.meta.url)
// Each run compiles the Go harness with `go run`: 34 s at load 25 on 2 cores (mid-session CI), past
// vitest's 30 s.
const GO_BUILD_TIMEOUT = 180_000

interface GjsonResult {
  exists: boolean
  value: string
  oldExists: boolean
  oldValue: string
}

/** Run the Go harness once for a batch of lookups. */
function gjson(cases: { payload: string; property: string }[]): GjsonResult[] {
  return runGoHarness(HARNESS, cases, GOPATH) as GjsonResult[]
}

// CI installs Go and gjson (.ci/run); elsewhere the test is skipped when they are missing.
const run = available || process.env.CI ? describe : describe.skip

run('remoteRef.property against the real gjson', () => {
  it(
    'every property gitseal emits reads back the exact value, in new and old ESO',
    () => {
      const tricky = [
        'tls.crt',
        'tls.key',
        'ca.crt',
        '.dockerconfigjson',
        'a',
        'a.b',
        'a.b.c',
        'x.',
        'a..b',
        '0',
        '1.2',
        '-',
        '_',
        'config.json',
        'file-name.env',
      ]
      const secrets = [
        secretOf({
          metadata: { name: 'tricky', namespace: 'ns' },
          stringData: Object.fromEntries(
            tricky.map((key, i) => [key, `value-${i} "quoted" \\ back \u0001\n\t\u2028 € 😀 <&>`]),
          ),
        }),
        secretOf({
          metadata: { name: 'bin', namespace: 'ns' },
          data: { 'k.p12': '/+8AgA==', 'a.b': 'YQ==' },
        }),
      ]
      const keyArb = fc
        .array(fc.constantFrom(...'ab.-_0'.split('')), { minLength: 1, maxLength: 6 })
        .map((chars) => chars.join(''))
        .filter((key) => key !== '.' && !key.startsWith('..'))
      for (const keys of fc.sample(fc.uniqueArray(keyArb, { minLength: 1, maxLength: 8 }), {
        numRuns: 40,
        seed: 7,
      })) {
        secrets.push(
          secretOf({
            metadata: { name: 'gen', namespace: 'ns' },
            stringData: Object.fromEntries(keys.map((key) => [key, `v:${key}`])),
          }),
        )
      }
      const cases: { payload: string; property: string; expected: string }[] = []
      for (const secret of secrets) {
        for (const remote of planRemoteSecrets(secret).remotes) {
          const json = JSON.parse(remote.value) as Record<string, string>
          for (const ref of remote.refs) {
            cases.push({ payload: remote.value, property: ref.property!, expected: json[ref.secretKey]! })
          }
        }
      }
      const results = gjson(cases)
      const wrong = cases.filter((c, i) => {
        const r = results[i]!
        return !(r.exists && r.value === c.expected && r.oldExists && r.oldValue === c.expected)
      })
      expect(wrong).toEqual([])
      // Without escaping, old ESO reads a nested path: the reason gitseal escapes.
      const [raw] = gjson([{ payload: '{"tls.crt":"flat","tls":{"crt":"nested"}}', property: 'tls.crt' }])
      expect(raw).toMatchObject({ value: 'flat', oldValue: 'nested' })
    },
    GO_BUILD_TIMEOUT,
  )

  it(
    'lookupProperty (eso verify) agrees with gjson on plain and escaped paths',
    () => {
      const payloads = [
        '{"a":{"b":"1"},"a.b":"2","c":["x",{"d":"y"}],"e.f.g":"3","h":null,"":"empty"}',
        '{"tls.crt":"A","tls":{"crt":"B"}}',
        '[1,2,3]',
        'not json',
        '{"a":1,"a":2}',
      ]
      const properties = [
        'a',
        'a.b',
        'a\\.b',
        'c.0',
        'c.1.d',
        'c.2',
        'e.f.g',
        'e\\.f\\.g',
        'h',
        'x',
        'tls.crt',
        '1',
        'a.b.c',
      ]
      const cases = payloads.flatMap((payload) => properties.map((property) => ({ payload, property })))
      for (const key of ['a.b', 'weird key', 'ü.x', '-_:']) {
        cases.push({ payload: JSON.stringify({ [key]: 'v' }), property: escapeGjsonKey(key) })
      }
      const results = gjson(cases)
      const disagreements = cases.filter((c, i) => {
        const ours = lookupProperty(c.payload, c.property)
        return ours !== 'unsupported' && (ours === 'found') !== results[i]!.exists
      })
      expect(disagreements).toEqual([])
    },
    GO_BUILD_TIMEOUT,
  )
})
