/**
 * `status` reads simple YAML documents without the library's full parse (workflow/simple-values.ts):
 * the value must be exactly the library's, and whatever the library must judge (duplicate keys,
 * `__proto__`, aliases of collections, many aliases, errors) is left to it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { documentValue, parseManifest } from '../../src/core/manifest.js'
import { splitDocuments } from '../../src/core/document-text.js'
import { simpleDocumentValue } from '../../src/workflow/simple-values.js'

/** The library's value of a one-document text (what status used before). */
function libraryValue(text: string): unknown {
  const manifest = parseManifest(text, 'x.yaml')
  expect(manifest.documents).toHaveLength(1)
  return documentValue(manifest, manifest.documents[0] as never)
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

describe('simpleDocumentValue', () => {
  it('gives the library value: scalars of every core type, quoting, block literals, nesting, lists, anchors', () => {
    const text = [
      '---',
      '# a comment',
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata:',
      '  name: &name app-secret',
      '  labels: {a: "1", b: 2}',
      'spec:',
      '  refreshInterval: 1h',
      '  count: 3',
      '  ratio: 0.5',
      '  hex: 0x1F',
      '  on: true',
      '  off: no',
      '  empty:',
      '  tilde: ~',
      "  quoted: 'it''s'",
      '  escaped: "a\\tb"',
      '  target:',
      '    name: *name',
      '    template:',
      '      data:',
      '        config: |',
      '          line one',
      '          line two',
      '  dataFrom:',
      '    - extract:',
      '        key: *name',
      '    - plain',
      '  1: numeric key',
      '',
    ].join('\n')
    const value = simpleDocumentValue(text)
    expect(value).toBeDefined()
    expect(value).toStrictEqual(libraryValue(text))
    expect(value).toMatchObject({
      spec: { target: { name: 'app-secret' }, on: true, off: 'no', 1: 'numeric key' },
    })
  })

  it('leaves to the library what it must judge', () => {
    const unsure = [
      'a: 1\na: 2\n', // duplicate key: the library's error
      '__proto__: x\n', // a prototype key
      'base: &b\n  x: 1\ncopy: *b\n', // an alias of a collection
      'a: *nowhere\n', // an unknown alias: the library's error
      `a: &v x\n${Array.from({ length: 101 }, (_, i) => `k${i}: *v`).join('\n')}\n`, // past the alias limit
      '%YAML 1.1\n---\na: yes\n', // a directive changes the schema
      'a: b\n---\nc: d\n', // two documents
      '# only a comment\n',
      'a: [1, 2\n', // a syntax error
    ]
    for (const text of unsure) expect(simpleDocumentValue(text), text).toBeUndefined()
  })

  it('a redefined anchor: each alias takes the latest one before it', () => {
    const text = 'a: &x one\nb: *x\nc: &x two\nd: *x\n'
    expect(simpleDocumentValue(text)).toStrictEqual({ a: 'one', b: 'one', c: 'two', d: 'two' })
    expect(libraryValue(text)).toStrictEqual({ a: 'one', b: 'one', c: 'two', d: 'two' })
  })

  it('agrees with the library on every YAML document of the fixtures, examples and scanner cases', () => {
    let fast = 0
    for (const file of ['fixtures', 'examples', 'test/scan/cases'].flatMap(filesUnder)) {
      if (!/\.ya?ml$/.test(file)) continue
      const text = readFileSync(file, 'utf8')
      for (const [start, end] of splitDocuments(text) ?? [[0, text.length]]) {
        const part = text.slice(start, end)
        const value = simpleDocumentValue(part)
        if (value === undefined) continue
        fast++
        expect(value, `${file}@${start}`).toStrictEqual(libraryValue(part))
      }
    }
    expect(fast).toBeGreaterThan(50)
  })
})
