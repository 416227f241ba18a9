/**
 * The analysers' trigger found by `indexOf` (holdsAnalyserTrigger) against the reference regex
 * (ANALYSER_TRIGGER) on texts assembled from the fragments either could react to: whenever the
 * regex matches, so does the fast search, or the analysers find nothing in the parsed text (a
 * `kind` nested under the root mapping is not one they judge) — a file it misses goes unparsed.
 */
import { describe, expect, it } from 'vitest'
import { compileAllowlist } from '../../src/scan/allowlist.js'
import { analyse, parseYamlDocuments } from '../../src/scan/analysers/index.js'
import { keywordAutomatonFor } from '../../src/scan/matcher.js'
import { PROVIDER_RULES } from '../../src/scan/rules/index.js'
import {
  ANALYSER_TRIGGER,
  TRIGGER_KEYWORDS,
  analysersMayFind,
  holdsAnalyserTrigger,
} from '../../src/scan/structured.js'
import { CS, rnd } from './rules/tokens.js'
import { cpuMs } from '../support/cpu-time.js'

const FRAGMENTS = [
  'kind',
  'Kind',
  'kind:',
  '"kind"',
  "'kind'",
  ': ',
  ':',
  ' ',
  '\t',
  '-',
  '- ',
  '{',
  ',',
  '\n',
  '\r\n',
  '"',
  "'",
  'Secret',
  'SecretList',
  'List',
  'Config',
  'ConfigMap',
  'Secrets',
  'users',
  'users:',
  'sops',
  'sops:',
  '"auths"',
  'auths',
  'secretGenerator',
  'apiVersion: v1',
  'x',
  '#',
  '\u2028',
  '  ',
  '\n  - ',
]

const { stopwords } = compileAllowlist(undefined)

/**
 * How many findings the analysers make of the parsed text (none: no parse was needed; the quiet
 * ranges of SealedSecrets only ever keep text-rule findings out).
 */
function analysed(text: string): number {
  return analyse({ path: 'x.yaml', text, docs: parseYamlDocuments(text), stopwords }, undefined).findings
    .length
}

function assemble(seed: number): string {
  let text = ''
  const picks = rnd('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH', 12, seed)
  for (const pick of picks) text += FRAGMENTS[pick.charCodeAt(0) % FRAGMENTS.length] ?? ''
  return text
}

// Manifests: a root mapping at indent 0 or 2 whose kind may be judged, or not, and blocks under
// its keys (a Secret's values, a List's items, kubeconfig users, generators, an operator's `owned:`
// list naming a Secret kind), some lines at a wrong indent or a list item, so some do not parse.
const KINDS = [
  'Secret',
  'List',
  'SecretList',
  'Config',
  'SealedSecret',
  'Deployment',
  'ClusterServiceVersion',
]
const BLOCKS = [
  ['stringData:', '  password: s3cr3t-Value-9'],
  ['data:', '  token: c2VjcmV0LXZhbHVlLTEyMzQ='],
  ['metadata:', '  name: app'],
  ['items:', '- apiVersion: v1', '  kind: Secret', '  stringData:', '    password: s3cr3t-Value-9'],
  ['users:', '- name: u', '  user:', '    password: s3cr3t-Value-9'],
  ['secretGenerator:', '- name: g', '  literals:', '  - db-password=s3cr3t-Value-9'],
  ['spec:', '  owned:', '  - kind: Secret', '    name: x'],
  ['encryptedData:', '  password: AgBy3i4OJSWK+PiTySYZZA=='],
  ['# comment'],
  ['---'],
]

