/**
 * The fast hot path reports what the old one did: the keyword automaton finds exactly the keywords
 * a check of every position of the lowercased text finds, and the detector (automaton, analyser
 * trigger prefilter, per-document YAML parsing, rules run at their anchors) reports the same findings as the reference engine
 * (test/scan/support/reference-engine.ts) on generated files dense in keywords, manifests and
 * planted secrets.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dumpNodes } from './support/yaml-nodes.js'
import { parseAllDocuments } from 'yaml'
import { parseYamlDocuments } from '../../src/scan/analysers/index.js'
import { parseWantedDocuments } from '../../src/scan/analysers/documents.js'
import { splitDocuments } from '../../src/core/document-text.js'
import { createDetector } from '../../src/scan/engine.js'
import { KeywordAutomaton } from '../../src/scan/keyword-automaton.js'
import type { KeywordTables } from '../../src/scan/keyword-automaton.js'
import { keywordAutomatonFor, literalStarts, prebuildKeywords } from '../../src/scan/matcher.js'
import {
  anchorOf,
  anchoredMatches,
  foldedAnchorOf,
  leadMatches,
  leadOf,
  matchesAt,
} from '../../src/scan/regex-anchor.js'
import { gapped } from '../../src/scan/rules/gapped.js'
import { START } from '../../src/scan/rules/define.js'
import {
  ASSIGNMENT_WORDS,
  GENERIC_KEYWORDS,
  PROVIDER_RULES,
  findGeneric,
} from '../../src/scan/rules/index.js'
import { TRIGGER_KEYWORDS } from '../../src/scan/structured.js'
import type { Finding } from '../../src/scan/types.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { referenceScan } from './support/reference-engine.js'
import { KeywordIndex } from './support/reference-keywords.js'

/**
 * Asserts that the anchored search finds exactly the global regex's matches on inputs joined from
 * `parts`; returns how many matches the regex found in all (so a test can require real coverage).
 */
function sameMatchesOnJoinedParts(
  anchored: NonNullable<ReturnType<typeof anchorOf>>,
  regex: RegExp,
  parts: readonly string[],
): number {
  let matched = 0
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 12 }), (pieces) => {
      const input = pieces.join('')
      const fast = [...anchoredMatches(anchored, input)].map((m) => [m.index, m[0]])
      const old = [...input.matchAll(regex)].map((m) => [m.index, m[0]])
      matched += old.length
      expect(fast).toEqual(old)
    }),
    fuzzParams(1500),
  )
  return matched
}

const KEYWORDS = [
  ...new Set([...PROVIDER_RULES.flatMap((rule) => rule.keywords), ...GENERIC_KEYWORDS, ...TRIGGER_KEYWORDS]),
]
const reference = new KeywordIndex(KEYWORDS)
const automaton = new KeywordAutomaton(KEYWORDS)

const sorted = (set: ReadonlySet<string>): string[] => [...set].sort()

// Pieces: keywords (whole, cut, upper-cased), separators, secret-ish runs, regex metacharacters and
// the characters whose lowercase form is or holds ASCII (Kelvin sign, dotted capital I).
const piece = fc.oneof(
  fc.constantFrom(...KEYWORDS),
  fc.constantFrom(...KEYWORDS).map((keyword) => keyword.toUpperCase()),
  fc.constantFrom(...KEYWORDS).map((keyword) => keyword.slice(1)),
  fc.constantFrom(...KEYWORDS).map((keyword) => keyword.slice(0, -1)),
  fc.constantFrom(' ', '\n', '=', ': ', '"', "'", '://', '@', '.', '-', '_', '|', '(', '\\', '[', '$'),
  fc.constantFrom('\u212a', '\u0130', 'é', 'ß', '\u{1f511}', 'Σ'),
  fc.stringMatching(/^[A-Za-z0-9+/_-]{1,40}$/),
)
const text = fc.array(piece, { maxLength: 80 }).map((parts) => parts.join(''))

describe('keyword automaton', () => {
  it('finds the same keywords as a check of every position of the lowercased text', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(sorted(automaton.scan(input).found)).toEqual(sorted(reference.found(input.toLowerCase())))
      }),
      fuzzParams(2000),
    )
  })

  it('finds overlapping keywords, keywords inside others, and folds case and the Kelvin sign', () => {
    const small = new KeywordAutomaton(['ab', 'bc', 'abc', 'c.d', 'zz', 'key', 'b'])
    expect(sorted(small.scan('ABC.D').found)).toEqual(['ab', 'abc', 'b', 'bc', 'c.d'])
    expect(sorted(small.scan(`${'ab '.repeat(10_000)}zz`).found)).toEqual(['ab', 'b', 'zz'])
    expect(sorted(small.scan('\u212aEY').found)).toEqual(['key'])
    // `İ` lowercases to `i` + a combining dot: `İd` does not hold `id`, `xİ` holds `xi`.
    const dotted = new KeywordAutomaton(['id', 'xi'])
    expect(sorted(dotted.scan('\u0130d').found)).toEqual([])
    expect(sorted(dotted.scan('x\u0130').found)).toEqual(['xi'])
  })

  it('handles empty, non-ASCII and absent keywords and empty text', () => {
    expect(sorted(new KeywordAutomaton(['x', 'yz']).scan('').found)).toEqual([])
    expect(sorted(new KeywordAutomaton([]).scan('anything').found)).toEqual([])
    expect(sorted(new KeywordAutomaton(['', 'q']).scan('abc').found)).toEqual([''])
    expect(sorted(new KeywordAutomaton(['größe', 'x']).scan('GRÖSSE GRÖßE').found)).toEqual(['größe'])
  })
})

