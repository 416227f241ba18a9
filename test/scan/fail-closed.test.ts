/**
 * Fail closed: a file the gate could not check in full is a `scan-incomplete` finding (exit 1),
 * never a silent pass or only a note — unless gitseal.yaml disables the rule, which turns it into
 * a note. And hostile spellings that used to pass silently are found.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { MAX_CHECKED_GENERIC, MAX_CHECKED_PER_RULE, MAX_MATCHES_PER_RULE } from '../../src/scan/matcher.js'
import { scanAll } from '../../src/scan/index.js'
import { MAX_JUDGED_PER_FILE } from '../../src/scan/analysers/values.js'
import { MAX_FINDINGS_PER_FILE } from '../../src/scan/findings.js'
import type { Detector } from '../../src/scan/types.js'
import { runCli } from '../support/cli.js'
import { git, initRepo, tempDir, writeFiles } from './support/git-repo.js'
import { CS, githubToken, j, rnd } from './rules/tokens.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})
function tree(files: Record<string, string | Uint8Array>): string {
  const temp = tempDir()
  cleanups.push(temp.cleanup)
  writeFiles(temp.dir, files)
  return temp.dir
}

const awsKey = j('AK', 'IA') + rnd(CS.b32, 16)
const password = rnd(CS.alnum, 24)
const detector = createDetector()
const ids = (text: string | Uint8Array, path = 'secret.yaml', d: Detector = detector): string[] =>
  d.scanFile(path, text).findings.map((finding) => finding.ruleId)

const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${password}\n`

describe('scan-incomplete findings', () => {
  it('a .env with a real key and 130,000 candidate matches: no RangeError, the key is found', () => {
    const text = `AWS_ACCESS_KEY_ID=${awsKey}\n${'password=Zx9kLm2qP7\n'.repeat(130_000)}`
    const result = detector.scanFile('.env', text)
    expect(result.findings.map((finding) => finding.ruleId)).toContain('aws-access-key-id')
    // Failed closed by the per-rule match limit (the rest was not checked), not by a crash.
    const incomplete = result.findings.filter((finding) => finding.ruleId === 'scan-incomplete')
    expect(incomplete.map((finding) => finding.redactedLine)).toEqual([
      `not fully scanned: more than ${MAX_MATCHES_PER_RULE} matches of generic rules, or too many candidates to check: the rest of the file was not checked for it`,
    ])
  })

  it('a rule matching more than its limit in one file: the first matches are reported and the file fails closed', () => {
    const tokens = (n: number): string =>
      Array.from({ length: n }, (_, i) => `t${i}: ${githubToken('ghp')}\n`).join('')
    const over = detector.scanFile('tokens.txt', tokens(MAX_MATCHES_PER_RULE + 1)).findings
    expect(over.filter((finding) => finding.ruleId === 'github-pat')).toHaveLength(MAX_MATCHES_PER_RULE)
    expect(over.filter((finding) => finding.ruleId === 'scan-incomplete').map((f) => f.redactedLine)).toEqual(
      [
        `not fully scanned: more than ${MAX_MATCHES_PER_RULE} matches of github-pat, or too many candidates to check: the rest of the file was not checked for it`,
      ],
    )
    const at = detector.scanFile('tokens.txt', tokens(MAX_MATCHES_PER_RULE)).findings
    expect(at.filter((finding) => finding.ruleId === 'github-pat')).toHaveLength(MAX_MATCHES_PER_RULE)
    expect(at.some((finding) => finding.ruleId === 'scan-incomplete')).toBe(false)
  })

  it('a Secret with more plaintext values than the match limit: the first are reported and the file fails closed', () => {
    const secret = (n: number): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n${Array.from({ length: n }, (_, i) => `  k${i}: ${rnd(CS.alnum, 20)}\n`).join('')}`
    const count = (findings: { ruleId: string }[], id: string): number =>
      findings.filter((finding) => finding.ruleId === id).length
    const over = detector.scanFile('secret.yaml', secret(10_000)).findings
    expect(count(over, 'k8s-secret-plaintext')).toBe(MAX_MATCHES_PER_RULE)
    expect(over.filter((f) => f.ruleId === 'scan-incomplete').map((f) => f.redactedLine)).toEqual([
      `not fully scanned: more than ${MAX_MATCHES_PER_RULE} matches of k8s-secret-plaintext, or too many candidates to check: the rest of the file was not checked for it`,
    ])
    const at = detector.scanFile('secret.yaml', secret(MAX_MATCHES_PER_RULE)).findings
    expect(count(at, 'k8s-secret-plaintext')).toBe(MAX_MATCHES_PER_RULE)
    expect(count(at, 'scan-incomplete')).toBe(0)
    // Values that are not reported do not use up the match limit, but judging them uses the file's
    // judging budget: a secret after MAX_JUDGED_PER_FILE - 1 placeholders is found, one later the
    // file fails closed.
    const placeholders = (n: number): string =>
      Array.from({ length: n }, (_, i) => `  p${i}: changeme\n`).join('')
    const late = (n: number): string[] => ids(`${secret(0)}${placeholders(n)}  real: ${password}\n`).sort()
    expect(late(MAX_JUDGED_PER_FILE - 1)).toEqual(['k8s-secret-plaintext'])
    expect(late(MAX_JUDGED_PER_FILE)).toEqual(['scan-incomplete'])
  })

  it('config texts and documents in a Secret too big or deep to judge one by one are reported, never passed', () => {
    const demo = ['changeme', 'password1', 'secret123', 'letmein']
    const real = `db_password = ${password}`
    const base64Value = (text: string): string =>
      `apiVersion: v1\nkind: Secret\ndata:\n  app.conf: ${Buffer.from(text).toString('base64')}\n`
    // Over 1,000 lines (more than the lines judged one by one), or more words than judged in full:
    // a real password among demo ones used to pass with the whole text taken for a placeholder.
    const lines = (n: number, line: (i: number) => string): string =>
      Array.from({ length: n }, (_, i) => (i === n >> 1 ? real : line(i))).join('\n')
    expect(ids(base64Value(lines(1001, (i) => `password${i} = ${demo[i % 4]}`)))).toEqual([
      'k8s-secret-plaintext',
    ])
    expect(
      ids(base64Value(`[client]\n${lines(999, (i) => `password${i} ${demo[i % 4]} ${demo[(i + 1) % 4]}`)}`)),
    ).toEqual(['k8s-secret-plaintext'])
    // A JSON document: a password nested past the levels judged, and one after 300 demo ones.
    let nested: unknown = { password }
    for (let level = 0; level < 12; level++) nested = { a: nested }
    expect(ids(base64Value(JSON.stringify(nested)))).toEqual(['k8s-secret-plaintext'])
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`password${i}`, demo[i % 4]]))
    expect(ids(base64Value(JSON.stringify({ ...many, zpassword: password })))).toEqual([
      'k8s-secret-plaintext',
    ])
    // Deep documents without secret-named leaves stay quiet.
    let deep: unknown = { name: 'web' }
    for (let level = 0; level < 12; level++) deep = { spec: deep }
    expect(ids(base64Value(JSON.stringify(deep)))).toEqual([])
  })

  it('a JSON value nested deeper than any config is reported whole without being parsed, in linear time', () => {
    const value = (n: number): string => `${'['.repeat(n)}1${']'.repeat(n)}`
    const secret = (n: number): string =>
      `apiVersion: v1\nkind: Secret\nstringData:\n  a.json: '${value(n)}'\n`
    expect(ids(secret(60))).toEqual([]) // read: no secret-named leaf
    const started = cpuMark()
    expect(ids(secret(100_000))).toEqual(['k8s-secret-plaintext'])
    expect(cpuMsSince(started)).toBeLessThan(2000)
  })

  it('YAML documents in a Secret past what a file may read of them are reported as a whole, not read', () => {
    // The YAML library reads about 1 MB/s: a file's values may hold 8 KiB of YAML documents.
    const config = (keys: number): string =>
      `password: changeme\n${Array.from({ length: keys }, (_, i) => `key${i}: value${i}\n`).join('')}`
    const secret = (...values: string[]): string =>
      `apiVersion: v1\nkind: Secret\ndata:\n${values.map((value, i) => `  app${i}.yaml: ${Buffer.from(value).toString('base64')}\n`).join('')}`
    expect(ids(secret(config(100)))).toEqual([]) // 1.4 KB, judged by its leaves: a demo password
    expect(ids(secret(config(200), config(200)))).toEqual([]) // 2 × 3.3 KB: both read…
    expect(ids(secret(config(200), config(200), config(200)))).toEqual(['k8s-secret-plaintext']) // …not a third
  })

  it('past the judging budget the file is incomplete for that reason, not for a match limit', () => {
    const placeholders = Array.from({ length: MAX_JUDGED_PER_FILE + 1 }, (_, i) => `  p${i}: changeme\n`)
    const text = `apiVersion: v1\nkind: Secret\nstringData:\n${placeholders.join('')}`
    expect(detector.scanFile('secret.yaml', text).findings.map((f) => f.redactedLine)).toEqual([
      `not fully scanned: more than ${MAX_JUDGED_PER_FILE} values to judge in one file (Secret values and the documents in them): the rest was not judged for k8s-secret-plaintext`,
    ])
  })

  it('a file with more findings than a report lists fails closed, counting what it left out', () => {
    // Five rules at their match limit each, then more: no rule is capped, the file's findings are.
    const tokens = (extra: number): string =>
      `${['ghp', 'gho', 'ghu', 'ghs', 'ghr'].flatMap((prefix) => Array.from({ length: MAX_MATCHES_PER_RULE }, (_, i) => `${prefix}${i}: ${githubToken(prefix)}\n`)).join('')}${Array.from({ length: extra }, (_, i) => `aws${i}: ${j('AK', 'IA')}${rnd(CS.b32, 16)}\n`).join('')}`
    const over = detector.scanFile('tokens.txt', tokens(3)).findings
    expect(over.filter((f) => f.ruleId !== 'scan-incomplete')).toHaveLength(MAX_FINDINGS_PER_FILE)
    expect(over.filter((f) => f.ruleId === 'scan-incomplete').map((f) => f.redactedLine)).toEqual([
      `not fully scanned: more than ${MAX_FINDINGS_PER_FILE} findings in one file: 3 more were not reported`,
    ])
    // One more left out is another finding: a baseline that accepted the file does not hide it.
    const more = detector
      .scanFile('tokens.txt', tokens(4))
      .findings.find((f) => f.ruleId === 'scan-incomplete')
    expect(more?.fingerprint).not.toBe(over.find((f) => f.ruleId === 'scan-incomplete')?.fingerprint)
    const at = detector.scanFile('tokens.txt', tokens(0)).findings
    expect(at).toHaveLength(MAX_FINDINGS_PER_FILE)
    expect(at.some((f) => f.ruleId === 'scan-incomplete')).toBe(false)
    // A disabled rule's matches take no place in the report.
    const lenient = createDetector({ disabledRules: ['github-pat'] }).scanFile(
      'tokens.txt',
      tokens(3),
    ).findings
    expect(lenient.map((f) => f.ruleId)).not.toContain('scan-incomplete')
    expect(lenient).toHaveLength(MAX_FINDINGS_PER_FILE - MAX_MATCHES_PER_RULE + 3)
  })

  it('a CUE file with one very long line is read in linear time, without a stack overflow', () => {
    const long = 'x'.repeat(12_000_000)
    const text = `secret: {\n\tkind: "Secret"\n\tstringData: {\n\t\tnote: "${long}" + "{"\n\t\t"real": "${password}"\n\t}\n}\n`
    const started = cpuMark()
    expect(ids(text, 'secret.cue')).toEqual(['k8s-secret-plaintext'])
    expect(cpuMsSince(started)).toBeLessThan(5000)
  })

  it('a CUE Secret judges as many values as a YAML one: past the budget the file fails closed', () => {
    const cue = (n: number): string =>
      `secret: {\n\tkind: "Secret"\n\tstringData: {\n${Array.from({ length: n }, (_, i) => `\t\t"k${i}": "changeme"\n`).join('')}\t\t"real": "${password}"\n\t}\n}\n`
    expect(ids(cue(MAX_JUDGED_PER_FILE - 1), 'secret.cue')).toEqual(['k8s-secret-plaintext'])
    expect(ids(cue(MAX_JUDGED_PER_FILE), 'secret.cue')).toEqual(['scan-incomplete'])
  })

  it('a Secret naming thousands of users and passwords is judged in linear time', () => {
    const lines = (name: string): string =>
      Array.from({ length: 20_000 }, (_, i) => `  db${i}_${name}: app${i}\n`).join('')
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n${lines('password')}  zz: ${password}\n${lines('user')}`
    const started = cpuMark()
    // Every password repeats a user (a demo set-up): not judged, not reported; the next value is.
    const found = ids(text).filter((id) => id === 'k8s-secret-plaintext')
    expect(cpuMsSince(started)).toBeLessThan(3000)
    expect(found).toEqual(['k8s-secret-plaintext'])
  })

  it('candidates the filters drop count toward a limit too: past it the file fails closed', () => {
    // A placeholder password: every match is checked and dropped.
    const dropped = (n: number): string => 'postgres://app:password@db '.repeat(n)
    const real = `postgres://app:${rnd(CS.alnum, 16)}@db.internal:5432/app\n`
    const at = ids(`${dropped(MAX_CHECKED_PER_RULE - 1)}\n${real}`, 'a.txt')
    expect(at).toEqual(['postgres-url-password'])
    const over = detector.scanFile('a.txt', `${dropped(MAX_CHECKED_PER_RULE)}\n${real}`).findings
    expect(over.map((f) => f.redactedLine)).toEqual([
      `not fully scanned: more than ${MAX_MATCHES_PER_RULE} matches of postgres-url-password, or too many candidates to check: the rest of the file was not checked for it`,
    ])
    // The generic assignments: the same with their own, higher limit (real files hold up to 407).
    const short = (n: number): string => 'OPENAI_API_KEY=sk-x '.repeat(n)
    expect(ids(short(MAX_CHECKED_GENERIC - 10), 'a.env')).toEqual([])
    expect(ids(short(MAX_CHECKED_GENERIC + 1), 'a.env')).toEqual(['scan-incomplete'])
  })

  it('a manifest of one document over 2 MiB is checked by the text rules and reported as not fully scanned', () => {
    const big = `${SECRET}# ${'x'.repeat(2 * 1024 * 1024)}\n`
    expect(ids(big)).toContain('scan-incomplete')
  })

  // Each `---` document is judged on its own: a bundle over the parse limit is read document by
  // document, the limit applying to each document that may hold a secret.
  const CONFIG_MAP = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  LOG_LEVEL: debug\n  PORT: "8080"\n`
  const PROPERTY = `          kind:\n            description: Kind is a string value, see the Secret docs.\n            type: string\n`
  const CRD = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n    - schema:\n        properties:\n${PROPERTY.repeat(2000)}`
  /** A bundle of about `mib` MiB of CRDs and ConfigMaps, then `last`. */
  const bundle = (mib: number, last = ''): string => {
    const unit = `${CRD}---\n${CONFIG_MAP}---\n`
    return `${unit.repeat(Math.ceil((mib * 1024 * 1024) / unit.length))}${last}`
  }

  it('a bundle over 2 MiB of small documents is read document by document: its last Secret is found, nothing unscanned', () => {
    const text = bundle(3, SECRET)
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024)
    const findings = detector.scanFile('manifests/install.yaml', text).findings
    expect(findings.map((finding) => finding.ruleId)).toEqual(['k8s-secret-plaintext'])
    expect(findings[0]?.line).toBe(text.split('\n').length - 1)
    // Without the Secret: clean, not a false alarm.
    expect(ids(bundle(3), 'manifests/install.yaml')).toEqual([])
    // A Secret spelt so that only a parse reads it, among them: still found.
    const odd = SECRET.replace('kind: Secret', 'kind:\n  Secret')
    expect(ids(`${bundle(1.5)}${odd}---\n${bundle(1.5)}`)).toEqual(['k8s-secret-plaintext'])
  })

  it('in a bundle over 2 MiB, a document that may hold a secret and cannot be read still fails the file closed', () => {
    // A Secret document over the limit.
    const huge = `${SECRET}  other: ${'x'.repeat(2 * 1024 * 1024)}\n`
    expect(ids(`${bundle(1)}${huge}---\n${CONFIG_MAP}`)).toContain('scan-incomplete')
    const result = detector.scanFile('install.yaml', `${bundle(1)}${huge}`)
    const incomplete = result.findings.filter((finding) => finding.ruleId === 'scan-incomplete')
    expect(incomplete.map((finding) => finding.redactedLine)).toEqual([
      'not fully scanned: a YAML document larger than 2 MiB that may hold a secret: checked by the text rules only',
    ])
    // A Secret document that does not parse.
    expect(ids(`${bundle(3)}${SECRET}  bad: [unclosed\n`)).toContain('scan-incomplete')
    // A big CRD document (no Secret in it) costs only the text rules.
    const bigCrd = `${CRD}${PROPERTY.repeat(Math.ceil((2.2 * 1024 * 1024) / PROPERTY.length))}`
    expect(ids(`${SECRET}---\n${bigCrd}`)).toEqual(['k8s-secret-plaintext'])
  })

  it('a bundle over 2 MiB is read in linear time', () => {
    const small = bundle(3, SECRET)
    const large = bundle(12, SECRET)
    ids(small)
    const mark = cpuMark()
    ids(small)
    const smallMs = cpuMsSince(mark)
    const largeMark = cpuMark()
    expect(ids(large)).toEqual(['k8s-secret-plaintext'])
    // Four times the text: well under sixteen times the time (a margin for a loaded machine).
    expect(cpuMsSince(largeMark)).toBeLessThan(Math.max(10 * smallMs, 2000))
  })

  it('nesting beyond the depth guard fails the file closed instead of passing it', () => {
    // In a document of its own it cannot hide the Secret beside it: that document is judged alone.
    expect(ids(`${SECRET}---\n${'- '.repeat(300)}y\n`)).toContain('k8s-secret-plaintext')
    // Inside the Secret's own document it keeps the Secret from being read: a finding.
    const deep = `${SECRET}  nested:\n${'  - '.repeat(1)}${'- '.repeat(300)}y\n`
    expect(ids(deep)).toContain('scan-incomplete')
    const flow = `${SECRET}  x: ${'['.repeat(300)}${']'.repeat(300)}\n`
    expect(ids(flow)).toContain('scan-incomplete')
  })

  it('comments and indentation are not depth: 257 `{` in a comment, 513 leading spaces', () => {
    expect(ids(`# ${'{'.repeat(257)}\n${SECRET}`)).toEqual(['k8s-secret-plaintext'])
    const indented = SECRET.replace(/^/gm, ' '.repeat(513)).replace(/^ +$/gm, '')
    expect(ids(indented)).toEqual(['k8s-secret-plaintext'])
  })

  it('a manifest-looking document that does not parse is a finding; a Helm template is not', () => {
    expect(ids(`${SECRET}  bad: [unclosed\n`)).toContain('scan-incomplete')
    const helm = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\nstringData:\n  password: {{ .Values.password | quote }}\n`
    expect(ids(helm, 'templates/secret.yaml')).not.toContain('scan-incomplete')
  })

  it('a CRD over 2 MiB whose schema has `kind:` properties is no Secret: not reported as unscanned', () => {
    const property = `          kind:\n            description: Kind is a string value, see the Secret docs.\n            type: string\n`
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n    - schema:\n        properties:\n${property.repeat(Math.ceil((2.2 * 1024 * 1024) / property.length))}`
    expect(ids(crd, 'crds/workflows.yaml')).toEqual([])
    // The same file with a Secret's kind on its own line: that document is parsed, the CRD's is not.
    expect(ids(`${SECRET.replace('kind: Secret', 'kind:\n  Secret')}---\n${crd}`)).toEqual([
      'k8s-secret-plaintext',
    ])
  })

  it('every spelling of kind: Secret the API accepts reaches the Secret analyser', () => {
    const value = Buffer.from(rnd(CS.alnum, 24)).toString('base64')
    const body = `metadata:\n  name: db\ndata:\n  foo: ${value}\n`
    const spellings = [
      'kind: Secret',
      'kind:\n  Secret',
      'kind: !!str Secret',
      '? kind\n: Secret',
      'kind: "Secr\\x65t"',
      'kind: &k Secret',
      'kind: !<tag:yaml.org,2002:str> Secret',
      'kind: # the kind\n  Secret',
    ]
    for (const kind of spellings) {
      expect(ids(`apiVersion: v1\n${kind}\n${body}`), kind).toEqual(['k8s-secret-plaintext'])
    }
    const json = `{"apiVersion":"v1","kind":"\\u0053ecret","metadata":{"name":"db"},"data":{"foo":"${value}"}}\n`
    expect(ids(json, 'secret.json')).toEqual(['k8s-secret-plaintext'])
    // The control: a ConfigMap with the same data is not a Secret.
    expect(ids(`apiVersion: v1\nkind: ConfigMap\n${body}`)).toEqual([])
  })

  it('a kind key spelt with an anchor, a tag, an alias or escapes, or its value as a block scalar, reaches the analyser', () => {
    const value = Buffer.from(rnd(CS.alnum, 24)).toString('base64')
    const body = `metadata:\n  name: db\ndata:\n  foo: ${value}\n`
    const spellings = [
      '&k kind: Secret',
      '!!str kind: Secret',
      '!!str &k kind: Secret',
      'kind: >-\n  Secret',
      'kind: |-\n  Secret',
      'name: &k kind\n*k : Secret',
      '"\\u006bind": Secret',
      '"\\x6bind": "Secr\\x65t"',
      `kind: !!binary ${Buffer.from('Secret').toString('base64')}`,
    ]
    for (const kind of spellings) {
      expect(ids(`apiVersion: v1\n${kind}\n${body}`), kind).toEqual(['k8s-secret-plaintext'])
    }
    const json = `{"apiVersion":"v1","\\u006bind":"\\u0053ecret","metadata":{"name":"db"},"data":{"foo":"${value}"}}\n`
    expect(ids(json, 'secret.json')).toEqual(['k8s-secret-plaintext'])
    // The control: other keys holding the word Secret are no kind.
    expect(ids(`apiVersion: v1\nkind: ConfigMap\n&t type: Secret\n${body}`)).toEqual([])
  })

  it('a Secret whose lines break at NEL, which go-yaml reads as line breaks, is not passed silently', () => {
    const nel = SECRET.replace('password:', 'foo:').replaceAll('\n', '\u0085')
    expect(ids(nel)).toEqual(['scan-incomplete'])
    const one = `apiVersion: v1\nkind: ConfigMap\u0085kind: Secret\nstringData:\n  foo: ${password}\n`
    expect(ids(one)).toEqual(['scan-incomplete'])
  })

  it('a `!!binary` value is judged as the text go-yaml decodes it to', () => {
    const value = rnd(CS.alnum, 24)
    const encoded = Buffer.from(value).toString('base64')
    expect(ids(`apiVersion: v1\nkind: Secret\nstringData:\n  foo: !!binary ${encoded}\n`)).toEqual([
      'k8s-secret-plaintext',
    ])
    const folded = `${encoded.slice(0, 12)}\n    ${encoded.slice(12)}`
    expect(ids(`apiVersion: v1\nkind: Secret\nstringData:\n  foo: !!binary |\n    ${folded}\n`)).toEqual([
      'k8s-secret-plaintext',
    ])
  })

  it('duplicate keys: the kind Kubernetes reads is the last one, and every data block is judged', () => {
    const value = rnd(CS.alnum, 24)
    const twice = `apiVersion: v1\nkind: Secret\nstringData:\n  foo: ${value}\nstringData:\n  bar: changeme\n`
    expect(ids(twice)).toEqual(['k8s-secret-plaintext'])
    const json = `{"kind":"ConfigMap","apiVersion":"v1","kind":"Secret","stringData":{"foo":"${value}"}}`
    expect(ids(json, 'secret.json')).toEqual(['k8s-secret-plaintext'])
    // The control: a Secret that Kubernetes reads as a ConfigMap holds no Secret's data.
    const config = `{"kind":"Secret","apiVersion":"v1","kind":"ConfigMap","data":{"foo":"${value}"}}`
    expect(ids(config, 'secret.json')).toEqual([])
  })

  type Encode = (text: string, order: 'le' | 'be', bom?: boolean) => Uint8Array
  const utf16: Encode = (text, order, bom = true) => {
    const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le')
    return order === 'le' ? le : le.swap16()
  }
  const utf32: Encode = (text, order, bom = true) => {
    const points: number[] = []
    // By code point: a character past U+FFFF is one 4-byte unit.
    for (const c of `${bom ? '\ufeff' : ''}${text}`) points.push(c.codePointAt(0) ?? 0)
    const out = Buffer.alloc(4 * points.length)
    points.forEach((point, i) =>
      order === 'le' ? out.writeUInt32LE(point, 4 * i) : out.writeUInt32BE(point, 4 * i),
    )
    return out
  }
  /** A Secret and an `.env` AWS key, encoded in each byte order with and without a byte order mark, are found. */
  const scannedInEveryByteOrder = (encode: Encode): void => {
    for (const order of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        expect(ids(encode(SECRET, order, bom)), `${order} ${bom}`).toEqual(['k8s-secret-plaintext'])
        expect(
          ids(encode(`AWS_ACCESS_KEY_ID=${awsKey}\r\n`, order, bom), '.env'),
          `${order} ${bom}`,
        ).toContain('aws-access-key-id')
      }
    }
  }

  it('UTF-16 text (a byte order mark, or NUL bytes every other byte) is decoded and scanned, not skipped as binary', () => {
    // Windows PowerShell 5 writes `>` redirections as UTF-16LE with a byte order mark.
    scannedInEveryByteOrder(utf16)
    // Lines and columns are counted in the decoded text.
    const found = detector.scanFile('secret.yaml', utf16(SECRET, 'le')).findings[0]
    expect([found?.line, found?.column]).toEqual([6, 13])
  })

  it('UTF-32 text (a byte order mark, or ASCII in 4-byte units) is decoded and scanned, not skipped as binary', () => {
    scannedInEveryByteOrder(utf32)
    // Lines and columns in the decoded text; a character past U+FFFF is two UTF-16 code units.
    const found = detector.scanFile('secret.yaml', utf32(`# \u{1F511}\n${SECRET}`, 'le')).findings[0]
    expect([found?.line, found?.column]).toEqual([7, 13])
    // A unit that is no code point: decoded as U+FFFD and said so, the rest still scanned.
    const broken = Buffer.concat([
      utf32('# note ', 'le'),
      Buffer.from([0xff, 0xff, 0xff, 0x7f]),
      utf32(`\n${SECRET}`, 'le', false),
    ])
    const result = detector.scanFile('secret.yaml', broken)
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['k8s-secret-plaintext'])
    expect(result.notes).toEqual(['invalid UTF-32: decoded with replacement characters'])
    // Little-endian int32 numbers are no text (zeros are not printable): still binary.
    const numbers = Buffer.alloc(4096)
    for (let i = 0; i < 1024; i++) numbers.writeInt32LE(i % 7 === 0 ? 0 : i, 4 * i)
    expect(detector.scanFile('table.dat', numbers).skipped).toBe('binary')
  })

  it('a manifest under any name is read as one: kustomize and `kubectl apply -f FILE` read it', () => {
    const value = Buffer.from(rnd(CS.alnum, 24)).toString('base64')
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  settings: ${value}\n`
    // A value under a neutral key: only the Secret analyser reads it (the text rules see base64).
    expect(ids(secret, 'secret.yaml')).toEqual(['k8s-secret-plaintext'])
    for (const path of ['secret.txt', 'k8s/secret', 'secret.yaml.bak', 'base/secret.k8s']) {
      expect(ids(secret, path), path).toEqual(['k8s-secret-plaintext'])
      expect(ids(`# the database\n---\n${secret}`, path), path).toEqual(['k8s-secret-plaintext'])
    }
    const json = `{"apiVersion":"v1","kind":"Secret","data":{"settings":"${value}"}}`
    expect(ids(json, 'secret.txt')).toEqual(['k8s-secret-plaintext'])
    // Keys in another order, and a document opening on the `---` line.
    expect(ids(`metadata:\n  name: db\nkind: Secret\ndata:\n  settings: ${value}\n`, 'secret')).toEqual([
      'k8s-secret-plaintext',
    ])
    expect(ids(`--- {"data":{"settings":"${value}"},"kind":"Secret"}\n`, 'secret')).toEqual([
      'k8s-secret-plaintext',
    ])
    // Text that only mentions a manifest is not read as one: notes, docs, code.
    expect(ids(`Notes\n\n${secret}`, 'notes.txt')).toEqual([])
    expect(ids(`# How to\n\nSee:\n\n${secret}`, 'README.md')).toEqual([])
    expect(ids(`package main\n\nconst manifest = \`\n${secret}\``, 'main.go')).toEqual([])
    // A million comment lines before no manifest: no regex backtracking over them, no stack overflow.
    expect(ids(`${'#\n'.repeat(1_000_000)}notes: x\n`, 'notes.txt')).toEqual([])
  })

  it('Secret values written as aliases or merge keys are judged like literal ones, at the anchor', () => {
    const value = Buffer.from(rnd(CS.alnum, 24)).toString('base64')
    const head = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n'
    const where = (text: string): string[] =>
      detector.scanFile('secret.yaml', text).findings.map((f) => `${f.ruleId}@${f.line}`)
    // An alias to a value anchored elsewhere in the document: reported on the anchor's line.
    expect(where(`${head}  annotations: {x: &a ${value}}\ndata:\n  a1: *a\n`)).toEqual([
      'k8s-secret-plaintext@5',
    ])
    // A merge key (single, list, nested) and the whole field as an alias.
    const base = `base: &b\n  password: ${password}\n`
    expect(where(`${base}${head}stringData:\n  <<: *b\n`)).toEqual(['k8s-secret-plaintext@2'])
    expect(where(`${base}${head}stringData:\n  <<: [*b]\n`)).toEqual(['k8s-secret-plaintext@2'])
    expect(where(`${base}x: &c {<<: *b}\n${head}stringData: {<<: *c}\n`)).toEqual(['k8s-secret-plaintext@2'])
    expect(where(`${base}${head}stringData: *b\n`)).toEqual(['k8s-secret-plaintext@2'])
    // The kind itself through an alias or a merge key.
    expect(where(`k: &k Secret\napiVersion: v1\nkind: *k\nstringData:\n  password: ${password}\n`)).toEqual([
      'k8s-secret-plaintext@5',
    ])
    expect(
      where(`t: &t {kind: Secret, apiVersion: v1}\n<<: *t\nstringData:\n  password: ${password}\n`),
    ).toEqual(['k8s-secret-plaintext@4'])
    // A quoted "<<" is an ordinary key, not a merge: no Secret value (the text rules still see the line).
    expect(where(`${base}${head}stringData:\n  "<<": *b\n`)).not.toContain('k8s-secret-plaintext@2')
    // Flow style and one-line JSON-like YAML, in the second document of a file.
    const flow = `{"apiVersion": "v1", "kind": "Secret", "metadata": {"labels": {"x": &f "${value}"}}, "data": {"a": *f}}`
    expect(where(`${SECRET}---\n${flow}\n`)).toEqual(['k8s-secret-plaintext@6', 'k8s-secret-plaintext@8'])
  })

  it('an alias key written `*app:` is read as go-yaml reads it (alias `app`, then `:`), not left unread', () => {
    // bjw-s app-template HelmReleases (home-ops repositories) name the controller after the release.
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: &app ipmi-exporter',
      'spec:',
      '  chart:',
      '    spec:',
      '      chart: app-template',
      '      sourceRef: {kind: HelmRepository, name: bjw-s, namespace: flux-system}',
      '  values:',
      '    controllers:',
      '      *app:',
      '        strategy: RollingUpdate',
      '        containers:',
      '          app:',
      '            image: {repository: quay.io/prometheuscommunity/ipmi-exporter, tag: v1.10.1}',
      '    service:',
      '      app:',
      '        controller: *app',
      '',
    ].join('\n')
    expect(ids(release, 'helmrelease.yaml')).toEqual([])
    // A Secret whose key is such an alias: its value is judged (the key is the anchored name).
    const head = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: &db db-password\n'
    const where = (text: string): string[] =>
      detector.scanFile('secret.yaml', text).findings.map((f) => `${f.ruleId}@${f.line}`)
    expect(where(`${head}stringData:\n  *db: ${password}\n`)).toEqual(['k8s-secret-plaintext@6'])
    expect(where(`${head}stringData: {*db: ${password}}\n`)).toEqual(['k8s-secret-plaintext@5'])
    // Still fail closed: a name go-yaml refuses (`.`), or one naming no anchor.
    expect(ids(`${head}stringData:\n  *db.x: ${password}\n`)).toContain('scan-incomplete')
    expect(ids(`${head}stringData:\n  *other: ${password}\n`)).toContain('scan-incomplete')
  })

  it('aliases that cannot be read fail closed, in linear time: billion laughs, cycles, unknown anchors', () => {
    const head = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n'
    const levels = (make: (i: number) => string): string =>
      Array.from({ length: 40 }, (_, i) => make(i + 1)).join('\n')
    const seqLaughs = `${head}x0: &a0 [lol]\n${levels(
      (i) =>
        `x${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
    )}\nstringData: {k: *a40}\n`
    const mapLaughs = `${head}x0: &a0 {k: v}\n${levels(
      (i) =>
        `x${i}: &a${i} {<<: [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]}`,
    )}\nstringData: *a40\n`
    const chain = `${head}x0: &a0 {k: v}\n${Array.from({ length: 5000 }, (_, i) => `x${i + 1}: &a${i + 1} {<<: *a${i}}`).join('\n')}\nstringData: *a5000\n`
    for (const text of [seqLaughs, mapLaughs, chain]) {
      const start = process.hrtime.bigint()
      expect(ids(text)).toContain('scan-incomplete')
      expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(10_000)
    }
    expect(ids(`${head}stringData: &s {<<: *s}\n`)).toContain('scan-incomplete')
    // An alias to no anchor (here: an anchor of another document) is refused by Kubernetes.
    expect(ids(`x: &a ${password}\n---\n${head}stringData:\n  password: *a\n`)).toContain('scan-incomplete')
    // A few shared values stay well within the budget: read, not refused.
    const shared = `${head}x: &p ${password}\nstringData:\n${Array.from({ length: 50 }, (_, i) => `  k${i}: *p\n`).join('')}`
    expect(ids(shared)).toEqual(['k8s-secret-plaintext'])
  })

  it('a NUL byte in an otherwise text file does not make it binary', () => {
    const bytes = new TextEncoder().encode(`# \u0000\n${SECRET}`)
    expect(ids(bytes)).toEqual(['k8s-secret-plaintext'])
    // Real binary content with a key marker inside is scanned too.
    const binary = new Uint8Array(4000).map((_, i) => (i % 3 === 0 ? 0 : i % 251))
    const embedded = new Uint8Array([...binary, ...new TextEncoder().encode(`\nkey=${awsKey}\n`)])
    expect(ids(embedded, 'blob')).toContain('aws-access-key-id')
    expect(detector.scanFile('blob', binary).skipped).toBe('binary')
  })

  it('planted NUL and control bytes do not hide a secret in a .env', () => {
    const openai = j('sk-', 'proj-') + rnd(CS.url, 156)
    const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1')
    // A few NULs: still text (the rest is valid UTF-8 without control bytes), every rule runs.
    expect(ids(latin1(`\0\0\0OPENAI_API_KEY=${openai}\n`), '.env')).toEqual(['openai-project-key'])
    expect(ids(latin1(`\0\0\0DB_PASSWORD=${password}\n`), '.env')).toEqual(['generic-password'])
    // Binary by every measure (control bytes, invalid UTF-8, NULs): the provider rules still search
    // its printable text, and report the line the token is on.
    const noise = latin1(`\x7fELF\x02\x01${'\x00\x01\x02\xff\xfe'.repeat(400)}\n`)
    const planted = Buffer.concat([noise, latin1(`OPENAI_API_KEY=${openai}\n`), noise])
    const result = detector.scanFile('.env', planted)
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['openai-project-key', 2],
    ])
    expect(result.findings[0]?.redactedLine).not.toContain(openai.slice(8, 20))
    // Generic assignments are not judged in binary content a name does not call text: a binary's
    // strings would cry wolf. In a file named as text (.env) the noise was planted: judged (3c32b37).
    const generic = Buffer.concat([noise, latin1(`DB_PASSWORD=${password}\n`)])
    expect(detector.scanFile('blob.bin', generic).skipped).toBe('binary')
    expect(detector.scanFile('.env', generic).findings.map((finding) => finding.ruleId)).toEqual([
      'generic-password',
    ])
  })

  it('--git and --staged find a token in a file git calls binary (planted NUL bytes)', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const openai = j('sk-', 'proj-') + rnd(CS.url, 156)
    writeFiles(temp.dir, {
      '.env': Buffer.from(`\0\0\0OPENAI_API_KEY=${openai}\n`, 'latin1'),
      'blob.bin': new Uint8Array([0, 1, 2, 0xff, ...Buffer.from(`\nOPENAI_API_KEY=${openai}\n`)]),
    })
    git(temp.dir, 'add', '-A')
    const staged = await scanAll({ kind: 'staged', cwd: temp.dir }, { detector, workers: 0 })
    // `.bin` claims no format with a magic number: binary by content, its printable text searched.
    expect(staged.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([
      ['.env', 'openai-project-key'],
      ['blob.bin', 'openai-project-key'],
    ])
    git(temp.dir, 'commit', '-q', '-m', 'add')
    const history = await scanAll({ kind: 'git', cwd: temp.dir }, { detector, workers: 0 })
    expect(history.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([
      ['.env', 'openai-project-key'],
      ['blob.bin', 'openai-project-key'],
    ])
  })

  it('--git scans a big file git calls binary whole: a committed `-diff` attribute or one NUL byte passed it', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const openai = j('sk-', 'proj-') + rnd(CS.url, 156)
    const padding = '#'.repeat(300 * 1024) // over the size past which a text blob is cut to its added lines
    writeFiles(temp.dir, {
      '.gitattributes': 'attr.env -diff\n',
      'attr.env': `OPENAI_API_KEY=${openai}\n${padding}\n`,
      'nul.env': Buffer.from(`OPENAI_API_KEY=${openai}\n\0${padding}\n`, 'latin1'),
    })
    git(temp.dir, 'add', '-A')
    git(temp.dir, 'commit', '-q', '-m', 'add')
    const history = await scanAll({ kind: 'git', cwd: temp.dir }, { detector, workers: 0 })
    expect(history.findings.map((finding) => [finding.file, finding.ruleId, finding.line]).sort()).toEqual([
      ['attr.env', 'openai-project-key', 1],
      ['nul.env', 'openai-project-key', 1],
    ])
  })

  it('real binaries stay quiet: ELF executables, PNG and raw deflate data made at test time (a gzip stream is opened)', async () => {
    const { gzipSync, deflateSync, deflateRawSync, crc32 } = await import('node:zlib')
    const { copyFileSync, readFileSync } = await import('node:fs')
    const { randomBytes } = await import('node:crypto')
    const text = Buffer.from(`${SECRET}password=${password}\n`.repeat(50))
    const chunk = (type: string, data: Buffer): Buffer => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
      const out = Buffer.alloc(body.length + 8)
      out.writeUInt32BE(data.length, 0)
      body.copy(out, 4)
      out.writeUInt32BE(crc32(body), body.length + 4)
      return out
    }
    const ihdr = Buffer.from([0, 0, 0, 64, 0, 0, 0, 64, 8, 2, 0, 0, 0])
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(randomBytes(64 * 64 * 3))),
      chunk('IEND', Buffer.alloc(0)),
    ])
    const dir = tree({
      'data-gz': gzipSync(Buffer.concat([text, randomBytes(20_000)])),
      'image-png': png,
      'raw-deflate': deflateRawSync(Buffer.concat([randomBytes(50_000), text])),
      'logo.png': png,
    })
    // Executables of this machine (bash holds a sorted table starting with 22 A's, like a Twitter token).
    copyFileSync('/bin/true', join(dir, 'true'))
    copyFileSync('/bin/bash', join(dir, 'bash'))
    expect(readFileSync(join(dir, 'bash')).subarray(1, 4).toString()).toBe('ELF')
    const { findings, summary } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector, workers: 0 },
    )
    // A gzip stream is opened (archives.test.ts): the text compressed in it is found, under its entry.
    expect(findings.length).toBeGreaterThan(0)
    expect(new Set(findings.map((finding) => finding.file))).toEqual(new Set(['data-gz!data-gz']))
    expect(summary.skipped.binary).toBe(5)
  })

  it('disabling scan-incomplete in the detector options turns the finding into a note', () => {
    const lenient = createDetector({ disabledRules: ['scan-incomplete'] })
    const result = lenient.scanFile('secret.yaml', `${SECRET}  x: ${'['.repeat(300)}${']'.repeat(300)}\n`)
    expect(result.findings.map((finding) => finding.ruleId)).not.toContain('scan-incomplete')
    expect(result.notes?.join('\n')).toMatch(/not fully scanned: YAML nested deeper/)
  })

  it('a detector crash and a file over --max-file-size are findings of the pipeline', async () => {
    const dir = tree({ 'big.txt': 'a'.repeat(5000), 'crash.txt': 'boom', 'ok.txt': 'fine' })
    const crashing: Detector = {
      scanFile(path, content) {
        if (path === 'crash.txt') throw new TypeError('boom')
        return detector.scanFile(path, content)
      },
    }
    const { findings, summary } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector: crashing, workers: 0, maxFileSize: 1000 },
    )
    expect(findings.map((finding) => [finding.file, finding.ruleId, finding.redactedLine])).toEqual([
      ['big.txt', 'scan-incomplete', 'not fully scanned: larger than --max-file-size (0 MiB)'],
      ['crash.txt', 'scan-incomplete', 'not fully scanned: detection failed (TypeError)'],
    ])
    expect(summary.skipped['too-large']).toBe(1)
    const lenient = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      {
        detector: crashing,
        workers: 0,
        maxFileSize: 1000,
        detectorOptions: { disabledRules: ['scan-incomplete'] },
      },
    )
    expect(lenient.findings).toEqual([])
    expect(lenient.summary.notes.map((note) => note.path)).toEqual(['big.txt', 'crash.txt'])
  })

  it('a Secret piped to --stdin without --stdin-filename is read as a manifest (`kubectl get secret -o yaml |`)', async () => {
    const value = Buffer.from(rnd(CS.alnum, 24)).toString('base64')
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  settings: ${value}\n`
    const result = await runCli(['scan', '--stdin', '--format', 'json'], { stdin: secret })
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] }
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['k8s-secret-plaintext'])
  })

  it('the CLI exits 1 for a file it could not scan, and 0 once gitseal.yaml accepts it', async () => {
    const dir = tree({ 'big.txt': 'a'.repeat(3 * 1024 * 1024) })
    const strict = await runCli(['scan', '.', '--max-file-size', '1'], { cwd: dir })
    expect(strict.exitCode).toBe(1)
    expect(strict.stdout).toContain('scan-incomplete')
    writeFileSync(join(dir, 'gitseal.yaml'), 'scan:\n  disabledRules: [scan-incomplete]\n')
    const lenient = await runCli(['scan', '.', '--max-file-size', '1'], { cwd: dir })
    expect(lenient.exitCode).toBe(0)
    expect(lenient.stdout).toContain('not fully scanned')
  })
})

describe('symbolic links are never followed', () => {
  it('`ln -s / rootfs` does not read the machine: skipped, listed as leading outside', async () => {
    const dir = tree({ 'ok.txt': 'fine' })
    symlinkSync('/', join(dir, 'rootfs'))
    const outside = tempDir()
    cleanups.push(outside.cleanup)
    writeFileSync(join(outside.dir, 'leak.env'), `AWS_ACCESS_KEY_ID=${awsKey}\n`)
    symlinkSync(join(outside.dir, 'leak.env'), join(dir, 'leak.env'))
    symlinkSync(outside.dir, join(dir, 'elsewhere'))
    const { findings, summary } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector, workers: 0 },
    )
    expect(findings).toEqual([])
    expect(summary.skipped.symlink).toBe(3)
    expect(summary.files).toBe(1)
    expect(summary.skippedFiles).toContainEqual({
      path: 'rootfs',
      reason: 'symlink',
      note: 'symbolic link to outside the scan root, not followed',
    })
  })

  it('a named path inside the current directory that a link leads out of is skipped (lint-staged, git diff names)', async () => {
    const dir = tree({ 'real/a.env': `AWS_ACCESS_KEY_ID=${awsKey}\n` })
    const outside = tempDir()
    cleanups.push(outside.cleanup)
    writeFileSync(join(outside.dir, 'leak.env'), `AWS_ACCESS_KEY_ID=${awsKey}\n`)
    symlinkSync(join(outside.dir, 'leak.env'), join(dir, 'leak.env'))
    symlinkSync(outside.dir, join(dir, 'elsewhere'))
    symlinkSync('real', join(dir, 'alias'))
    const named = await runCli(['scan', 'leak.env', 'elsewhere', 'elsewhere/leak.env', '--format', 'json'], {
      cwd: dir,
    })
    expect(named.exitCode).toBe(0)
    const report = JSON.parse(named.stdout) as { findings: unknown[]; summary: { skippedFiles: unknown[] } }
    expect(report.findings).toEqual([])
    expect(report.summary.skippedFiles).toContainEqual({
      path: 'leak.env',
      reason: 'symlink',
      note: 'symbolic link to outside the scan root, not followed',
    })
    // A link inside the tree is followed, and a path named outside the current directory is read.
    const inside = await runCli(['scan', 'alias/a.env'], { cwd: dir })
    expect(inside.exitCode).toBe(1)
    const chosen = await runCli(['scan', join(outside.dir, 'leak.env')], { cwd: dir })
    expect(chosen.exitCode).toBe(1)
  })

  it('a link to a file inside the tree is skipped: its target is scanned once, under its own path', async () => {
    const dir = tree({ 'real/a.env': `AWS_ACCESS_KEY_ID=${awsKey}\n` })
    mkdirSync(join(dir, 'links'))
    symlinkSync('../real/a.env', join(dir, 'links', 'a.env'))
    symlinkSync('real', join(dir, 'alias'))
    const { findings, summary } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector, workers: 0 },
    )
    expect(findings.map((finding) => finding.file)).toEqual(['real/a.env'])
    expect(summary.skipped.symlink).toBe(2)
  })
})
