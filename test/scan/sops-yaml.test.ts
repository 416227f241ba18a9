/**
 * The sops fast path (src/scan/analysers/sops-yaml.ts) reads real sops output as the YAML library
 * does: the same nodes (the metadata's key groups compared without their items, which it does not
 * build), the same analysis, and on any edit it cannot vouch for it steps aside (undefined) so the
 * library parses the file. Real files from fixtures/sops-real, written by several sops versions.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { Document } from 'yaml'
import { analyse } from '../../src/scan/analysers/index.js'
import { parseSimpleDocument } from '../../src/scan/analysers/simple-yaml.js'
import { parseSopsDocument } from '../../src/scan/analysers/sops-yaml.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { dumpNodes } from './support/yaml-nodes.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const ROOT = new URL('../../fixtures/sops-real/', import.meta.url).pathname

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
}

const SOPS_FILES = yamlFiles(ROOT)
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter(({ text }) => text.includes('\nsops:\n'))

function library(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, {
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
    stringKeys: false,
  })
  return Array.isArray(docs) ? docs : [docs]
}

/** The nodes; a key group of the metadata (age, pgp, kms…: a collection two levels under `sops`) without its items. */
function dump(doc: Document.Parsed): string {
  return dumpNodes(doc, (node, path) => {
    const parent = path[path.length - 3] as { key?: { value?: unknown } } | undefined
    return (
      path.length === 5 &&
      parent?.key?.value === 'sops' &&
      'items' in node &&
      (node as { flow?: boolean }).flow !== true
    )
  })
}

function analysis(path: string, text: string, docs: Document.Parsed[]): string {
  return JSON.stringify(analyse({ path, text, docs, stopwords: [] }, undefined))
}

/** The fast path either steps aside or agrees with the library in every node and in the analysis. */
function agrees(path: string, text: string): boolean {
  const fast = parseSopsDocument(text)
  if (fast === undefined) return false
  const docs = library(text)
  expect(docs).toHaveLength(1)
  expect(docs[0]?.errors).toEqual([])
  const lib = docs[0] as Document.Parsed
  expect(dump(fast)).toBe(dump(lib))
  expect(analysis(path, text, [fast])).toBe(analysis(path, text, [lib]))
  return true
}