describe('keyword automaton from prebuilt tables', () => {
  const built = keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS)
  // Through JSON, as scripts/bundle.mjs writes them into the engine script.
  const tables = JSON.parse(JSON.stringify(built.toTables())) as KeywordTables
  const read = KeywordAutomaton.fromTables(tables)

  it('finds the same keywords and positions as the automaton it was made from', () => {
    const words = [...ASSIGNMENT_WORDS, 'ghp_', 'xoxb-', 'akia', 'not positional']
    fc.assert(
      fc.property(text, (input) => {
        const fast = read.scan(input, Buffer.from(input, 'utf8'))
        const slow = built.scan(input)
        expect(sorted(fast.found)).toEqual(sorted(slow.found))
        for (const word of words) expect(fast.starts(word)).toEqual(slow.starts(word))
        const plain = read.scan(input)
        expect(sorted(plain.found)).toEqual(sorted(slow.found))
      }),
      fuzzParams(1500),
    )
    expect(read.bytePasses).toBeGreaterThan(0)
  })

  it('is read only for the rules and words it was made from', () => {
    const prebuilt = prebuildKeywords(PROVIDER_RULES, TRIGGER_KEYWORDS)
    expect(keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS, prebuilt).toTables()).toBe(prebuilt.tables)
    expect(prebuilt.tables).toEqual(tables)
    // A rule disabled, a word more, a rule's regex changed: built anew, as without tables.
    const fewer = PROVIDER_RULES.slice(1)
    const changed = PROVIDER_RULES.map((rule, index) =>
      index === 0 && rule.regex !== undefined
        ? { ...rule, regex: new RegExp(`${rule.regex.source}x`, rule.regex.flags) }
        : rule,
    )
    for (const [rules, more] of [
      [fewer, TRIGGER_KEYWORDS],
      [PROVIDER_RULES, [...TRIGGER_KEYWORDS, 'extra']],
      [changed, TRIGGER_KEYWORDS],
    ] as const) {
      const automaton = keywordAutomatonFor(rules, more, prebuilt)
      expect(automaton.toTables()).not.toBe(prebuilt.tables)
      expect(automaton.toTables()).toEqual(keywordAutomatonFor(rules, more, undefined).toTables())
    }
    expect(keywordAutomatonFor(fewer, TRIGGER_KEYWORDS, prebuilt).toTables()).not.toEqual(tables)
  })
})

