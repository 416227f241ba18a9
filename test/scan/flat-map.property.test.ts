/**
 * A root mapping kept as offsets (flat-map.ts) answers every reader as the nodes it replaces do:
 * on random documents of the shapes the line reader takes (plain, quoted, explicit and odd-looking
 * keys, scalars, flow values, tags, anchors, aliases, nested blocks, sequences, literal blocks,
 * comments), parsed with and without offsets — getNode/getNodes before any pair is built (and the
 * same node each time), the collection values nestedSecrets walks, the whole tree once built, the
 * tree moved as a document of a stream is, and what the analysers find.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document } from 'yaml'
import { analyse } from '../../src/scan/analysers/index.js'
import { pairsOf, resolveAlias, resolveAliases } from '../../src/scan/analysers/aliases.js'
import { shift } from '../../src/scan/analysers/documents.js'
import { FlatMap, flatCollectionValues } from '../../src/scan/analysers/flat-map.js'
import { parseSimpleDocument } from '../../src/scan/analysers/simple-yaml.js'
import { getNode, getNodes } from '../../src/scan/analysers/yaml.js'
import { fuzzParams } from '../fuzz/fuzz.js'

const KEYS = [
  'kind',
  'data',
  'stringData',
  'apiVersion',
  'metadata',
  'name',
  'sops',
  'users',
  'auths',
  'items',
  'True',
  'true',
  'TRUE',
  'null',
  'Null',
  '~',
  '1',
  '1000',
  '1e3',
  '0x3E8',
  '0o17',
  '.inf',
  'Infinity',
  '.nan',
  'NaN',
  '-1',
  'k',
  'a.b',
  'x_y',
  '"kind"',
  "'data'",
  '"na\\u006De"',
  '"<<"',
  '*ka',
]
const LOOKUPS = [
  'kind',
  'data',
  'stringData',
  'apiVersion',
  'metadata',
  'name',
  'sops',
  'users',
  'items',
  'True',
  'true',
  'null',
  'Null',
  '1',
  '1000',
  'Infinity',
  '-Infinity',
  'NaN',
  '<<',
  'k',
  'a.b',
  '',
  '1e3',
]
const SCALARS = [
  'Secret',
  'v1',
  'dmFsdWU=',
  'hunter2hunter2x',
  '1',
  'true',
  '~',
  '"quoted: x"',
  "'single'",
  '{k: v, kind: Secret}',
  '[a, b]',
  '{}',
  '!!str 1',
  '&va plain',
  '*va',
  '*ka',
  'a: b',
  'x # c',
]

/** A document built from `picks` (each a choice), `depth` levels deep at most. */
function build(picks: number[]): string {
  let i = 0
  const pick = (n: number): number => (picks[i++ % picks.length] as number) % n
  const lines: string[] = []
  const block = (indent: number, depth: number, count: number): void => {
    const pad = ' '.repeat(indent)
    for (let n = 0; n < count; n++) {
      const key = KEYS[pick(KEYS.length)] as string
      const shape = pick(12)
      if (shape === 0 && depth < 3) {
        lines.push(`${pad}${key}:`)
        block(indent + 2, depth + 1, 1 + pick(3))
      } else if (shape === 1 && depth < 3) {
        lines.push(`${pad}${key}:${pick(2) === 0 ? ' &m' : ''}`)
        for (let j = 0, items = 1 + pick(3); j < items; j++) {
          if (pick(2) === 0) lines.push(`${pad}- ${SCALARS[pick(SCALARS.length)]}`)
          else {
            lines.push(`${pad}- name: n${j}`)
            lines.push(`${pad}  ${KEYS[pick(KEYS.length)]}: ${SCALARS[pick(SCALARS.length)]}`)
          }
        }
      } else if (shape === 2) {
        lines.push(`${pad}${key}: |${pick(2) === 0 ? '-' : ''}`)
        lines.push(`${pad}  kind: Secret`, `${pad}  data:`, `${pad}    k: dmFsdWU=`)
      } else if (shape === 3) {
        lines.push(`${pad}? ${key}`, `${pad}: ${SCALARS[pick(SCALARS.length)]}`)
      } else if (shape === 4) lines.push(`${pad}${key}:`)
      else if (shape === 5) lines.push(pick(2) === 0 ? '# a comment' : '')
      else lines.push(`${pad}${key}: ${SCALARS[pick(SCALARS.length)]}`)
    }
  }
  if (pick(4) === 0) lines.push('x: &ka kind')
  block(0, 0, 1 + pick(12))
  return `${lines.join('\n')}${pick(3) === 0 ? '' : '\n'}`
}

