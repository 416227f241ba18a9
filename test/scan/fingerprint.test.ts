/**
 * Fingerprints never let a secret be guessed offline: report fingerprints (JSON, SARIF, JUnit)
 * leave the secret out, baseline entries are HMACs under the baseline's random salt. And they stay
 * useful: stable when lines move, a changed secret at the same place is reported anew, and version 1
 * baselines keep suppressing what they listed.
 */
import { createHash, createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBaseline, parseBaseline, stringifyBaseline } from '../../src/scan/baseline.js'
import { RULES, createDetector } from '../../src/scan/engine.js'
import { assignedName, legacyFingerprintOf } from '../../src/scan/fingerprint.js'
import { formatReport, scanAll } from '../../src/scan/index.js'
import type { Finding } from '../../src/scan/types.js'
import { emptySummary } from '../../src/scan/workers/pipeline.js'
import { runCli } from '../support/cli.js'
import { tempDir, writeFiles } from './support/git-repo.js'

const detector = createDetector()
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})
function tree(files: Record<string, string>): string {
  const temp = tempDir()
  cleanups.push(temp.cleanup)
  writeFiles(temp.dir, files)
  return temp.dir
}

const secretYaml = (password: string, before = ''): string =>
  `${before}apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${password}\n`
const scan = (text: string): Finding[] => detector.scanFile('k8s/secret.yaml', text).findings
const report = (format: 'json' | 'sarif' | 'junit' | 'text', findings: Finding[]): string =>
  formatReport(format, { findings, summary: emptySummary(), rules: RULES, toolVersion: '0.0.0' })

// A dictionary attack: every way of hashing a guess with what a report shows (rule, file).
function guesses(finding: Finding, words: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (const word of words) {
    for (const message of [word, `${finding.ruleId}\0${finding.file}\0${word}`, `${finding.file}\0${word}`]) {
      for (const algorithm of ['sha256', 'sha1', 'md5']) {
        const digest = createHash(algorithm).update(message).digest('hex')
        out.add(digest).add(digest.slice(0, 32)).add(digest.slice(0, 16))
      }
      out.add(createHmac('sha256', '').update(message).digest('hex').slice(0, 32))
    }
  }
  return out
}

