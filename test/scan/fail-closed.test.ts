/**
 * Fail closed: a file the gate could not check in full is a `scan-incomplete` finding (exit 1),
 * never a silent pass or only a note — unless gitseal.yaml disables the rule, which turns it into
 * a note. And hostile spellings that used to pass silently are found.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { MAX_MATCHES_PER_RULE } from '../../src/scan/matcher.js'
import { scanAll } from '../../src/scan/index.js'
import type { Detector } from '../../src/scan/types.js'
import { runCli } from '../support/cli.js'
import { tempDir, writeFiles } from './support/git-repo.js'
import { CS, githubToken, j, rnd } from './rules/tokens.js'

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
      `not fully scanned: more than ${MAX_MATCHES_PER_RULE} matches of generic rules: the rest of the file was not checked for it`,
    ])
  })

  it('a rule matching more than its limit in one file: the first matches are reported and the file fails closed', () => {
    const tokens = (n: number): string =>
      Array.from({ length: n }, (_, i) => `t${i}: ${githubToken('ghp')}\n`).join('')
    const over = detector.scanFile('tokens.txt', tokens(MAX_MATCHES_PER_RULE + 1)).findings
    expect(over.filter((finding) => finding.ruleId === 'github-pat')).toHaveLength(MAX_MATCHES_PER_RULE)
    expect(over.filter((finding) => finding.ruleId === 'scan-incomplete').map((f) => f.redactedLine)).toEqual(
      [
        `not fully scanned: more than ${MAX_MATCHES_PER_RULE} matches of github-pat: the rest of the file was not checked for it`,
      ],
    )
    const at = detector.scanFile('tokens.txt', tokens(MAX_MATCHES_PER_RULE)).findings
    expect(at.filter((finding) => finding.ruleId === 'github-pat')).toHaveLength(MAX_MATCHES_PER_RULE)
    expect(at.some((finding) => finding.ruleId === 'scan-incomplete')).toBe(false)
  })

  it('a manifest over 2 MiB is checked by the text rules and reported as not fully scanned', () => {
    const big = `${SECRET}---\n# ${'x'.repeat(2 * 1024 * 1024)}\n`
    const found = ids(big)
    expect(found).toContain('scan-incomplete')
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
    // The same file with a Secret's kind on its own line is still parsed, hence unscanned past the cap.
    expect(ids(`${SECRET.replace('kind: Secret', 'kind:\n  Secret')}---\n${crd}`)).toContain(
      'scan-incomplete',
    )
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

  it('a NUL byte in an otherwise text file does not make it binary', () => {
    const bytes = new TextEncoder().encode(`# \u0000\n${SECRET}`)
    expect(ids(bytes)).toEqual(['k8s-secret-plaintext'])
    // Real binary content with a key marker inside is scanned too.
    const binary = new Uint8Array(4000).map((_, i) => (i % 3 === 0 ? 0 : i % 251))
    const embedded = new Uint8Array([...binary, ...new TextEncoder().encode(`\nkey=${awsKey}\n`)])
    expect(ids(embedded, 'blob')).toContain('aws-access-key-id')
    expect(detector.scanFile('blob', binary).skipped).toBe('binary')
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
