/**
 * Recall on values whose name is on another line (issue 16, held-out-31's and earlier misses): a
 * JSON Schema's or an OpenAPI document's `default`/`example` of a credential-named property or
 * parameter. Values are random, made at test time, many of each (a miss caused by a
 * value filter is per-value chance); the placeholders, types and references the same documents hold
 * stay quiet.
 */
import { randomBytes, randomInt } from 'node:crypto'
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