describe('sops YAML fast path', () => {
  it('reads real sops output exactly as the YAML library does', () => {
    const fast = SOPS_FILES.filter(({ path, text }) => agrees(path, text))
    // Most real files take the fast path (the rest: lists or quoted values in the data part,
    // several documents); the comparison above is only worth something if they do.
    expect(SOPS_FILES.length).toBeGreaterThan(20)
    expect(fast.length).toBeGreaterThan(SOPS_FILES.length / 2)
  })

  it('finds a value left in the clear, as the library-parsed file does', () => {
    const base = SOPS_FILES.find(
      ({ text }) => /^ {2,4}[A-Za-z_]+: ENC\[/m.test(text) && parseSopsDocument(text),
    )
    expect(base).toBeDefined()
    const { path, text } = base as { path: string; text: string }
    const planted = text.replace(/^( {2,4}[A-Za-z_]+: )ENC\[[^\n]*/m, '$1Zq8vK3mW9xR2tY7pL4nB6hJ1')
    expect(agrees(path, planted)).toBe(true)
    expect(analysis(path, planted, [parseSopsDocument(planted) as Document.Parsed])).toContain(
      'sops-unencrypted-value',
    )
  })

  it.each([
    ['a tab in the metadata', (t: string) => t.replace(/\n( +)mac:/, '\n\t$1mac:')],
    ['a comment in the metadata', (t: string) => t.replace(/\n( +)mac:/, '\n$1# note\n$1mac:')],
    ['an escape in a quoted value', (t: string) => t.replace(/lastmodified: "/, 'lastmodified: "\\u0032')],
    ['an anchor', (t: string) => t.replace(/\n( +)mac: /, '\n$1mac: &m ')],
    ['a key back at column 0 after the metadata', (t: string) => `${t}extra: value\n`],
    ['a second document', (t: string) => `${t}---\nkind: Secret\n`],
    ['a second sops key', (t: string) => `sops:\n  mac: x\n${t}`],
    ['CRLF line ends', (t: string) => t.replaceAll('\n', '\r\n')],
    [
      'a block scalar line less indented than its first',
      (t: string) => t.replace(/(\n +) (-----END)/, '$1$2'),
    ],
    ['a value after a key that opens a block', (t: string) => t.replace(/\n( +)age:\n/, '\n$1age: x\n')],
  ])('steps aside on %s', (_name, edit) => {
    const base = SOPS_FILES.find(({ text }) => /\n +age:\n/.test(text) && parseSopsDocument(text))
    expect(base).toBeDefined()
    const text = edit((base as { text: string }).text)
    expect(parseSopsDocument(text)).toBeUndefined()
  })

  it('reads one-line JSON nested up to the YAML library bound as the library does, and steps aside past it', () => {
    const nested = (depth: number): string =>
      `{"kind":"Secret","x":${'["a",'.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`
    for (const depth of [65, 200, 256]) {
      const text = nested(depth)
      const fast = parseSimpleDocument(text)
      expect(fast, String(depth)).toBeDefined()
      expect(dumpNodes(fast as Document.Parsed)).toBe(dumpNodes(library(text)[0] as Document.Parsed))
    }
    // 257 levels: the library's depth guard says the document is too deep; the fast path steps aside.
    expect(parseSimpleDocument(nested(257))).toBeUndefined()
  })

  it('reads a long line of spaces in linear time (a lazy value before trailing spaces was quadratic)', () => {
    const line = `a: b${' '.repeat(200_000)}x`
    const started = cpuMark()
    expect(parseSimpleDocument(`${line}\n`)).toBeDefined()
    expect(parseSopsDocument(`k: v\nsops:\n    ${line}\n`)).toBeDefined()
    expect(parseSopsDocument(`k: v\nsops:\n    age:\n        - ${line}\n`)).toBeDefined()
    expect(cpuMsSince(started)).toBeLessThan(2000)
  })

  it('on random edits of real files, steps aside or agrees with the library', () => {
    const bases = SOPS_FILES.filter(({ text }) => parseSopsDocument(text) !== undefined)
    const edit = fc.record({
      file: fc.nat(bases.length - 1),
      line: fc.nat(400),
      how: fc.constantFrom(
        'indent+1',
        'indent-1',
        'indent+2',
        'indent-2',
        'drop',
        'dash',
        'quote',
        'colon',
        'empty',
      ),
    })
    let fast = 0
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const { path, text } = bases[edits[0]?.file ?? 0] as { path: string; text: string }
        const lines = text.split('\n')
        for (const { line, how } of edits) {
          const at = line % lines.length
          const old = lines[at] ?? ''
          lines[at] =
            how === 'indent+1'
              ? ` ${old}`
              : how === 'indent+2'
                ? `  ${old}`
                : how === 'indent-1'
                  ? old.replace(/^ /, '')
                  : how === 'indent-2'
                    ? old.replace(/^ {2}/, '')
                    : how === 'dash'
                      ? old.replace(/^( *)/, '$1- ')
                      : how === 'quote'
                        ? `${old}"`
                        : how === 'colon'
                          ? `${old}: x`
                          : how === 'empty'
                            ? ''
                            : ''
          if (how === 'drop') lines.splice(at, 1)
        }
        const edited = lines.join('\n')
        const ours = parseSopsDocument(edited)
        if (ours === undefined) return
        const docs = library(edited)
        // Where the library refuses the text, the fast path must not have read it.
        expect(docs.length === 1 && docs[0]?.errors.length === 0).toBe(true)
        if (agrees(path, edited)) fast++
      }),
      fuzzParams(600),
    )
    expect(fast).toBeGreaterThan(50)
  })
})