function assembleLines(seed: number): string {
  const picks = rnd('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 16, seed)
  const at = (i: number): number => picks.charCodeAt(i)
  const root = ' '.repeat(at(0) % 3 === 0 ? 2 : 0)
  const lines = [`${root}apiVersion: ${at(1) % 4 === 0 ? 'bitnami.com/v1alpha1' : 'v1'}`]
  lines.splice(at(2) % 2, 0, `${root}kind: ${KINDS[at(3) % KINDS.length] ?? ''}`)
  for (let i = 4; i + 1 < picks.length; i += 2) {
    const block = BLOCKS[at(i) % BLOCKS.length] ?? []
    const shift = at(i + 1) % 5 === 0 ? '  ' : '' // now and then a block at the wrong indent
    for (const line of block) lines.push(line.startsWith('#') || line === '---' ? line : root + shift + line)
  }
  return `${lines.join('\n')}\n`
}

describe('holdsAnalyserTrigger', () => {
  it('matches wherever the reference regex does, unless the analysers find nothing, on 20,000 assembled texts', () => {
    const missed: string[] = []
    let matched = 0
    for (let seed = 1; seed <= 20_000; seed++) {
      const text = assemble(seed)
      if (!ANALYSER_TRIGGER.test(text)) continue
      matched++
      if (!holdsAnalyserTrigger(text) && analysed(text) > 0) missed.push(text)
    }
    expect(matched).toBeGreaterThan(500)
    expect(missed).toEqual([])
  })

  it('misses only documents the analysers find nothing in, on 4,000 manifests of assembled lines', () => {
    const missed: string[] = []
    let found = 0
    for (let seed = 1; seed <= 4_000; seed++) {
      const text = assembleLines(seed)
      const analyses = analysed(text)
      if (analyses > 0) found++
      if (analyses > 0 && !holdsAnalyserTrigger(text)) missed.push(text)
    }
    expect(found).toBeGreaterThan(100)
    expect(missed).toEqual([])
  })

  it("decides the same given the keyword pass's words of the file, on the file and on each of its parts", () => {
    const keywords = keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS)
    let triggered = 0
    for (let seed = 1; seed <= 4_000; seed++) {
      const text = seed % 2 === 0 ? assemble(seed) : assembleLines(seed)
      const { found } = keywords.scan(text)
      for (const part of [text, text.slice(0, text.length >> 1), text.slice(text.length >> 2)]) {
        const expected = holdsAnalyserTrigger(part)
        if (expected) triggered++
        expect(holdsAnalyserTrigger(part, found)).toBe(expected)
      }
    }
    expect(triggered).toBeGreaterThan(1000)
  })

  it('takes only a kind of the root mapping: not one nested in it', () => {
    const owned = 'spec:\n  owned:\n  - kind: Secret\n    name: x\n  resources:\n    - kind: SecretList\n'
    expect(
      holdsAnalyserTrigger(
        `apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\n${owned}`,
      ),
    ).toBe(false)
    // At the root, whatever its indent, after comments and a `---`; in flow style anywhere.
    expect(holdsAnalyserTrigger('# c\n---\napiVersion: v1\nkind: Secret\n')).toBe(true)
    expect(holdsAnalyserTrigger('  apiVersion: v1\n  kind: Secret\n')).toBe(true)
    expect(holdsAnalyserTrigger('{\n  "apiVersion": "v1",\n  "kind": "Secret"\n}\n')).toBe(true)
    expect(holdsAnalyserTrigger('x: {a: 1, kind: Secret}\n')).toBe(true)
    // When the root cannot be told without a parse, any `kind` opening a line counts.
    expect(holdsAnalyserTrigger(`kind: Deployment\n${owned}---\nkind: ConfigMap\n`)).toBe(true)
    expect(holdsAnalyserTrigger(`- kind: Deployment\n${owned}`)).toBe(true)
    expect(holdsAnalyserTrigger(`!!map\nkind: Deployment\n${owned}`)).toBe(true)
  })

  it('stays quiet on manifests that hold nothing to analyse', () => {
    expect(
      holdsAnalyserTrigger('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: secret-list\n'),
    ).toBe(false)
    expect(holdsAnalyserTrigger('kind: ConfigMap\ndata:\n  users: 3\n')).toBe(false)
    expect(holdsAnalyserTrigger('apiVersion: v1\nkind: Secret\n')).toBe(true)
    expect(holdsAnalyserTrigger('{"apiVersion":"v1","kind":"Secret"}')).toBe(true)
  })

  it('is linear on lines full of near-misses', () => {
    const time = (n: number): number => {
      const text = `${' '.repeat(n)}${'kind kind: '.repeat(n)}${'users '.repeat(n)}`
      return cpuMs(() => holdsAnalyserTrigger(text))
    }
    time(1000)
    expect(time(400_000)).toBeLessThan(Math.max(50, time(100_000) * 12))
  })
})

describe('analysersMayFind', () => {
  /** Findings and quiet ranges the analysers make of the parsed text. */
  const read = (text: string): number => {
    const analysis = analyse({ path: 'x.yaml', text, docs: parseYamlDocuments(text), stopwords }, undefined)
    return analysis.findings.length + analysis.quiet.length
  }

  it('is false only for texts the analysers find nothing in, on 12,000 assembled texts and manifests', () => {
    const missed: string[] = []
    let found = 0
    let skipped = 0
    for (let seed = 1; seed <= 12_000; seed++) {
      const text = seed <= 10_000 ? assemble(seed) : assembleLines(seed)
      const may = analysersMayFind(text)
      if (!may) skipped++
      if (read(text) === 0) continue
      found++
      if (!may) missed.push(text)
    }
    expect(found).toBeGreaterThan(50)
    expect(skipped).toBeGreaterThan(1000)
    expect(missed).toEqual([])
  })

  it('is true for a stringData key spelt with an escape or a tag, which the analysers read', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n'
    const value = `{password: ${rnd(CS.alnum, 24)}}`
    for (const key of ['"\\x73tring\\x44ata"', '"string\\u0044ata"', '!!binary c3RyaW5nRGF0YQ==']) {
      const text = `${secret}${key}: ${value}\n`
      expect(read(text), key).toBe(1)
      expect(analysersMayFind(text), key).toBe(true)
    }
    // The control: no data key, nothing to find; with one, something.
    expect(analysersMayFind(`${secret}type: Opaque\n`)).toBe(false)
    expect(read(`${secret}stringData: ${value}\n`)).toBe(1)
    expect(analysersMayFind(`${secret}stringData: ${value}\n`)).toBe(true)
  })
})
