/**
 * `mayHaveSopsKey` may say true wrongly but never false for a text the YAML library reads with a
 * `sops` key holding a mapping (SOPS metadata) that holds the word: status and the sops backend
 * leave others unparsed (a text without the word was never parsed for it).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { mayHaveKind, mayHaveSopsKey, sopsKeyOpensLine } from '../../src/core/document-text.js'
import { fuzzParams } from '../fuzz/fuzz.js'

/** True when some mapping of the parsed text has a `sops` key holding a mapping, as SOPS metadata (aliases resolved). */
function parsedSopsKey(text: string): boolean {
  const seen = new Set<unknown>()
  const mapping = (value: unknown): boolean =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
  const holds = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || depth > 20 || seen.has(value)) return false
    seen.add(value)
    if (value instanceof Map) {
      for (const [key, item] of value)
        if ((key === 'sops' && mapping(item)) || holds(item, depth + 1)) return true
      return false
    }
    if (!Array.isArray(value) && mapping((value as Record<string, unknown>).sops)) return true
    return Object.values(value).some((item) => holds(item, depth + 1))
  }
  const docs = parseAllDocuments(text, { logLevel: 'silent' })
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) continue
    try {
      if (holds(doc.toJS({ maxAliasCount: 100 }), 0)) return true
    } catch {
      continue
    }
  }
  return false
}

describe('mayHaveSopsKey', () => {
  it('is true for every text the YAML library reads with a sops key', () => {
    const piece = fc.constantFrom(
      ...['sops', 'sops', 'sop', 's', 'ops', ':', ': ', ' ', '\n', '\n  ', '- ', '? ', '"', "'", '# c', '#'],
      ...['&a ', '*a', '*a ', '&a\n', '!!str ', '{', '}', '[', ']', ', ', 'provider: ', 'mac: x', '---\n'],
      ...['"\\x73ops"', '"so\\\n  ps"', '"\\u0073ops"', '"s\\x6Fps"', 'k: ', 'x'],
      ...['{mac: y}', '{mac: y}', '\n  mac: y', '\n  - y', ': {}', '{}'],
    )
    // Documents with a spelling of the key (plain, quoted, explicit, tagged, anchored, an alias of an
    // anchored `sops`, a block scalar, an escape) and a mapping after it, amid random pieces.
    const noise = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''))
    const keyedDocument = fc
      .tuple(
        noise,
        fc.constantFrom(
          '',
          'x: &a sops\n',
          'x: &a # c\n  sops\n',
          'x: [&a sops]\n',
          'm: &m {mac: y}\n',
          'p: sops\n',
        ),
        fc.constantFrom(
          ...['sops', '"sops"', "'sops'", '? sops', '? sops # c\n', '!!str sops', '&k sops', '*a '],
          ...['? |\n  sops\n', '? >-\n  sops\n', '"\\x73ops"', '"so\\\n  ps"', '- sops', '{sops'],
        ),
        fc.constantFrom(':', ' :', '\n:', ' # c\n:', ':\n'),
        fc.constantFrom(' {mac: y}', '\n  mac: y', ' *m', ' {mac: y}}', ' &n {mac: y}'),
        noise,
      )
      .map(
        ([before, anchor, key, colon, value, after]) =>
          `${before}\n${anchor}${key}${colon}${value}\n${after}`,
      )
    let keyed = 0
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 24 }).map((parts) => parts.join('')),
          keyedDocument,
        ),
        (text) => {
          // As before it: a text without the word is not looked at (a key spelt only by escapes is not sought).
          if (!text.includes('sops') || !parsedSopsKey(text)) return
          keyed++
          expect(mayHaveSopsKey(text)).toBe(true)
        },
      ),
      fuzzParams(4000),
    )
    expect(keyed).toBeGreaterThan(50)
  })

  it('is false where sops is only a value or a word, and true for keys spelt by escapes or aliases', () => {
    expect(mayHaveSopsKey('kind: Kustomization\nspec:\n  decryption:\n    provider: sops\n')).toBe(false)
    expect(mayHaveSopsKey('enum:\n- age\n- sops # sops\n')).toBe(false)
    expect(mayHaveSopsKey('description: "encrypt with sops \\"now\\""\nx: *\n')).toBe(false)
    expect(mayHaveSopsKey('data: x\nsops:\n  mac: y\n')).toBe(true)
    expect(mayHaveSopsKey('{"data": "x", "sops" : {}}')).toBe(true)
    expect(mayHaveSopsKey('? sops # the key\n: {mac: y}\n')).toBe(true)
    expect(mayHaveSopsKey('a: sops\n"\\x73ops": {mac: y}\n')).toBe(true)
    expect(mayHaveSopsKey('"\\x73ops": {mac: y}\n')).toBe(false)
    expect(mayHaveSopsKey('a: &k sops\n*k : {mac: y}\n')).toBe(true)
    expect(mayHaveSopsKey('a: &k # why\n  sops\n*k : {mac: y}\n')).toBe(true)
    expect(mayHaveSopsKey('a: [&k sops]\n')).toBe(true)
    expect(mayHaveSopsKey(`a: ${' '.repeat(300)}sops`)).toBe(true)
  })
})