/** Everything a reader can see of a node. */
function dump(node: unknown, seen = new Set<unknown>()): unknown {
  if (node === null || typeof node !== 'object') return node
  if (seen.has(node)) return '(seen)'
  seen.add(node)
  if (isPair(node)) return { key: dump(node.key, seen), value: dump(node.value, seen) }
  const base = { range: (node as { range?: unknown }).range, anchor: (node as { anchor?: unknown }).anchor }
  if (isAlias(node)) return { alias: node.source, ...base, target: dump(resolveAlias(node), seen) }
  if (isScalar(node)) {
    const { value, type, source, tag, format } = node as typeof node & { source?: string }
    return { value, type, source, tag, format, ...base }
  }
  if (isMap(node) || isSeq(node))
    return { map: isMap(node), flow: node.flow, ...base, items: node.items.map((item) => dump(item, seen)) }
  return { other: typeof node }
}

/** The values nestedSecrets walks in a map read as pairs: collections and block scalars. */
function collectionValues(map: unknown): unknown[] {
  const out: unknown[] = []
  for (const pair of pairsOf(map)) {
    if (!isScalar(resolveAlias(pair.key))) continue
    const value = resolveAlias(pair.value)
    if (isMap(value) || isSeq(value) || (isScalar(value) && value.type === 'BLOCK_LITERAL')) out.push(value)
  }
  return out
}

/** Both parses of `text`: with the root as offsets, and as nodes; aliases resolved as the analysers' read does. */
function both(text: string): [Document.Parsed | undefined, Document.Parsed | undefined] {
  const flat = parseSimpleDocument(text, false, true)
  const plain = parseSimpleDocument(text)
  for (const doc of [flat, plain]) if (doc !== undefined && text.includes('*')) resolveAliases(doc)
  return [flat, plain]
}

const documents = fc.array(fc.nat(1000), { minLength: 4, maxLength: 80 }).map(build)

describe('flat root mapping', () => {
  it('answers getNode and getNodes as the nodes do, the same node each time, before any pair is built', () => {
    let flatRoots = 0
    fc.assert(
      fc.property(documents, (text) => {
        const [flat, plain] = both(text)
        expect(flat === undefined).toBe(plain === undefined)
        if (flat === undefined || plain === undefined) return
        const root = flat.contents
        if (root instanceof FlatMap && root.flat) flatRoots++
        for (const key of LOOKUPS) {
          const node = getNode(root, key)
          expect(dump(node)).toEqual(dump(getNode(plain.contents, key)))
          expect(getNode(root, key)).toBe(node)
          const nodes = getNodes(root, key)
          expect(dump(nodes)).toEqual(dump(getNodes(plain.contents, key)))
          getNodes(root, key).forEach((each, n) => expect(each).toBe(nodes[n]))
        }
        const values = flatCollectionValues(root) ?? collectionValues(root)
        const expected = collectionValues(plain.contents)
        // flatCollectionValues may add scalars that are neither collections nor blocks (never plain ones).
        const kept = values.filter(
          (value) => isMap(value) || isSeq(value) || (isScalar(value) && value.type === 'BLOCK_LITERAL'),
        )
        expect(dump(kept)).toEqual(dump(expected))
        // Built whole at last: the same tree, holding the nodes given before.
        expect(dump(root)).toEqual(dump(plain.contents))
        for (const key of LOOKUPS) {
          const node = getNode(root, key)
          if (node === undefined || !isMap(root)) continue
          const own = root.items.filter((pair) => resolveAlias(pair.value) === node)
          expect(own.length).toBeGreaterThan(0)
        }
      }),
      fuzzParams(3000),
    )
    // The generator reaches the case under test.
    expect(flatRoots).toBeGreaterThan(300)
  })

  it('is moved as the nodes are when its document is one of a stream', () => {
    fc.assert(
      fc.property(documents, fc.integer({ min: 1, max: 5000 }), fc.boolean(), (text, offset, readFirst) => {
        const [flat, plain] = both(text)
        if (flat === undefined || plain === undefined) return
        // A value read before the move, and one after.
        const before = readFirst ? getNode(flat.contents, 'kind') : undefined
        shift(flat, offset)
        shift(plain, offset)
        if (before !== undefined) expect(getNode(flat.contents, 'kind')).toBe(before)
        for (const key of LOOKUPS)
          expect(dump(getNodes(flat.contents, key))).toEqual(dump(getNodes(plain.contents, key)))
        expect(dump(flat.contents)).toEqual(dump(plain.contents))
      }),
      fuzzParams(1500),
    )
  })

  it('gives the analysers the same findings', () => {
    const manifests = fc
      .tuple(documents, fc.constantFrom('Secret', 'Config', 'SealedSecret', 'List'), fc.boolean())
      .map(([text, kind, head]) =>
        head
          ? `apiVersion: v1\nkind: ${kind}\n${text}`
          : `${text.endsWith('\n') ? text : `${text}\n`}kind: ${kind}\n`,
      )
    fc.assert(
      fc.property(manifests, (text) => {
        const [flat, plain] = both(text)
        if (flat === undefined || plain === undefined) return
        const read = (doc: Document.Parsed): unknown =>
          analyse({ path: 'a.yaml', text, docs: [doc], stopwords: [] }, undefined)
        expect(read(flat)).toEqual(read(plain))
      }),
      fuzzParams(1500),
    )
  })
})
