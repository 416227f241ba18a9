/**
 * Recall on values whose name is on another line or in another cell (issue 16, held-out-32's and
 * earlier misses): a JSON Schema's or an OpenAPI document's `default`/`example` of a credential-named
 * property or parameter, and a Markdown table row documenting a setting (a chart README's parameters,
 * terraform-docs' inputs). Values are random, made at test time, many of each (a miss caused by a
 * value filter is per-value chance); the placeholders, types and references the same documents hold
 * stay quiet.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const detector = createDetector()
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
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

describe('values documented by a schema', () => {
  it('finds the default of a credential-named JSON Schema property', () => {
    expect(
      misses(() => [
        'values.schema.json',
        `{\n  "properties": {\n    "adminPassword": {\n      "type": "string",\n      "description": "Admin password",\n      "default": "${pick(ALNUM, 20)}"\n    }\n  }\n}\n`,
        ['6 generic-password'],
      ]),
    ).toEqual([])
  })

  it("finds an OpenAPI property's and a parameter's example", () => {
    expect(
      misses(() => [
        'openapi.yaml',
        `components:\n  schemas:\n    Client:\n      properties:\n        client_secret:\n          type: string\n          example: ${pick(ALNUM, 32)}\n`,
        ['7 generic-secret'],
      ]),
    ).toEqual([])
    expect(
      misses(() => [
        'api.yml',
        `paths:\n  /items:\n    get:\n      parameters:\n        - name: X-API-Key\n          in: header\n          required: true\n          x-example: ${hex(16)}\n`,
        ['8 generic-api-key'],
      ]),
    ).toEqual([])
  })

  it('leaves placeholders, references and the examples of other properties alone', () => {
    const text = [
      'properties:',
      '  password:',
      '    type: string',
      '    default: ""',
      '  apiToken:',
      '    type: string',
      '    example: <your-api-token>',
      '  secretName:',
      '    type: string',
      `    default: ${pick(ALNUM, 20)}`,
      '  clientSecret:',
      '    type: object',
      '    properties:',
      '      name:',
      '        type: string',
      `        example: ${pick(ALNUM, 24)}`,
      'parameters:',
      '  - name: token',
      '    in: query',
      '    example: $TOKEN',
      '  - name: page',
      `    example: ${pick(ALNUM, 24)}`,
      '',
    ].join('\n')
    expect(where('openapi.yaml', text)).toEqual([])
  })
})

describe('values documented in a Markdown table', () => {
  it("finds a chart README's and terraform-docs' random default", () => {
    expect(
      misses(() => [
        'README.md',
        `| Name | Description | Value |\n| ---- | ----------- | ----- |\n| \`auth.rootPassword\` | Password of the root user | \`"${pick(ALNUM, 16)}"\` |\n`,
        ['3 generic-password'],
      ]),
    ).toEqual([])
    expect(
      misses(() => [
        'modules/db/README.md',
        `| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n| db_password | The database password | \`string\` | \`"${pick(ALNUM, 20)}"\` | no |\n`,
        ['3 generic-password'],
      ]),
    ).toEqual([])
    // terraform-docs' own first cell: an anchor, then a link around the escaped name.
    expect(
      misses(() => [
        'README.md',
        `| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n| <a name="input_admin_password"></a> [admin\\_password](#input\\_admin\\_password) | Admin password | \`string\` | \`"${pick(ALNUM, 20)}"\` | no |\n`,
        ['3 generic-password'],
      ]),
    ).toEqual([])
  })

  it('reads only the value, default and example columns', () => {
    // A secret manager's ID for each secret is no value of it.
    const text = [
      '| Secret key | Source (vault item ID) | Used for |',
      '|------------|------------------------|----------|',
      `| \`API_TOKEN\` | \`${randomUUID()}\` | API calls |`,
      `| \`DB_PASSWORD\` | \`${pick(ALNUM, 24)}\` | database |`,
      '',
    ].join('\n')
    expect(where('README.md', text)).toEqual([])
  })

  it('leaves empty, placeholder and reference defaults and non-credential rows alone', () => {
    const text = [
      '| Name | Description | Value |',
      '| ---- | ----------- | ----- |',
      '| `auth.password` | Password | `""` |',
      '| `auth.existingSecret` | Name of an existing secret | `""` |',
      '| `auth.token` | Token | `nil` |',
      '| `auth.apiKey` | API key | `changeme` |',
      `| \`image.digest\` | Image digest | \`sha256:${hex(32)}\` |`,
      `| \`auth.usernames\` | Users | \`${pick(ALNUM, 20)}\` |`,
      '| db_password | Password | `string` | `null` | yes |',
      '',
    ].join('\n')
    expect(where('README.md', text)).toEqual([])
  })
})
