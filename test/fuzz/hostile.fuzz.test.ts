/**
 * Properties of the hardening against hostile input: the linear duplicate-key check agrees with
 * the yaml library's own (quadratic) one; Go regexes from files compile to a regexp or a
 * GitsealError and run in bounded time; base64 decoding agrees with a plain reference; invalid
 * UTF-8 is refused, valid UTF-8 decoded exactly.
 */
import fc from 'fast-check'
import { parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { goRegExp } from '../../src/core/go-regexp.js'
import { decodeStdBase64 } from '../../src/core/secret.js'
import { decodeUtf8Strict } from '../../src/core/utf8.js'
import { firstDuplicateKey } from '../../src/core/yaml-unique.js'
import { parseSimpleDocument } from '../../src/scan/analysers/simple-yaml.js'
import { parseYamlDocuments } from '../../src/scan/analysers/yaml.js'
import { entries, getNode, isScalar } from '../../src/scan/analysers/yaml.js'
import { dumpNodes } from '../scan/support/yaml-nodes.js'
import { fuzzParams, manifestLikeText, onlyGitsealErrors } from './fuzz.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

/**
 * Parse `text` with the fast path; when it takes the text, expect the yaml library's nodes for it to
 * be the same. True when the fast path took it.
 */
function fastPathAgreesWithLibrary(text: string): boolean {
  const ours = parseSimpleDocument(text)
  if (ours === undefined) return false
  const docs = parseAllDocuments(text, {
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
    stringKeys: false,
  })
  const lib = Array.isArray(docs) ? docs : [docs]
  expect(lib).toHaveLength(1)
  expect(lib[0]?.errors).toEqual([])
  expect(dumpNodes(ours)).toBe(dumpNodes(lib[0]))
  return true
}

/**
 * {@link fastPathAgreesWithLibrary} on `runs` texts drawn from `texts`; the fast path must take more
 * than `atLeast` of them, or the property says nothing.
 */
function expectFastPathAgreement(texts: fc.Arbitrary<string>, runs: number, atLeast: number): void {
  let fast = 0
  fc.assert(
    fc.property(texts, (text) => {
      if (fastPathAgreesWithLibrary(text)) fast++
    }),
    fuzzParams(runs),
  )
  expect(fast).toBeGreaterThan(atLeast)
}

const smallKeys = fc.constantFrom('a', 'b', '1', '"1"', "'a'", 'true', '~', '1.0', '0x1', 'a b', '? c')

describe('hostile input, fuzzed', () => {
  it('the linear duplicate-key check finds a duplicate exactly when the yaml library does', () => {
    const mapping = fc
      .array(fc.tuple(smallKeys, fc.constantFrom('1', 'x', '{}', '[a]', '{a: 1, a: 2}')), { maxLength: 6 })
      .map((pairs) => pairs.map(([key, value]) => `${key}: ${value}`).join('\n'))
    fc.assert(
      fc.property(fc.oneof(mapping, manifestLikeText), (text) => {
        const lib = parseAllDocuments(text, { uniqueKeys: true })
        const ours = parseAllDocuments(text, { uniqueKeys: false })
        if (!Array.isArray(lib) || !Array.isArray(ours)) return
        lib.forEach((doc, index) => {
          const other = ours[index]
          if (other === undefined || other.errors.length > 0) return
          const libDuplicate = doc.errors.some((error) => error.code === 'DUPLICATE_KEY')
          expect(firstDuplicateKey(other) !== undefined).toBe(libDuplicate)
        })
      }),
      fuzzParams(300),
    )
  })

  it('aliases and merge keys read as the yaml library resolves them (YAML 1.1 merge precedence)', () => {
    const key = fc.constantFrom('k1', 'k2', 'k3')
    const value = fc.constantFrom('v1', 'v2', 'v3', 'v4')
    // Anchored maps a0..a3, each with own pairs and merges of earlier ones; then the map under test.
    // Keys unique within one map: with duplicates, which one counts is a library choice (the last).
    const ownPairs = fc.uniqueArray(fc.tuple(key, value), { maxLength: 3, selector: (pair) => pair[0] })
    const anchored = fc.array(
      fc.record({
        own: ownPairs,
        merges: fc.array(fc.nat(3), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    const flowMap = (own: [string, string][], merges: number[], before: number): string => {
      const refs = merges.filter((index) => index < before).map((index) => `*a${index}`)
      const parts = own.map(([k, v]) => `${k}: ${v}`)
      if (refs.length === 1) parts.unshift(`<<: ${refs[0]}`)
      if (refs.length > 1) parts.unshift(`<<: [${refs.join(', ')}]`)
      return `{${parts.join(', ')}}`
    }
    fc.assert(
      fc.property(anchored, ownPairs, fc.array(fc.nat(3)), (maps, own, merges) => {
        const lines = maps.map((map, i) => `x${i}: &a${i} ${flowMap(map.own, map.merges, i)}`)
        const text = `${lines.join('\n')}\nm: ${flowMap(own, merges, maps.length)}\nv: *a0\n`
        const [doc] = parseYamlDocuments(text)
        const reference = parseAllDocuments(text, { merge: true, uniqueKeys: false })
        const expected = (Array.isArray(reference) ? reference[0] : reference)?.toJS() as {
          m: Record<string, string>
        }
        const m = getNode(doc?.contents, 'm')
        // The first pair of each key wins, as in the reference; every key the reference has is there.
        const ours: Record<string, string> = {}
        for (const { key: k, value: v } of entries(m)) {
          if (!(k in ours) && isScalar(v)) ours[k] = String(v.value)
        }
        expect(ours).toEqual(expected.m)
        expect(getNode(doc?.contents, 'v')).toBe(getNode(doc?.contents, 'x0'))
      }),
      fuzzParams(300),
    )
  })

  it('the fast path for simple block mappings builds exactly the nodes the yaml library does', () => {
    const key = fc.constantFrom('a', 'k1', 'true', '1', 'null', 'x.y', 'a-b', 'A_B', '0x1F', '1.5', 'tls.key')
    const value = fc.constantFrom(
      '',
      ' ',
      'v',
      'x y',
      '1',
      '1.0',
      'true',
      'False',
      'null',
      '~',
      'c3VwZXI=',
      'a:b',
      'x  ',
      '-1',
      '0o17',
      '.inf',
      'http://h/p?q=1',
      'a #b',
      'a: b',
      "'q'",
      '[x]',
      '&a x',
      '|',
    )
    const line = fc.tuple(
      fc.constantFrom(0, 0, 0, 1, 1, 2, 3),
      key,
      value,
      fc.constantFrom('', '', '', '# c', '  '),
    )
    const texts = fc
      .tuple(fc.array(line, { minLength: 1, maxLength: 10 }), fc.boolean(), fc.boolean())
      .map(([lines, marker, newline]) => {
        const body = lines
          .map(([depth, k, v, extra]) =>
            extra !== '' && depth === 3 ? extra : `${'  '.repeat(depth)}${k}:${v === '' ? '' : ` ${v}`}`,
          )
          .join('\n')
        return `${marker ? '---\n' : ''}${body}${newline ? '\n' : ''}`
      })
    expectFastPathAgreement(texts, 1000, 30)
  })

  it('the fast path reads alias keys (`*a : v`) and explicit keys (`? k` then `: v`) node for node as the library does, or steps aside', () => {
    const key = fc.constantFrom('k', 'kind', '"q"', "'s'", '1', '*a', '*b', '*a:', 'k: v', 'a b', '')
    const value = fc.constantFrom('v', 'Secret', '"q"', '*a', '&c v', '!!str 1', '[x]', '', '|', 'a: b', '~')
    const entry = fc.tuple(
      fc.constantFrom('plain', 'alias', 'explicit', 'explicit'),
      key,
      value,
      fc.constantFrom('', '', ' ', '  '),
      fc.constantFrom('', '', '  ', '# c'),
    )
    const texts = fc
      .tuple(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.boolean())
      .map(([entries, nested]) => {
        const column = nested ? '  ' : ''
        const lines = entries.map(([form, k, v, gap, after]) => {
          const tail = v === '' ? '' : ` ${v}`
          if (form === 'plain') return `${column}k${k.length}:${tail}`
          if (form === 'alias') return `${column}*a${gap} :${tail}`
          return `${column}? ${k}${gap}\n${after === '# c' ? `${column}${after}\n` : ''}${column}:${tail}${after === '  ' ? after : ''}`
        })
        return `x: &a kind\ny: &b 1\n${nested ? 'm:\n' : ''}${lines.join('\n')}\n`
      })
    expectFastPathAgreement(texts, 1000, 100)
  })

  it('the fast path reads block sequences (of values and of mappings), `!!str` scalars and literal blocks node for node as the library does, or steps aside', () => {
    const scalar = fc.constantFrom(
      'v',
      '1',
      'true',
      '~',
      '"q"',
      "'s'",
      '*a',
      '[x, y]',
      '{k: v}',
      'a b',
      '-1',
      '!t x',
      '&b v',
      'x # c',
      '|',
      '',
      '!!str 1',
      '!!str "q"',
      '!!str ~',
      '!!str',
      '!!str [a]',
      '!!int 3',
      '&b !!str v',
      '!!str  x y',
      '!!str *a',
      '|a',
      '|-b',
      '|c',
      '|d',
      '|-e',
      '|f',
    )
    const key = fc.constantFrom('a', 'k1', 'name', '"q"', '- a')
    type Tree = string | { map: [string, Tree][] } | { seq: Tree[] }
    const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.record({ map: fc.array(fc.tuple(key, tie('tree')), { minLength: 1, maxLength: 3 }) }),
        fc.record({ seq: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
      ),
    }))
    // Indentation choices: a sequence under a key at the key's column or deeper; 1–3 spaces after `-`.
    const style = fc.array(fc.constantFrom(0, 1, 2), { minLength: 64, maxLength: 64 })
    // Literal blocks: a header and content lines, written 0–2 columns deeper than their key.
    const BLOCKS: Record<string, [string, string[]]> = {
      '|a': ['|', ['a', 'b c']],
      '|-b': ['|-', ['x', '', '  y', '# z']],
      '|c': ['|', ['p', '']],
      '|d': ['|', ['', 'q']],
      '|-e': ['|-', ['k: v', '- i', '"q"']],
      '|f': ['|  ', ['  deeper', 'then #x']],
    }
    const write = (node: Tree, indent: number, choices: number[]): string[] => {
      const choose = (): number => choices[(choices.push(choices.shift() ?? 0) - 1) % choices.length] ?? 0
      const block = (prefix: string, name: string): string[] => {
        const [header, content] = BLOCKS[name] ?? ['|', []]
        const deeper = ' '.repeat(indent + choose())
        return [`${prefix}${header}`, ...content.map((line) => (line === '' ? '' : `${deeper}${line}`))]
      }
      if (typeof node === 'string')
        return node in BLOCKS ? block(' '.repeat(indent), node) : [`${' '.repeat(indent)}${node}`]
      if ('map' in node)
        return node.map.flatMap(([k, v]) => {
          const head = `${' '.repeat(indent)}${k}:`
          if (typeof v === 'string' && v in BLOCKS) return block(`${head} `, v)
          if (typeof v === 'string') return [`${head}${v === '' ? '' : ` ${v}`}`]
          const deeper = 'seq' in v ? indent + 2 * choose() : indent + 2
          return [head, ...write(v, deeper, choices)]
        })
      return node.seq.flatMap((v) => {
        const dash = `${' '.repeat(indent)}-${' '.repeat(1 + choose())}`
        const lines = write(v, dash.length, choices)
        const firstLine = (lines[0] ?? '').slice(dash.length)
        return [`${dash}${firstLine}`.trimEnd(), ...lines.slice(1)]
      })
    }
    const texts = fc
      .tuple(fc.record({ map: fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 4 }) }), style)
      // A copy of the choices: write rotates them, and a replayed value must write the same text.
      .map(([root, choices]) => `x: &a v\n${write(root, 0, [...choices]).join('\n')}\n`)
    expectFastPathAgreement(texts, 3000, 200)
  })

  it('with comments (a blanked Helm template), the fast path builds the library’s nodes, each collection’s range no wider', () => {
    type Tree = string | { map: [string, Tree][] } | { seq: Tree[] }
    const scalar = fc.constantFrom('v', '1', '~', '"q"', '[x]', 'a b', '', '|', 'x # c')
    const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.record({
          map: fc.array(fc.tuple(fc.constantFrom('a', 'k', 'tls.key'), tie('tree')), {
            minLength: 1,
            maxLength: 3,
          }),
        }),
        fc.record({ seq: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
      ),
    }))
    const write = (node: Tree, indent: number): string[] => {
      const pad = ' '.repeat(indent)
      if (typeof node === 'string') return [node === '|' ? `${pad}|\n${pad}  b` : `${pad}${node}`]
      if ('map' in node)
        return node.map.flatMap(([k, v]) =>
          typeof v === 'string' && v !== '|'
            ? [`${pad}${k}:${v === '' ? '' : ` ${v}`}`]
            : typeof v === 'string'
              ? [`${pad}${k}: |`, `${pad}  b`]
              : [`${pad}${k}:`, ...write(v, indent + 2)],
        )
      return node.seq.flatMap((v) => {
        const lines = write(v, indent + 2)
        return [`${pad}- ${(lines[0] ?? '').trimStart()}`.trimEnd(), ...lines.slice(1)]
      })
    }
    // Comment lines at any indent between the lines, and comments after a key's `:`.
    const comments = fc.array(fc.constantFrom('', '', '', '#', '  #', '    # x', 'after', 'after'), {
      minLength: 64,
      maxLength: 64,
    })
    const texts = fc
      .tuple(
        fc.record({
          map: fc.array(fc.tuple(fc.constantFrom('kind', 'data'), tree), { minLength: 1, maxLength: 4 }),
        }),
        comments,
      )
      .map(([root, marks]) =>
        write(root, 0)
          .flatMap((line, i) => {
            const mark = marks[i % marks.length] ?? ''
            if (mark === 'after') return [line.endsWith(':') ? `${line} #   ` : line]
            return mark === '' ? [line] : [mark, line]
          })
          .join('\n')
          .concat('\n'),
      )
    // A node's kind, value, presentation and range; a collection's range end may stop short of the
    // library's (which stretches over the comments after it), and a null's range is read by nothing.
    const nodes = (doc: unknown): unknown[][] => JSON.parse(dumpNodes(doc)) as unknown[][]
    let fast = 0
    fc.assert(
      fc.property(texts, (text) => {
        const ours = parseSimpleDocument(text, true)
        if (ours === undefined) return
        fast++
        const lib = parseAllDocuments(text, { uniqueKeys: false, strict: false, stringKeys: false })
        const docs = Array.isArray(lib) ? lib : [lib]
        expect(docs).toHaveLength(1)
        expect(docs[0]?.errors).toEqual([])
        const [a, b] = [nodes(ours), nodes(docs[0])]
        expect(a.map((n) => [n[0], n[1], n[3], n[6]])).toEqual(b.map((n) => [n[0], n[1], n[3], n[6]]))
        a.forEach((n, i) => {
          const [range, libRange] = [n[2] as number[], (b[i] as unknown[])[2] as number[]]
          if (n[0] === 'yaml.scalar' && n[1] !== null) expect(range.slice(0, 2)).toEqual(libRange.slice(0, 2))
          if (n[0] === 'yaml.map' || n[0] === 'yaml.seq') {
            expect(range[0]).toBe(libRange[0])
            expect(range[2]).toBeLessThanOrEqual(libRange[2] as number)
          }
        })
      }),
      fuzzParams(3000),
    )
    expect(fast).toBeGreaterThan(300)
  })

  it('the fast path reads flow collections, quoted scalars, anchors and aliases node for node as the library does, or steps aside', () => {
    // Mostly what the fast path takes, some of what it must leave (tags, `? `, empty entries, tabs…).
    const scalar = fc.constantFrom(
      'a',
      'b c',
      '1',
      '-1',
      '0x1F',
      'true',
      '~',
      '1.0',
      '"q"',
      "'s'",
      '"a\\"b"',
      "'it''s'",
      '"\\u0041\\n"',
      '"\\x41\\U0001F600"',
      '"\\ud83d\\ude00"',
      '*a0',
      '&a1 v',
      'http://h/p?q=1',
      'a#b',
      '<<',
      ':z',
      '-z',
      '?z',
      'a:b',
      '!t x',
      '? k',
      '',
      'x\ty',
      '"\\q"',
    )
    const flow: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? scalar
        : fc.oneof(
            scalar,
            fc
              .tuple(
                fc.boolean(),
                fc.array(
                  fc.tuple(fc.constantFrom('a', '"q"', 'k1', '<<', "'s'", 'true', '*a0'), flow(depth - 1)),
                  {
                    maxLength: 4,
                  },
                ),
                fc.constantFrom(', ', ',', ' , '),
                fc.constantFrom('', ',', ' '),
                fc.constantFrom('', '&a2 '),
              )
              .map(
                ([isMap, entries, sep, end, anchor]) =>
                  `${anchor}${isMap ? '{' : '['}${entries
                    .map(([key, value]) => (isMap ? `${key}: ${value}` : value))
                    .join(sep)}${end}${isMap ? '}' : ']'}`,
              ),
          ),
    )
    const line = fc.tuple(
      fc.constantFrom('', '', '  '),
      fc.constantFrom('k', 'kind', '"q k"', "'s'", 'a1', '1'),
      fc.oneof(flow(3), fc.constantFrom('', '&a3', '*a0', '&a4 [x]', '&a5 "v"')),
      fc.constantFrom('', '', ' ', ' # c'),
    )
    const block = fc
      .array(line, { minLength: 1, maxLength: 6 })
      .map(
        (lines) =>
          `x: &a0 v\n${lines.map(([indent, key, value, end]) => `${indent}${key}:${value === '' ? '' : ` ${value}`}${end}`).join('\n')}\n`,
      )
    const root = fc.tuple(flow(4), fc.constantFrom('', '\n', '\n\n', ' \n')).map(([text, end]) => text + end)
    expectFastPathAgreement(fc.oneof(block, root), 2000, 100)
  })

  it('any pattern compiles as RE2 or is a GitsealError, and matching stays fast', () => {
    const atoms = fc.constantFrom(
      'a',
      '.',
      '(',
      ')',
      '+',
      '*',
      '?',
      '|',
      '[a-z]',
      '\\d',
      '(?i)',
      '{2,}',
      '^',
      '$',
      '\\z',
      '(?=',
    )
    fc.assert(
      fc.property(fc.array(atoms, { maxLength: 12 }), (parts) => {
        const pattern = parts.join('')
        onlyGitsealErrors(() => {
          const re = goRegExp(pattern, 'fuzz')
          const start = cpuMark()
          re.test(`${'a'.repeat(20_000)}!`)
          expect(cpuMsSince(start)).toBeLessThan(2000)
        })
      }),
      fuzzParams(200),
    )
  })

  it('decodeStdBase64 agrees with a reference on any bytes and any text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64')
        expect(decodeStdBase64(text)).toEqual(new Uint8Array(bytes))
      }),
      fuzzParams(300),
    )
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/=!]{0,12}$/), (text) => {
        const valid = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)
        expect(decodeStdBase64(text) !== undefined).toBe(valid)
      }),
      fuzzParams(300),
    )
  })

  it('decodeUtf8Strict decodes valid UTF-8 exactly and refuses anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
        const valid = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(Buffer.from(bytes))
        let refused = false
        try {
          const text = decodeUtf8Strict(bytes, 'fuzz.yaml')
          // A leading BOM is dropped; everything else comes back byte for byte.
          expect(Buffer.from(text, 'utf8')).toEqual(
            Buffer.from(bytes).subarray(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0),
          )
        } catch (error) {
          expect(error).toMatchObject({ code: 'E_BAD_MANIFEST' })
          refused = true
        }
        expect(refused).toBe(!valid)
      }),
      fuzzParams(300),
    )
  })
})