/** mayHaveKind as first written: multiline regexes (`^` tried at every position). */
function kindByRegex(text: string, word: string): boolean {
  const value = `["']?\\s*:[^:]{0,64}?${word}`
  const topLevel = new RegExp(`^(?:\\?[ \\t]*)?["']?kind${value}`, 'm')
  return (/^[{[]/m.test(text) ? new RegExp(`kind${value}`) : topLevel).test(text)
}

describe('mayHaveKind', () => {
  it('answers as the multiline regexes it replaced, on texts built of their pieces', () => {
    const piece = fc.constantFrom(
      ...['kind', 'kind: ', 'kind:', '\nkind: ', 'kind" : ', "'kind':", 'Kind', 'kin', ':', ': ', ' ', '  '],
      ...['\t', '\n', '\n', '\r\n', '\r', '\u2028', '? ', '?', '\n? ', ' Secret', ' List'],
      ...[
        '"',
        "'",
        '- ',
        '{',
        '[',
        'Secret',
        'SealedSecret',
        'List',
        'x',
        'metadata:',
        '---\n',
        'a'.repeat(70),
      ],
    )
    let some = 0
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom('Secret', 'List'), (parts, word) => {
        const text = parts.join('')
        const expected = kindByRegex(text, word)
        if (expected) some++
        expect(mayHaveKind(text, word)).toBe(expected)
      }),
      fuzzParams(4000),
    )
    expect(some).toBeGreaterThan(200)
  })

  it('finds a top-level kind in each spelling and not an indented one', () => {
    expect(mayHaveKind('apiVersion: v1\nkind: Secret\n', 'Secret')).toBe(true)
    expect(mayHaveKind('"kind": "SealedSecret"', 'Secret')).toBe(true)
    expect(mayHaveKind('? kind\n: Secret\n', 'Secret')).toBe(true)
    expect(mayHaveKind('x: 1\r?\t"kind" :\n  List', 'List')).toBe(true)
    expect(mayHaveKind('spec:\n  names:\n    kind: ExternalSecret\n', 'Secret')).toBe(false)
    expect(mayHaveKind('spec:\n  names:\n    kind: ExternalSecret\n[x]\n', 'Secret')).toBe(true)
    expect(mayHaveKind('kind: Deployment\nmetadata: {name: secret}\n', 'Secret')).toBe(false)
  })
})

describe('sopsKeyOpensLine', () => {
  it('finds what the multiline regexes it replaced found, at the left margin and indented', () => {
    const piece = fc.constantFrom(
      ...['sops', 'sops:', '"sops"', "'sops'", 'sops :', 'xsops:', ' ', '\t', '  ', '"', "'", ':', 'a'],
      ...['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '- ', '#', 'sop', 's:'],
    )
    const margin = /^["']?sops["']?[ \t]*:/m
    const indented = /^[ \t]*["']?sops["']?[ \t]*:/m
    let found = 0
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (parts) => {
        const text = parts.join('')
        if (indented.test(text)) found++
        expect(sopsKeyOpensLine(text)).toBe(margin.test(text))
        expect(sopsKeyOpensLine(text, true)).toBe(indented.test(text))
      }),
      fuzzParams(4000),
    )
    expect(found).toBeGreaterThan(500)
  })
})