describe('keyword positions', () => {
  // Without `İ`, whose lowercase form is two characters: every other offset stays put.
  const plain = fc
    .array(
      fc.oneof(
        piece.filter((part) => !part.includes('\u0130')),
        fc.constantFrom(...ASSIGNMENT_WORDS, ...ASSIGNMENT_WORDS.map((word) => word.toUpperCase())),
      ),
      { maxLength: 80 },
    )
    .map((parts) => parts.join(''))
  const positional = new KeywordAutomaton(KEYWORDS, ASSIGNMENT_WORDS)

  it('records every start of a positional word, as in the lowercased text', () => {
    fc.assert(
      fc.property(plain, (input) => {
        const hits = positional.scan(input)
        const lower = input.toLowerCase()
        for (const word of ASSIGNMENT_WORDS) {
          const expected: number[] = []
          for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) expected.push(at)
          expect([...(hits.starts(word) ?? [])]).toEqual(expected)
        }
        expect(hits.starts('not positional')).toBeUndefined()
        expect(sorted(hits.found)).toEqual(sorted(automaton.scan(input).found))
      }),
      fuzzParams(1500),
    )
  })

  it('gives the same keywords and positions stepping over the UTF-8 bytes as over the text', () => {
    const bytes = new KeywordAutomaton(KEYWORDS, ASSIGNMENT_WORDS)
    const decoder = new TextDecoder('utf-8')
    let stepped = 0
    // Any text (lone surrogates too), with or without a byte order mark, as the engine decodes it.
    const input = fc.tuple(
      fc.array(fc.oneof(piece, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 80 }),
      fc.boolean(),
    )
    fc.assert(
      fc.property(input, ([parts, bom]) => {
        const utf8 = Buffer.from(`${bom ? '\ufeff' : ''}${parts.join('')}`, 'utf8')
        const text = decoder.decode(utf8)
        const before = bytes.bytePasses
        const fast = bytes.scan(text, utf8)
        if (bytes.bytePasses > before) stepped++
        const slow = positional.scan(text)
        expect(sorted(fast.found)).toEqual(sorted(slow.found))
        for (const word of ASSIGNMENT_WORDS) expect(fast.starts(word)).toEqual(slow.starts(word))
      }),
      fuzzParams(2000),
    )
    // Most inputs take the byte pass (not those with a BOM, the Kelvin sign or a dotted capital I).
    expect(stepped).toBeGreaterThan((fuzzParams(2000).numRuns ?? 0) / 4)
    // More hits than the pass hands back at once; a text of nothing but multi-byte characters.
    const dense = `${'Secret=pass '.repeat(5000)}\u{1f511}é token`
    const utf8 = Buffer.from(dense, 'utf8')
    const fast = bytes.scan(dense, utf8)
    expect(fast.starts('secret')).toHaveLength(5000)
    for (const word of ASSIGNMENT_WORDS)
      expect(fast.starts(word)).toEqual(positional.scan(dense).starts(word))
    expect(sorted(bytes.scan('é\u{1f511}ß', Buffer.from('é\u{1f511}ß')).found)).toEqual([])
  })

  it('gives the same keywords and positions over long ASCII texts, stepped as two streams', () => {
    const bytes = new KeywordAutomaton(KEYWORDS, ASSIGNMENT_WORDS)
    const ascii = piece.filter((part) => Buffer.byteLength(part) === part.length)
    const same = (text: string): void => {
      const fast = bytes.scan(text, Buffer.from(text, 'latin1'))
      const slow = positional.scan(text)
      expect(sorted(fast.found)).toEqual(sorted(slow.found))
      for (const word of ASSIGNMENT_WORDS) expect(fast.starts(word)).toEqual(slow.starts(word))
    }
    const before = bytes.bytePasses
    fc.assert(
      fc.property(fc.nat(6000), fc.array(ascii, { minLength: 100, maxLength: 600 }), (pad, parts) =>
        same(`${'y'.repeat(pad)}${parts.join('')}`),
      ),
      fuzzParams(300),
    )
    // A word across the middle, at every offset from it: the second stream starts early enough.
    const longest = KEYWORDS.reduce((a, b) => (b.length > a.length ? b : a))
    for (const word of [...ASSIGNMENT_WORDS, longest]) {
      for (let shift = -word.length - 2; shift <= 2; shift++) {
        const text = `${'x'.repeat(4096 + shift)}${word.toUpperCase()}${'x'.repeat(4096 - word.length - shift)}`
        same(text)
        const hits = bytes.scan(text, Buffer.from(text, 'latin1'))
        expect(hits.found.has(word) || hits.starts(word)?.[0] === 4096 + shift).toBe(true)
      }
    }
    expect(bytes.bytePasses - before).toBeGreaterThan(300)
  })

  it('changes the length of a text in lowercasing only for İ (the generic pass relies on it)', () => {
    const changed: number[] = []
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue
      const char = String.fromCodePoint(code)
      if (char.toLowerCase().length !== char.length) changed.push(code)
    }
    expect(changed).toEqual([0x130])
  })

  it('gives the generic assignments the same matches as a search of the lowercased text', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9+/_.-]{6,24}$/)
    const line = fc
      .tuple(
        fc.constantFrom(...ASSIGNMENT_WORDS, 'PASSWORD', 'Api_Key', 'db_password', 'x\u212aey'),
        fc.constantFrom('=', ': ', ' = "', '": "', ':=', ''),
        value,
        fc.constantFrom('\n', ' ', '"\n', ', ', ''),
      )
      .map((parts) => parts.join(''))
    const lines = fc.array(fc.oneof(line, plain), { maxLength: 30 }).map((parts) => parts.join(''))
    const paths = ['a.env', 'values.yaml', 'a.ts', 'a.md']
    expect(genericAgreesAtKeywordStarts(lines, paths, 1500)).toBeGreaterThan(100)
  })

  it('looks for env pairs and the other named forms only on lines holding a keyword, with the same matches', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9+/_.-]{10,30}$/)
    const name = fc.constantFrom(
      ...['password', 'db.password', 'apiKey', 'Token', 'jwt-secret', 'CLIENT_SECRET', 'credentials'],
      ...['user', 'host', 'x\u212aey', 'passw\u0130rd', 'pass', 'name'],
    )
    const form = fc
      .tuple(
        fc.constantFrom(
          'setProperty("N", "V")',
          "put('N', 'V')",
          '{ "N", "V" }',
          "VALUES ('N', 'V')",
          '<N>V</N>',
          'key="N" value="V"',
          'Data["N"])).To(Equal("V"))',
          'resetUserPassword(ns, "V")',
          'updateNSecret(x, "V")',
          '- name: N\n  value: V',
          'name: "N"\r\nvalue: \'V\'',
          'env:\n  - name: N\n    value: "V" # note',
        ),
        name,
        value,
      )
      .map(([shape, n, v]) => shape.replaceAll('N', n).replaceAll('V', v))
    const gap = fc.constantFrom('\n', '\r\n', ' ', ', ', '\n\n', '; ', ' name: ', 'x')
    const lines = fc.array(fc.oneof(form, gap, plain), { maxLength: 24 }).map((parts) => parts.join(''))
    const paths = ['a.yaml', 'a.java', 'a.xml', 'a.env', 'a.txt']
    expect(genericAgreesAtKeywordStarts(lines, paths, 2000)).toBeGreaterThan(200)
  })

  it('runs case-insensitive rules (and case pairs such as `[Tt]oken`) at their anchors from the keyword pass, with the global matches', () => {
    // (A rule with its own search, as azure-storage-account-key, runs that instead.)
    const rules = PROVIDER_RULES.filter(
      (rule) => rule.regex !== undefined && rule.search === undefined && foldedAnchorOf(rule.regex),
    )
    expect(rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining([
        'aws-session-token',
        'aws-secret-access-key',
        'http-authorization-header',
        'vault-legacy-token',
        'jdbc-password',
        'kubernetes-bootstrap-token',
      ]),
    )
    const matcher = keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS)
    let matched = 0
    let recordedRules = 0
    for (const rule of rules) {
      const regex = rule.regex as RegExp
      const folded = foldedAnchorOf(regex) as NonNullable<ReturnType<typeof foldedAnchorOf>>
      const recorded = folded.literals.every((literal) => rule.keywords.includes(literal))
      if (recorded) recordedRules++
      const words = [...folded.literals, ...rule.keywords]
      const parts = [
        ...words,
        ...words.map((word) => word.toUpperCase()),
        ...words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)),
        '_access_key',
        '-token',
        'Key',
        ' = ',
        ': ',
        '="',
        '"',
        ' ',
        '\n',
        'Bearer ',
        'DefaultEndpointsProtocol=https;AccountName=a;',
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/'.repeat(3),
        'abcdef0123456789'.repeat(3),
        '0123abcd-0123-abcd-0123-0123456789ab',
        '\u212a',
        '\u017f',
        'é',
      ]
      const values = parts
        .slice(-6, -3)
        .concat(['Bearer abcdef0123456789ABCDEFxyz', 's.abcdefghijklmnopqrstuvwx', 'abc123.0123456789abcdef'])
      const assigned = fc
        .tuple(
          fc.constantFrom(...parts.slice(0, words.length * 3)),
          fc.constantFrom('', '_key', '_token', 'Key'),
          fc.constantFrom('=', ': ', '": "', ' => '),
          fc.constantFrom(...values),
        )
        .map((four) => four.join(''))
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.constantFrom(...parts), assigned), { maxLength: 14 }), (pieces) => {
          const input = pieces.join('')
          const starts = literalStarts(matcher.scan(input), folded.literals)
          // Recorded when they are keywords of the rule; else the rule searches itself, as execAll does.
          expect(starts !== undefined).toBe(recorded)
          const leading = leadOf(regex)
          const found =
            starts !== undefined
              ? matchesAt(folded.sticky, starts, input)
              : leading !== undefined
                ? leadMatches(leading, input)
                : input.matchAll(regex)
          const fast = [...found].map((m) => [m.index, m[0]])
          const old = [...input.matchAll(regex)].map((m) => [m.index, m[0]])
          matched += old.length
          expect(fast).toEqual(old)
        }),
        fuzzParams(300),
      )
    }
    expect(matched).toBeGreaterThan(50)
    expect(recordedRules).toBeGreaterThan(3)
  })
})

