/**
 * A Helm template dropped before composing is one the YAML library's full parse rejects: on texts
 * joined from template, YAML and quoting lines, whenever `everyDocumentBreaks` says so, every
 * document `parseAllDocuments` returns has errors and none is one the engine notes as an unreadable
 * manifest (so the engine, which drops such documents, sees exactly what it saw before).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Parser, parseAllDocuments } from 'yaml'
import { parseYamlDocuments } from '../../src/scan/analysers/yaml.js'
import { blockOpenInFlow, everyDocumentBreaks } from '../../src/scan/analysers/template-breaks.js'
import { parseCstBounded } from '../../src/core/yaml-depth.js'
import { fuzzParams } from '../fuzz/fuzz.js'

const LINES = [
  '{{- if .Values.enabled }}',
  '{{- end }}',
  '{{ - }}',
  '{{-',
  '}}',
  '  {{- toYaml .Values.labels | nindent 4 }}',
  '  {{- include "chart.labels" . | nindent 4 }}',
  '{{- range $k, $v := .Values.secrets }}',
  '  {{ $k }}: {{ $v | b64enc }}',
  '{{ .Values.key }}: value',
  '{{- .Values.key }}: value',
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: {{ .Release.Name }}-secret',
  '  labels: {{ include "x" . | nindent 4 }}',
  'data:',
  'stringData:',
  '  password: s3cr3t-Value-9x',
  '  token: "{{- .Values.token }}"',
  "  other: '{{- .Values.other }}'",
  '  script: |',
  '    {{- if .Values.x }}',
  '# {{- a comment }}',
  '  - name: item',
  '  - {{- .Values.item }}',
  '- {{- x }}',
  '? {{- a }}',
  ': b',
  '[ {{- a }} ]',
  '{ {- a }, b: c }',
  'key: &anchor {{- x }}',
  'key: !!map {{- y }}',
  'key: !custom {{- y }}',
  '  "multi',
  '  line {{- x }}"',
  'plain',
  '  {{- continued }}',
  '---',
  '...',
  '',
  '\t{{- tab }}',
]

/** What the test reads of a parsed document. */
interface Parsed {
  errors: unknown[]
  range: [number, number, number]
}

const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, stringKeys: false }

describe('Helm templates dropped before composing', () => {
  it('are templates the full parse rejects, none noted as an unreadable manifest', () => {
    let dropped = 0
    let kept = 0
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 14 }), (lines) => {
        const text = lines.join('\n')
        if (!everyDocumentBreaks([...new Parser().parse(text)], text)) {
          kept++
          return
        }
        dropped++
        for (const parsed of parseAllDocuments(text, OPTIONS) as unknown as Parsed[]) {
          expect(parsed.errors.length).toBeGreaterThan(0)
          // The engine notes a document with errors as an unreadable manifest when it names a kind outside a template.
          const source = text.slice(parsed.range[0], parsed.range[2])
          expect(/\bkind\b/.test(source) && !source.includes('{{')).toBe(false)
        }
        // The engine then parses it again with its actions blanked (red team 19 A5): never a note.
        const problems: string[] = []
        parseYamlDocuments(text, problems)
        expect(problems).toEqual([])
      }),
      fuzzParams(3000),
    )
    // Both sides are exercised: the property is not vacuous.
    expect(dropped).toBeGreaterThan(300)
    expect(kept).toBeGreaterThan(300)
  })

  it('stops a parse only where the full parse gives a document with errors (read blanked instead)', () => {
    let stopped = 0
    let whole = 0
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 14 }), (lines) => {
        const text = lines.join('\n')
        if (parseCstBounded(text, undefined, blockOpenInFlow) !== 'stopped') {
          whole++
          return
        }
        stopped++
        const docs = parseAllDocuments(text, OPTIONS) as unknown as Parsed[]
        expect(docs.some((doc) => doc.errors.length > 0)).toBe(true)
      }),
      fuzzParams(3000),
    )
    expect(stopped).toBeGreaterThan(300)
    expect(whole).toBeGreaterThan(300)
    // bitnami's first line: stopped there, before the rest of the file is read.
    const head = '{{- /*\nCopyright\n*/}}\n'
    let newlines = 0
    const tail = 'apiVersion: v1\nkind: Secret\n'.repeat(1000)
    expect(parseCstBounded(head + tail, () => newlines++, blockOpenInFlow)).toBe('stopped')
    expect(newlines).toBeLessThan(5)
  })

  it('keeps a template whose `{{` sit in quotes, comments and block scalars, with its Secret value', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: "{{ .Release.Name }}"',
      '# {{- if .Values.x }}',
      'stringData:',
      '  password: Wq9-literal-Z3x8',
      '  script: |',
      '    {{- toYaml .Values.y }}',
    ].join('\n')
    expect(everyDocumentBreaks([...new Parser().parse(text)], text)).toBe(false)
    const [doc] = parseYamlDocuments(text)
    expect(doc?.toJS()).toMatchObject({ stringData: { password: 'Wq9-literal-Z3x8' } })
  })

  it('drops `{{- if }}` around a Secret, as the full parse did (errors, so nothing to analyse)', () => {
    const text = '{{- if .Values.x }}\napiVersion: v1\nkind: Secret\nstringData:\n  a: b\n{{- end }}\n'
    expect(everyDocumentBreaks([...new Parser().parse(text)], text)).toBe(true)
    const [doc] = parseAllDocuments(text, OPTIONS) as unknown as { errors: unknown[] }[]
    expect(doc?.errors.length).toBeGreaterThan(0)
  })
})
