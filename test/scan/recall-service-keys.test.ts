/**
 * Recall on secrets a service names in its own way (issue 16, held-out-32's and earlier misses): New
 * Relic's older 40-hex license key in an agent config a ConfigMap carries, a Vault AppRole secret ID
 * beside its role ID, Erlang's `.erlang.cookie`. Values are random, made at test time, many of each;
 * the same shapes where nothing names the service stay quiet.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const detector = createDetector()
const pick = (charset: string, n: number): string =>
  Array.from({ length: n }, () => charset.charAt(randomInt(charset.length))).join('')
const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

/** `line rule` of each finding in `text` scanned as `path`. */
const where = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => `${finding.line} ${finding.ruleId}`)

/** The cases of `make` (40 draws) whose findings are not exactly `expected`. */
function misses(make: () => [string, string, string[]]): string[] {
  const missed: string[] = []
  for (let i = 0; i < 40; i++) {
    const [path, text, expected] = make()
    const found = where(path, text)
    if (JSON.stringify(found) !== JSON.stringify(expected))
      missed.push(`${path}: ${found.join(', ') || 'none'}`)
  }
  return missed
}

describe('service secrets known by their name', () => {
  it("finds New Relic's older 40-hex license key in a newrelic.ini a ConfigMap carries", () => {
    expect(
      misses(() => [
        'templates/configmap.yaml',
        `apiVersion: v1\nkind: ConfigMap\ndata:\n  newrelic.ini: |\n    [newrelic]\n    license_key = ${hex(20)}\n    app_name = scoring\n`,
        ['6 newrelic-legacy-license-key'],
      ]),
    ).toEqual([])
  })

  it('finds an .erlang.cookie file and leaves a placeholder one alone', () => {
    const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    expect(misses(() => ['rabbitmq/.erlang.cookie', `${pick(upper, 20)}\n`, ['1 secret-file']])).toEqual([])
    expect(where('rabbitmq/.erlang.cookie', 'changeme\n')).toEqual([])
    // A cookie of words (a chart's default) is a typed value, not a generated one.
    expect(where('values.yaml', 'auth:\n  erlangCookie: ORDERSERVICECLUSTERCOOKIE\n')).not.toContain(
      '2 erlang-cookie',
    )
  })

  it('finds an AppRole secret ID beside its role ID, not a UUID secret ID elsewhere', () => {
    expect(
      misses(() => [
        'vault-agent.hcl',
        `auto_auth {\n  method "approle" {\n    config = {\n      role_id = "${randomUUID()}"\n      secret_id = "${randomUUID()}"\n    }\n  }\n}\n`,
        ['5 vault-approle-secret-id'],
      ]),
    ).toEqual([])
    expect(where('bws.yaml', `secret_id: ${randomUUID()}\n`)).toEqual([])
  })
})