describe('document splitting', () => {
  it('splits at `---` lines only, and not when directives or end markers span documents', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3\n')).toEqual([
      [0, 5],
      [5, 14],
      [14, 27],
    ])
    expect(splitDocuments('a: 1\n---x: 1\n  ---\n')).toBeUndefined()
    expect(splitDocuments('%YAML 1.2\n---\na: 1\n---\nb: 2\n')).toBeUndefined()
    expect(splitDocuments('a: 1\n...\n---\nb: 2\n')).toBeUndefined()
    expect(splitDocuments('---\na: 1\n')).toBeUndefined()
  })

  it('gives wanted documents the ranges a parse of the whole text gives', () => {
    const text = 'kind: ConfigMap\ndata: {a: b}\n---\nkind: Secret\nstringData:\n  k: "v"\n---\nx: [1, 2]\n'
    const whole = parseYamlDocuments(text)
    const some = parseWantedDocuments(text, (doc) => doc.includes('Secret'))
    expect(some).toHaveLength(1)
    // Node for node (kind, value, range, presentation): the split parse may take the fast path.
    expect(dumpNodes(some[0])).toEqual(dumpNodes(whole[1]))
    const all = parseWantedDocuments(text, () => true)
    expect(all.map((doc) => dumpNodes(doc))).toEqual(whole.map((doc) => dumpNodes(doc)))
  })
})

// Generated files: manifests (Secrets plain and SOPS-shaped, SealedSecrets, ConfigMaps, Lists,
// kustomizations, kubeconfigs, docker configs) and text with planted provider-shaped secrets.
const value = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9+/]{6,40}$/),
  fc.constantFrom('changeme', 'hunter2', '${DB_PASSWORD}', 'ENC[AES256_GCM,data:abc,type:str]', ''),
)
const name = fc.constantFrom('password', 'db-password', 'api_key', 'token', 'tls.key', 'username', 'host')
const kvs = fc.array(fc.tuple(name, value), { maxLength: 4 })
const planted = fc.oneof(
  fc.stringMatching(/^[A-Z2-7]{16}$/).map((s) => `AKIA${s}`),
  fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghp_${s}`),
  fc.stringMatching(/^[0-9a-f]{32}$/).map((s) => `SK${s}`),
  fc.stringMatching(/^[A-Za-z0-9]{20,30}$/).map((s) => `postgres://app:${s}@db:5432/x`),
)
const documentText = fc.oneof(
  kvs.map(
    (pairs) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n${pairs.map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`,
  ),
  kvs.map(
    (pairs) =>
      `kind: Secret\ndata:\n${pairs.map(([k, v]) => `  ${k}: ${Buffer.from(v).toString('base64')}`).join('\n')}\n`,
  ),
  kvs.map(
    (pairs) => `{"kind": "Secret", "stringData": {${pairs.map(([k, v]) => `"${k}": "${v}"`).join(', ')}}}\n`,
  ),
  kvs.map(
    (pairs) =>
      `kind: SealedSecret\nspec:\n  encryptedData:\n${pairs.map(([k, v]) => `    ${k}: ${v}`).join('\n')}\n`,
  ),
  kvs.map((pairs) => `kind: ConfigMap\ndata:\n${pairs.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`),
  kvs.map(
    (pairs) =>
      `kind: List\nitems:\n  - kind: Secret\n    stringData:\n${pairs.map(([k, v]) => `      ${k}: ${v}`).join('\n')}\n`,
  ),
  kvs.map(
    (pairs) =>
      `secretGenerator:\n  - name: g\n    literals:\n${pairs.map(([k, v]) => `      - ${k}=${v}`).join('\n')}\n`,
  ),
  value.map(
    (v) =>
      `apiVersion: v1\nkind: Config\nusers:\n  - name: u\n    user:\n      token: ${v}\n      password: ${v}\n`,
  ),
  value.map((v) => `{"auths": {"r.io": {"auth": "${Buffer.from(`u:${v}`).toString('base64')}"}}}\n`),
  kvs.map(
    (pairs) =>
      `kind: Deployment\nspec:\n  env:\n${pairs.map(([k, v]) => `    - name: ${k.toUpperCase()}\n      value: ${v}`).join('\n')}\n`,
  ),
  fc
    .tuple(kvs, planted)
    .map(([pairs, secret]) => `${pairs.map(([k, v]) => `${k}=${v}`).join('\n')}\nx: ${secret}\n`),
  value.map(
    (v) => `data:\n  a: ENC[AES256_GCM,data:${v},type:str]\nsops:\n  mac: ENC[x]\n  version: 3.9.0\n`,
  ),
  text,
)
const file = fc.record({
  path: fc.constantFrom(
    'k8s/app.yaml',
    'values.yml',
    'a.json',
    'kubeconfig',
    'app.env',
    'src/a.ts',
    'notes.md',
  ),
  docs: fc.array(documentText, { minLength: 1, maxLength: 5 }),
  separator: fc.constantFrom('---\n', '--- # next\n', '\n---\n'),
})

const key = (finding: Finding): string =>
  `${finding.ruleId}@${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn} ${finding.fingerprint}`

describe('detector against the reference engine', () => {
  const detector = createDetector()
  it('reports the same findings on generated multi-document files with planted secrets', () => {
    fc.assert(
      fc.property(file, ({ path, docs, separator }) => {
        const content = docs.join(separator)
        const fast = detector.scanFile(path, content).findings.map(key)
        const old = referenceScan(path, content).map(key)
        // Never a finding lost. Where the whole text is broken YAML (an unclosed quote swallowing
        // the next `---`), documents judged one by one may find more than the whole-text parse did.
        // (there an analyser finding may replace a generic one on the same value).
        const where = (keys: string[]): string[] => keys.map((k) => k.replace(/^[^@]*@| .*$/g, ''))
        expect(where(fast)).toEqual(expect.arrayContaining(where(old)))
        if (parseAllDocuments(content).every((doc) => doc.errors.length === 0)) expect(fast).toEqual(old)
      }),
      fuzzParams(1500),
    )
    // 3 s idle; ten times that when the machine's two cores are shared (a clean-clone CI at load 28).
  }, 180_000)

  it('finds planted secrets in a non-secret document of a file whose other document is parsed', () => {
    const content = `kind: Secret\nstringData:\n  password: "Xk9#mP2vQ7wR"\n---\nkind: ConfigMap\ndata:\n  url: postgres://app:Zq8Wv3Lp6Rt2Yn5K@db:5432/x\n`
    const fast = detector.scanFile('a.yaml', content).findings.map(key)
    expect(fast.length).toBeGreaterThanOrEqual(2)
    expect(fast).toEqual(referenceScan('a.yaml', content).map(key))
  })
})