describe('fingerprints', () => {
  const weak = 'Zk2024!xWq'
  const words = ['password', 'hunter2', 'Summer2024!x', weak, 'changeme123']

  it('no report holds a hash a guessed password can be checked against', () => {
    const findings = scan(secretYaml(weak))
    expect(findings.map((f) => f.ruleId)).toEqual(['k8s-secret-plaintext'])
    const finding = findings[0]!
    // The weak password is in the word list: no hash of it in any form appears in any report.
    const hashes = guesses(finding, words)
    for (const format of ['json', 'sarif', 'junit', 'text'] as const) {
      const text = report(format, findings)
      expect(text).not.toContain(weak)
      for (const token of text.match(/[0-9a-f]{16,}/g) ?? []) expect(hashes.has(token), format).toBe(false)
    }
    // The report fingerprint does not depend on the secret at all.
    expect(scan(secretYaml('Rv2031?qTm'))[0]!.fingerprint).toBe(finding.fingerprint)
    expect(finding.fingerprint).not.toBe(legacyFingerprintOf(finding.ruleId, finding.file, weak))
  })

  it('baseline entries are HMACs under the file salt: without the salt no guess matches', () => {
    const findings = scan(secretYaml(weak))
    const baseline = createBaseline(findings)
    expect(baseline.version).toBe(2)
    expect(baseline.salt).toMatch(/^[0-9a-f]{64}$/)
    const text = stringifyBaseline(baseline)
    expect(text).not.toContain(weak)
    const entry = baseline.findings[0]!.fingerprint
    expect(guesses(findings[0]!, words).has(entry)).toBe(false)
    // With the salt, the right guess matches (the salt is what stands between a reader and a guess).
    const salted = createHmac('sha256', Buffer.from(baseline.salt, 'hex'))
      .update(`k8s-secret-plaintext\0k8s/secret.yaml\0${weak}`)
      .digest('hex')
      .slice(0, 32)
    expect(entry).toBe(salted)
    // Two baselines of the same findings use different salts, hence different entries.
    expect(createBaseline(findings).findings[0]!.fingerprint).not.toBe(entry)
    // A rewrite that keeps the salt keeps the entries.
    expect(createBaseline(findings, baseline.salt).findings[0]!.fingerprint).toBe(entry)
  })

  it('report fingerprints survive moved lines; a changed secret at the same place is no longer baselined', async () => {
    const first = scan(secretYaml(weak))[0]!
    const moved = scan(secretYaml(weak, '# a comment\n# another\n'))[0]!
    expect(moved.line).toBe(first.line + 2)
    expect(moved.fingerprint).toBe(first.fingerprint)
    // Two findings of one rule and name in a file get different fingerprints.
    const two = scan(`${secretYaml(weak)}---\n${secretYaml('Qz8vR2mPx9LkT4wN')}`)
    expect(new Set(two.map((f) => f.fingerprint)).size).toBe(2)

    const dir = tree({ 'k8s/secret.yaml': secretYaml(weak) })
    const before = await scanAll({ kind: 'paths', paths: ['.'], cwd: dir }, { detector, workers: 0 })
    const baseline = parseBaseline(stringifyBaseline(createBaseline(before.findings)), 'b.json')
    const same = await scanAll({ kind: 'paths', paths: ['.'], cwd: dir }, { detector, workers: 0, baseline })
    expect(same.findings).toEqual([])
    expect(same.summary.baselined).toBe(1)
    writeFiles(dir, { 'k8s/secret.yaml': secretYaml('Rv2031?qTm') })
    const changed = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector, workers: 0, baseline },
    )
    expect(changed.findings.map((f) => f.ruleId)).toEqual(['k8s-secret-plaintext'])
  })

  it('a version 1 baseline keeps suppressing its findings, with a warning to rewrite it', async () => {
    const cwd = tree({ 'k8s/secret.yaml': secretYaml(weak) })
    const legacy = {
      version: 1,
      tool: 'gitseal',
      findings: [
        {
          fingerprint: legacyFingerprintOf('k8s-secret-plaintext', 'k8s/secret.yaml', weak),
          ruleId: 'k8s-secret-plaintext',
          file: 'k8s/secret.yaml',
          line: 6,
        },
      ],
    }
    writeFiles(cwd, { 'old-baseline.json': JSON.stringify(legacy) })
    const run = await runCli(['scan', '--baseline', 'old-baseline.json', 'k8s'], { cwd })
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toMatch(
      /old-baseline\.json holds unsalted hashes .*--write-baseline old-baseline\.json/,
    )
    // Rewriting it migrates to version 2 and keeps the salt on the next rewrite.
    expect((await runCli(['scan', '--write-baseline', 'old-baseline.json', 'k8s'], { cwd })).exitCode).toBe(0)
    const migrated = JSON.parse(readFileSync(join(cwd, 'old-baseline.json'), 'utf8')) as {
      version: number
      salt: string
    }
    expect(migrated.version).toBe(2)
    expect((await runCli(['scan', '--write-baseline', 'old-baseline.json', 'k8s'], { cwd })).exitCode).toBe(0)
    expect(JSON.parse(readFileSync(join(cwd, 'old-baseline.json'), 'utf8'))).toEqual(migrated)
    const quiet = await runCli(['scan', '--baseline', 'old-baseline.json', 'k8s'], { cwd })
    expect(quiet.exitCode).toBe(0)
    expect(quiet.stderr).toBe('')
  })

  it('SARIF fingerprints are the same on every run, so code scanning keeps one alert per finding', () => {
    const text = `${secretYaml(weak)}---\n${secretYaml('Qz8vR2mPx9LkT4wN')}`
    const prints = (): unknown =>
      (
        JSON.parse(report('sarif', scan(text))) as { runs: { results: { partialFingerprints: unknown }[] }[] }
      ).runs[0]!.results.map((result) => result.partialFingerprints)
    const first = prints() as Record<string, string>[]
    expect(first).toHaveLength(2)
    // Both keys set: without primaryLocationLineHash, upload-sarif would hash the secret's line.
    expect(Object.keys(first[0]!).sort()).toEqual(['gitsealFingerprint/v2', 'primaryLocationLineHash'])
    expect(first.map((p) => p.primaryLocationLineHash)).toEqual(first.map((p) => p['gitsealFingerprint/v2']))
    expect(
      createDetector()
        .scanFile('k8s/secret.yaml', text)
        .findings.map((f) => f.fingerprint),
    ).toEqual(first.map((p) => p['gitsealFingerprint/v2']))
    expect(prints()).toEqual(first)
  })

  it('the assigned name is read back from the secret over the usual spellings', () => {
    const nameOf = (line: string, secret = 'S3cr3t'): string => assignedName(line, line.indexOf(secret))
    expect(nameOf('password: S3cr3t')).toBe('password')
    expect(nameOf('  "db.password" : "S3cr3t"')).toBe('db.password')
    expect(nameOf("API_KEY='S3cr3t'")).toBe('API_KEY')
    expect(nameOf('token := "S3cr3t"')).toBe('token')
    expect(nameOf("'key' => 'S3cr3t'")).toBe('key')
    expect(nameOf('x = `S3cr3t`')).toBe('x')
    // A bare token, a name starting with a digit, a name far away: no name.
    expect(nameOf('here S3cr3t')).toBe('')
    expect(nameOf('9-: S3cr3t')).toBe('')
    expect(nameOf(`k:${' '.repeat(300)}S3cr3t`)).toBe('')
    // Only the last 64 characters of a long run count, from its first letter.
    expect(nameOf(`${'a'.repeat(100)}=S3cr3t`)).toBe('a'.repeat(64))
    expect(nameOf(`${'1'.repeat(70)}.x=S3cr3t`)).toBe('x')
  })

  it('a saved JSON report still serves as a baseline, matching findings by place', async () => {
    const dir = tree({ 'k8s/secret.yaml': secretYaml(weak) })
    const before = await scanAll({ kind: 'paths', paths: ['.'], cwd: dir }, { detector, workers: 0 })
    const saved = report('json', before.findings)
    expect(saved).not.toContain(weak)
    const baseline = parseBaseline(saved, 'report.json')
    const again = await scanAll({ kind: 'paths', paths: ['.'], cwd: dir }, { detector, workers: 0, baseline })
    expect([again.findings, again.summary.baselined]).toEqual([[], 1])
  })

  it('bad salts and unknown versions are refused', () => {
    expect(() => createBaseline([], 'abc')).toThrow(/64 lowercase hex digits/)
    const file = (extra: object): string => JSON.stringify({ tool: 'gitseal', findings: [], ...extra })
    expect(() => parseBaseline(file({ version: 2, salt: 'xyz' }), 'b.json')).toThrow(/salt/)
    expect(() => parseBaseline(file({ version: 2 }), 'b.json')).toThrow(/salt/)
    expect(() => parseBaseline(file({ version: 3 }), 'b.json')).toThrow(/unknown version 3/)
    const salt = createBaseline([]).salt
    expect(parseBaseline(file({ version: 2, salt }), 'b.json').salt?.toString('hex')).toBe(salt)
  })
})
