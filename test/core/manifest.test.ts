import { describe, expect, it } from 'vitest'
import {
  documentValue,
  lineOf,
  nodeAt,
  parseManifest,
  stringifyManifest,
  stringifyObjects,
} from '../../src/core/manifest.js'
import { errorOf } from '../support/errors.js'

describe('manifests', () => {
  it('round-trips multi-document YAML keeping comments, key order and separators', () => {
    const source = `# leading comment
apiVersion: v1
kind: ConfigMap # trailing comment
metadata:
  name: cfg
data:
  z: "1"
  a: [x, y]
---
# second
kind: Secret
apiVersion: v1
`
    expect(stringifyManifest(parseManifest(source, 'm.yaml'))).toBe(source)
  })

  it('reports malformed YAML as E_BAD_MANIFEST with file, line and column', () => {
    const error = errorOf(() =>
      parseManifest('apiVersion: v1\nkind: Secret\nmetadata:\n  name: [unclosed\n', 'bad.yaml'),
    )
    expect(error.code).toBe('E_BAD_MANIFEST')
    expect(error.message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML\/JSON: /)
    expect(error.message).not.toContain('\n')
    expect(error.line).toBeGreaterThanOrEqual(4)
  })

  it('reports duplicate keys', () => {
    const error = errorOf(() => parseManifest('a: 1\na: 2\n', 'dup.yaml'))
    expect(error.message).toMatch(/^dup\.yaml:2:1: invalid YAML\/JSON: Map keys must be unique/)
  })

  it('accepts a stream of JSON objects as kubectl writes it, with correct lines', () => {
    const manifest = parseManifest('{"a": 1}\n{"b": 2}{"c":\n  [3]}\n', 'stream.json')
    expect(manifest.format).toBe('json')
    expect(manifest.documents.map((doc) => documentValue(manifest, doc))).toEqual([
      { a: 1 },
      { b: 2 },
      { c: [3] },
    ])
    expect(lineOf(manifest, nodeAt(manifest.documents[2]!, ['c']))).toBe(3)
    const error = errorOf(() => parseManifest('{"a": 1}\n{"b": 2}\n\n{\n  "c": [3,\n}\n', 'broken.json'))
    expect(error.message).toMatch(/^broken\.json:(4|5|6):/)
  })

  it('bounds alias expansion (YAML bombs)', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(', ')}]`,
      )
    const manifest = parseManifest(bomb.join('\n'), 'bomb.yaml')
    expect(errorOf(() => documentValue(manifest, manifest.documents[0]!)).code).toBe('E_BAD_MANIFEST')
  })

  it('refuses inputs larger than the limit', () => {
    expect(errorOf(() => parseManifest(' '.repeat(33 * 1024 * 1024), 'big.yaml')).code).toBe('E_TOO_LARGE')
  })

  it('writes objects as YAML documents or a JSON stream', () => {
    expect(stringifyObjects([{ a: 1 }, { b: [1, 2] }], 'yaml')).toBe('a: 1\n---\nb:\n  - 1\n  - 2\n')
    expect(stringifyObjects([{ a: 1 }, { b: 2 }], 'json')).toBe('{\n  "a": 1\n}\n{\n  "b": 2\n}\n')
  })
})