describe('regex anchors', () => {
  it('takes the literal every match starts with, and none where a match may start elsewhere', () => {
    expect(
      anchorOf(/(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]|\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}))(ghp_[A-Za-z0-9]{36})/dg)
        ?.literal,
    ).toBe('ghp_')
    expect(anchorOf(/(?<secret>xoxb-\d+)/g)?.literal).toBe('xoxb-')
    // Past lookbehinds: they are zero-width.
    expect(anchorOf(/(?<![^{;\s])secret[ \t]+(\w+);/dg)?.literal).toBe('secret')
    expect(anchorOf(/(?<=(?:a|b))(?<!c)key=/g)?.literal).toBe('key=')
    expect(anchorOf(/"private_key"\s*:/g)?.literal).toBe('"private_key"')
    expect(anchorOf(/abcd?e/g)?.literal).toBe('abc')
    expect(anchorOf(/(ab|c)x/g)).toBeUndefined()
    expect(anchorOf(/(?:ab|cd)?x/g)).toBeUndefined()
    expect(anchorOf(/abc|de/g)).toBeUndefined()
    expect(anchorOf(/abc/gi)).toBeUndefined()
    expect(anchorOf(/(?:abc)d/g)?.literal).toBe('abc')
    expect(anchorOf(/(?:abc)?d/g)).toBeUndefined()
    expect(anchorOf(/a\.b/g)).toBeUndefined()
  })

  it('takes one literal per alternative when matches start with a group of them', () => {
    expect(anchorOf(/(ab|cd)x/g)?.literals).toEqual(['ab', 'cd'])
    expect(anchorOf(/(abc(?:x|y)|de)/g)?.literals).toEqual(['abc', 'de'])
    expect(
      anchorOf(
        /(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]|\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}))((?:AKIA|A3T[A-Z0-9])[A-Z2-7]{4})/dg,
      )?.literals,
    ).toEqual(['AKIA', 'A3T'])
    // An alternative opening with a group: that group's literals (azure-storage-account-key's shape).
    expect(anchorOf(/(?:account[_-]?key|(?:dest|source)key)=/g)?.literals).toEqual([
      'account',
      'dest',
      'source',
    ])
    // Alternatives sharing their literal (gitlab-pat's two shapes): one literal, each hit tried once.
    expect(anchorOf(/(glpat-[a-z]{20}|glpat-[a-z]{27,300}\.[0-9]{2})/g)).toMatchObject({ literal: 'glpat-' })
    expect(anchorOf(/(glpat-[a-z]{20}|glpat-[a-z]{27,300}\.[0-9]{2})/g)?.literals).toBeUndefined()
    expect(anchorOf(/(?:(?:ab|cd)?x|ef)/g)).toBeUndefined()
    expect(anchorOf(/(?:(?:ab|c)x|ef)/g)).toBeUndefined()
    expect(anchorOf(/(?:(?:ab|cd)*x|ef)/g)).toBeUndefined()
  })

  it('finds exactly the global matches of every rule anchored at several literals', () => {
    const rules = PROVIDER_RULES.filter((rule) => rule.regex !== undefined && anchorOf(rule.regex)?.literals)
    expect(rules.map((rule) => rule.id)).toContain('aws-access-key-id')
    let matched = 0
    for (const rule of rules) {
      const regex = rule.regex as RegExp
      const anchored = anchorOf(regex) as NonNullable<ReturnType<typeof anchorOf>>
      const body = [
        'ABCDEFGHIJKLMNOP',
        'Q2R3S4T5U6V7W2X3',
        'abcdef0123456789',
        'eyJhbGciOiJIUzI1',
        '_-.+/=',
        '~Q~',
      ]
      matched += sameMatchesOnJoinedParts(anchored, regex, [
        ...(anchored.literals ?? []),
        ...body,
        ...body.map((part) => part.repeat(4)),
        ' ',
        '\n',
        '\\n',
        'x',
        '-',
      ])
    }
    expect(matched).toBeGreaterThan(50)
  })

  it('anchors past a group of lookbehinds other than START, with the global matches', () => {
    const boundary = '(?:(?<![A-Za-z0-9_+/-])|(?<=\\\\[nrt]))'
    expect(anchorOf(new RegExp(`${boundary}(YC[A-Za-z0-9_-]{38})`, 'dg'))?.literal).toBe('YC')
    expect(anchorOf(new RegExp(`${boundary}(?<!x)(EAA[MC]\\w)`, 'dg'))?.literal).toBe('EAA')
    // A group with an alternative that is not only lookbehinds may consume: no anchor past it.
    expect(anchorOf(/(?:(?<!a)|b)(YC\w)/g)).toBeUndefined()
    expect(anchorOf(/(?:(?<!a)|)(YC\w)/g)).toBeUndefined()
    expect(anchorOf(/(?:(?<!a)|(?<name>b))(YC\w)/g)).toBeUndefined()
    expect(anchorOf(/(?:(?<!a)(?<=b)|(?<=c)x)(YC\w)/g)).toBeUndefined()
    const rules = PROVIDER_RULES.filter(
      (rule) => rule.regex !== undefined && rule.regex.source.startsWith(boundary),
    )
    expect(rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['yandex-static-key-secret', 'facebook-page-access-token']),
    )
    let matched = 0
    for (const rule of rules) {
      const regex = rule.regex as RegExp
      const anchored = anchorOf(regex)
      if (anchored === undefined) continue
      const secret = fc.sample(
        fc.stringMatching(
          new RegExp(`^${regex.source.slice(boundary.length).replace(/\(\?!\[[^\]]*\]\)$/, '')}$`),
        ),
        {
          numRuns: 4,
          seed: 5,
        },
      )
      matched += sameMatchesOnJoinedParts(anchored, regex, [
        ...secret,
        anchored.literal,
        'lifecycle',
        'aB3',
        '+',
        '/',
        '=',
        '_',
        ' ',
        '\\n',
        '\\x',
        'n',
      ])
    }
    expect(matched).toBeGreaterThan(100)
  })

  it('anchors a fixed-width run of classes before a literal at that literal, offset by the width', () => {
    expect(
      anchorOf(
        /(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]|\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}))([0-9a-f]{32}-us\d{1,2})/dg,
      ),
    ).toMatchObject({
      literal: '-us',
      offset: 32,
    })
    expect(anchorOf(/([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)/g)).toMatchObject({ literal: '_mmk', offset: 36 })
    expect(anchorOf(/[a-z]{14}\.atlasv1\./g)).toMatchObject({ literal: 'atlasv1', offset: 15 })
    expect(anchorOf(/[a-z]{2,3}xy/g)).toBeUndefined()
    expect(anchorOf(/[a-z]?xy/g)).toBeUndefined()
    expect(anchorOf(/(?:[a-z]{2}|b)xy/g)).toBeUndefined()
    expect(anchorOf(/[a-z]{2}xy/gu)).toBeUndefined()
    expect(anchorOf(/(?<![a-z])[a-z]{2}xy/g)).toBeUndefined()
  })

  it('finds exactly the global matches of every rule anchored at an offset literal', () => {
    const rules = PROVIDER_RULES.filter(
      (rule) => rule.regex !== undefined && rule.search === undefined && anchorOf(rule.regex)?.offset,
    )
    expect(rules.map((rule) => rule.id)).toContain('mailchimp-api-key')
    let matched = 0
    for (const rule of rules) {
      const regex = rule.regex as RegExp
      const anchored = anchorOf(regex) as NonNullable<ReturnType<typeof anchorOf>>
      const offset = anchored.offset ?? 0
      // Real matches of the rule's secret group (its regex without the boundary look-arounds).
      const group = regex.source.replace(START, '').replace(/\(\?!\[[^\]]*\]\)$/, '')
      const secrets = fc.sample(fc.stringMatching(new RegExp(`^${group}$`)), { numRuns: 6, seed: 1 })
      const runs = ['a1b2c3d4e5f6a7b8c9d0', 'ABCDEFGHIJKLMNOP', 'x_y', '+/', '.', '~', '7']
      matched += sameMatchesOnJoinedParts(anchored, regex, [
        anchored.literal,
        ...secrets,
        ...runs,
        'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4'.slice(0, offset),
        'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3'.slice(0, offset - 1),
        '4',
        '12',
        'aBcDeF',
        'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba0123456789'.slice(0, 64),
        ' ',
        '\n',
        '\\n',
        '-',
      ])
    }
    expect(matched).toBeGreaterThan(50)
  })

  it('runs rules without an anchor where their body past the leading lookbehinds matches, with the global matches', () => {
    const rules = PROVIDER_RULES.filter(
      (rule) =>
        rule.regex !== undefined &&
        rule.search === undefined &&
        anchorOf(rule.regex) === undefined &&
        foldedAnchorOf(rule.regex) === undefined &&
        leadOf(rule.regex) !== undefined,
    )
    expect(rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['password-hash', 'named-secret-key']),
    )
    let matched = 0
    for (const rule of rules) {
      const regex = rule.regex as RegExp
      const lead = leadOf(regex) as NonNullable<ReturnType<typeof leadOf>>
      // Real matches of the body (without its closing negative lookahead), where fast-check can draw them.
      const body = lead.body.source.replace(/\(\?[!=]\[[^\]]*\]\)$/, '')
      let secrets: string[]
      try {
        secrets = fc.sample(fc.stringMatching(new RegExp(`^(?:${body})$`)), { numRuns: 6, seed: 1 })
      } catch {
        secrets = rule.keywords.map((word) => `${word.toUpperCase()}=Zq8Wv3Lp6Rt2Yn5KxB7m`)
      }
      const parts = [...secrets, ...rule.keywords, '$', '{', '*', 'a', 'A', '_', '-', '\\n', ' ', '\n', '"']
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 12 }), (pieces) => {
          const input = pieces.join('')
          const fast = [...leadMatches(lead, input)].map((m) => [m.index, m[0], m.indices?.[1]])
          const old = [...input.matchAll(regex)].map((m) => [m.index, m[0], m.indices?.[1]])
          matched += old.length
          expect(fast).toEqual(old)
        }),
        fuzzParams(600),
      )
    }
    expect(matched).toBeGreaterThan(500)
    expect(leadOf(/(?<=(a))b\1/g)).toBeUndefined()
    expect(leadOf(/ab/g)).toBeUndefined()
  })

  it('finds Synapse key lines at `ed25519 ` as a multiline regex with a look-behind would at every position', () => {
    const rule = PROVIDER_RULES.find((each) => each.id === 'private-key-matrix-synapse')
    const find = rule?.find as NonNullable<NonNullable<typeof rule>['find']>
    const old =
      /(?<=(?:^|[:=])[ \t]{0,16}["']?)ed25519 [A-Za-z0-9_]{1,64} ([A-Za-z0-9+/]{43})=?(?=["']?,?[ \t]*$)/gm
    const seeds = fc.sample(fc.uint8Array({ minLength: 32, maxLength: 32 }), { numRuns: 4, seed: 3 })
    const parts = [
      ...seeds.map((seed) => Buffer.from(seed).toString('base64').slice(0, 43)),
      ...seeds.map((seed) => `ed25519 a_1 ${Buffer.from(seed).toString('base64')}`),
      ...[15, 16, 17].map(
        (blanks) => `\n${' '.repeat(blanks)}ed25519 a_1 ${Buffer.from(seeds[0] ?? []).toString('base64')}`,
      ),
      ...['ed25519 ', 'ed25519 a_1 ', 'ssh-ed25519 ', ' ', '\t', ' '.repeat(9), '\n', '\r', '\r\n', '\u2028'],
      ...['=', 'x', 'a_1 ', ':', 'key: ', '"', "'", ','],
    ]
    let matched = 0
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 16 }), (pieces) => {
        const input = pieces.join('')
        const fast = [...find(input)].map((m) => [m.start, m.end, m.secret])
        const expected = [...input.matchAll(old)]
          .filter((m) => [...find(m[0])].length === 1)
          .map((m) => [m.index, m.index + m[0].length, m[1]])
        matched += expected.length
        expect(fast).toEqual(expected)
      }),
      fuzzParams(3000),
    )
    expect(matched).toBeGreaterThan(100)
  })

  it('anchors URL rules at the scheme run in front of `://`, with the same matches as the global regex', () => {
    const regex =
      /(?<![A-Za-z0-9+.-])(?:redis|mongodb\+srv):\/\/(?=([^\s:@/"'<>`]{0,256}))\1:(?=(?<secret>[^\s@/"'<>`]{1,256}))\k<secret>@[^\s/"'<>`@]{1,256}/dgi
    const anchored = anchorOf(regex)
    expect(anchored?.literal).toBe('://')
    const parts = [
      'redis://',
      'REDIS://',
      'mongodb+srv://',
      'xredis://',
      '.redis://',
      'u:pw@h',
      'a:',
      'b@',
      '@',
      ':',
      '://',
      ' ',
      '+',
      'a',
    ]
    expect(sameMatchesOnJoinedParts(anchored!, regex, parts)).toBeGreaterThan(100)
  })

  it('runs each URL rule only at its own schemes and, for password rules, where a user name and `:` follow', () => {
    const rules = PROVIDER_RULES.filter(
      (rule) => rule.regex !== undefined && rule.search === undefined && anchorOf(rule.regex)?.schemes,
    )
    expect(rules.length).toBeGreaterThanOrEqual(11)
    const basic = anchorOf(PROVIDER_RULES.find((rule) => rule.id === 'basic-auth-url')?.regex as RegExp)
    expect([...(basic?.schemes ?? [])]).toEqual(
      expect.arrayContaining(['http', 'https', 'git+https', 'svn+ssh']),
    )
    expect(basic?.userinfo).toBe(true)
    const common = [
      'xhttp://',
      'ftp://',
      'REDIS://',
      'http:/',
      '://',
      'user:pa55w0rd@db.example.com',
      'u:p@h',
      'user@host',
      'a:',
      '@',
      ':',
      '/',
      ' ',
      '\n',
      '+',
      '.',
      'a',
    ]
    for (const rule of rules) {
      const regex = rule.regex as RegExp
      const own = [...(anchorOf(regex)?.schemes ?? [])].flatMap((scheme) => [
        `${scheme}://`,
        `${scheme.toUpperCase()}://`,
      ])
      // Every rule matches on these parts, and only where its global regex does.
      expect(sameMatchesOnJoinedParts(anchorOf(regex)!, regex, [...own, ...common])).toBeGreaterThan(50)
    }
    // Without the user name part, every `://` of a scheme is tried.
    const plain = /(?<![A-Za-z0-9+.-])(?:rediss?):\/\/([a-z]{1,8})/dgi
    expect(anchorOf(plain)?.userinfo).toBe(false)
    expect(
      sameMatchesOnJoinedParts(anchorOf(plain)!, plain, ['redis://', 'REDISS://', 'ab', ':', ' ', 'x']),
    ).toBeGreaterThan(100)
  })

  it('skips a `://` after a run longer than any scheme, whatever its length', () => {
    const regex =
      /(?<![A-Za-z0-9+.-])(?:redis|mongodb\+srv):\/\/(?=([^\s:@/"'<>`]{0,256}))\1:(?=(?<secret>[^\s@/"'<>`]{1,256}))\k<secret>@[^\s/"'<>`@]{1,256}/dgi
    const anchored = anchorOf(regex)
    expect(anchored?.longestRun).toBe('mongodb\\+srv'.length)
    const parts = ['redis://', 'mongodb+srv://', 'u:pw@h', ' ', 'abcdefghijkl', 'postgresredis', '+', 'a']
    expect(sameMatchesOnJoinedParts(anchored!, regex, parts)).toBeGreaterThan(100)
  })

  it('finds exactly the matches of the global regex, overlapping anchors included', () => {
    const regex = /(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]|\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}))(abab[0-9]{2})/dg
    const anchored = anchorOf(regex)
    expect(anchored?.literal).toBe('abab')
    fc.assert(
      fc.property(fc.stringMatching(/^[ab0-9 \\n-]{0,60}$/), (input) => {
        const fast = [...anchoredMatches(anchored!, input)].map((m) => [m.index, m[0]])
        const old = [...input.matchAll(regex)].map((m) => [m.index, m[0]])
        expect(fast).toEqual(old)
      }),
      fuzzParams(500),
    )
  })
})

/**
 * The generic rules given the keyword pass's starts find exactly what they find over the whole
 * text, on `lines` under each of `paths` (`runs` times); returns how many matches there were in all.
 */
function genericAgreesAtKeywordStarts(lines: fc.Arbitrary<string>, paths: string[], runs: number): number {
  const matcher = keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS)
  let matched = 0
  fc.assert(
    fc.property(lines, fc.constantFrom(...paths), (input, path) => {
      const starts = literalStarts(matcher.scan(input), ASSIGNMENT_WORDS)
      expect(starts).toBeDefined()
      const fast = findGeneric(input, path, [], 200, starts)
      const old = findGeneric(input, path, [], 200)
      matched += old.matches.length
      expect(fast).toEqual(old)
    }),
    fuzzParams(runs),
  )
  return matched
}

/**
 * A rule's own search finds exactly what its global regex finds on texts joined from `parts`
 * (up to `pieces` of them, `runs` times); returns how many matches there were in all.
 */
function searchAgreesWithRegex(
  rule: (typeof PROVIDER_RULES)[number],
  global: RegExp,
  parts: string[],
  pieces: number,
  runs: number,
): number {
  let matched = 0
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...parts), { maxLength: pieces }), (chosen) => {
      const input = chosen.join('')
      const fast = [...rule.search!(rule.regex!, input)].map((m) => [m.index, m[0], m[1]])
      const old = [...input.matchAll(global)].map((m) => [m.index, m[0], m[1]])
      matched += old.length
      expect(fast).toEqual(old)
    }),
    fuzzParams(runs),
  )
  return matched
}

describe('gapped regexes', () => {
  it('find the matches of the global regex: curl -u on generated lines', () => {
    const curl = PROVIDER_RULES.find((rule) => rule.id === 'curl-user-password')
    expect(curl?.search).toBeDefined()
    const regex = curl!.regex!
    const parts = [
      'curl',
      'curl ',
      'xcurl ',
      ' -u ab:pw1',
      ' --user=ab:pw1',
      '\t-u "ab:pw1" ',
      ' -u',
      ':pw',
      ' ',
      '\n',
      '$',
      'x'.repeat(120),
    ]
    expect(searchAgreesWithRegex(curl!, regex, parts, 30, 3000)).toBeGreaterThan(200)
  })

  it('a literal in reach: the Azure account key rule finds the matches of its global regex', () => {
    const azure = PROVIDER_RULES.find((rule) => rule.id === 'azure-storage-account-key')
    expect(azure?.search).toBeDefined()
    const regex = azure!.regex!
    const global = new RegExp(regex.source, `${regex.flags.replace('g', '')}g`)
    const key = 'Xk9qZr8vWm2nTb4c'.repeat(6).slice(0, 86)
    const parts = [
      'AccountKey',
      'storage_account_key',
      'destkey',
      'SourceKey',
      '=',
      '==',
      ' ',
      '"',
      ': ',
      '=>',
      'ab-',
      'Q'.repeat(24),
      '>    :=    "', // the longest separator: the key starts 36 characters after the name
      key,
      `${key}==`,
      key.slice(0, 40),
      '\n',
      // Farther than any key may stand from its name: the search for names skips ahead to the next `==`.
      '.'.repeat(150),
    ]
    expect(searchAgreesWithRegex(azure!, global, parts, 12, 4000)).toBeGreaterThan(100)
    // The farthest a key may stand from its name's start (19 + 36 characters): still found.
    const farthest = `storage_account_key${'Q'.repeat(24)}>    :=    "${key}==`
    expect([...azure!.search!(regex, farthest)].map((m) => [m.index, m[1]])).toEqual([[0, `${key}==`]])
    // A name with no `==` in reach, the next `==` far on: the search resumes at the farthest name
    // that reaches it, not past it.
    const skipped = `${'.'.repeat(93)}==destkey${'.'.repeat(200)}${farthest}`
    expect([...azure!.search!(regex, skipped)].map((m) => [m.index, m[1]])).toEqual([[302, `${key}==`]])
  })

  it('a literal at a bounded offset: the Facebook app token rule finds the matches of its global regex', () => {
    const rule = PROVIDER_RULES.find((each) => each.id === 'facebook-app-access-token')
    expect(rule?.search).toBeDefined()
    const global = new RegExp(rule!.regex!.source, rule!.regex!.flags)
    const digits = '123456789012345678'
    const parts = [
      ...[14, 15, 16, 17].map((n) => digits.slice(0, n)),
      ...['|', '%7C', '%7c', '%7', '%', '||'],
      'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      'a1b2c3d4e5f6',
      // Whole tokens (15 and 16 digits) and near misses, so that matches are frequent.
      ...['|', '%7C', '%7c'].flatMap((separator) =>
        [15, 16, 17].map((n) => `${digits.slice(0, n)}${separator}a1b2c3d4e5f60718293a4b5c6d7e8f90`),
      ),
      ...['7', 'a', '_', '-', ' ', ' ', '\n'],
    ]
    expect(searchAgreesWithRegex(rule!, global, parts, 10, 4000)).toBeGreaterThan(300)
    // Two tokens back to back with one separator between (`…|<32 hex>|…`), and one at the text's start.
    const token = `123456789012345|${'ab'.repeat(16)}`
    for (const input of [token, ` ${token} ${token}`, `${token}%7C${'cd'.repeat(16)}`]) {
      const fast = [...rule!.search!(rule!.regex!, input)].map((m) => [m.index, m[0]])
      expect(fast).toEqual([...input.matchAll(global)].map((m) => [m.index, m[0]]))
    }
  })

  it('with a literal every head starts with, find the heads at its occurrences only, with the same matches', () => {
    const { regex, search } = gapped('(?<=\\b(?:x|yy)[ \\t]{1,4})aa', 5, 'b(c?)', '', 'aa')
    const global = new RegExp(regex.source, 'dg')
    let matched = 0
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('x ', 'yy\t', 'x aa', 'x aa b', 'a', 'aaa', 'b', 'bc', '  ', '\n', 'zx '), {
          maxLength: 20,
        }),
        (pieces) => {
          const input = pieces.join('')
          const fast = [...search(global, input)].map((m) => [m.index, m[0], m.indices?.[1]])
          const old = [...input.matchAll(global)].map((m) => [m.index, m[0], m.indices?.[1]])
          matched += old.length
          expect(fast).toEqual(old)
        },
      ),
      fuzzParams(3000),
    )
    expect(matched).toBeGreaterThan(300)
    // The registry login rule is built so: its heads start with `login`.
    const login = PROVIDER_RULES.find((rule) => rule.id === 'registry-cli-password')
    const line = 'run: docker  login -u me --password hunter2-Xq9 registry.example.com\n'
    expect([...login!.search!(login!.regex!, line)].map((m) => m.index)).toEqual([line.indexOf('login')])
  })

  it('pair each head with the first tail in reach on its line, overlapping heads included', () => {
    const { regex, search } = gapped('aa', 5, 'b(c?)')
    const global = new RegExp(regex.source, 'dg')
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'aaa', 'b', 'bc', '  ', '\n', 'c'), { maxLength: 20 }),
        (pieces) => {
          const input = pieces.join('')
          const fast = [...search(global, input)].map((m) => [m.index, m[0], m.indices?.[1]])
          const old = [...input.matchAll(global)].map((m) => [m.index, m[0], m.indices?.[1]])
          expect(fast).toEqual(old)
        },
      ),
      fuzzParams(2000),
    )
  })
})
