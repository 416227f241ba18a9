/**
 * A file name is one line wherever gitseal prints it: a newline (or ESC, or any control
 * character) in a name chosen by whoever wrote the repository must not forge a line of an error
 * message, a warning or a scan report, nor drive the terminal. Real files with such names on
 * disk, through the built CLI.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { REAL_CERT_PEM, REAL_KEY_FILE } from '../support/sealed.js'
import { runBin } from '../support/cli.js'
import type { CliResult } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

// What the name tries to print as a line of its own, and how it must show instead.
const FORGED = 'gitseal: all clear'
const stem = (ext: string): string => `evil\n${FORGED}\u001b[31m.${ext}`
const shown = (ext: string): string => `evil\\x0a${FORGED}\\x1b[31m.${ext}`

/** Every line of the output: none is the forged one, none holds a control character; the name, when shown, escaped. */
function expectOneLineNames(result: CliResult, ext: string | undefined): void {
  const output = `${result.stdout}\n${result.stderr}`
  if (ext !== undefined) expect(output).toContain(shown(ext))
  for (const line of output.split('\n')) expect(line.startsWith(FORGED), line).toBe(false)
  // eslint-disable-next-line no-control-regex -- asserting no control characters remain
  expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
}

const AWS_LINE = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLQ9x\n'
const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: Zq8vN3xLp2Rt7Ws4\n'

describe('a newline or ESC in a file name never forges an output line', () => {
  it('scan: text and junit reports, and the scan-incomplete finding of a file it cannot parse', () => {
    const dir = scratchDir('name-lines')
    writeFileSync(join(dir, stem('env')), AWS_LINE)
    // Looks like a manifest but does not parse: reported as not fully scanned, under its name.
    writeFileSync(join(dir, stem('yaml')), 'kind: Secret\nstringData: {a: [\n')
    for (const format of ['text', 'junit']) {
      const result = runBin(['scan', '.', '--format', format, '--no-progress'], { cwd: dir })
      expect(result.exitCode, result.stderr).toBe(1)
      expectOneLineNames(result, 'env')
      expectOneLineNames(result, 'yaml')
    }
  })

  it('seal: the error naming the file (no namespace) is one line', () => {
    const dir = scratchDir('name-lines')
    writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
    writeFileSync(join(dir, stem('yaml')), SECRET)
    const result = runBin(['seal', stem('yaml'), '--cert', 'cert.pem'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('has no namespace')
    expectOneLineNames(result, 'yaml')
  })

  it('encrypt -i and decrypt: info lines and errors name the file on one line', async () => {
    const dir = scratchDir('name-lines')
    const identity = await generateIdentity()
    writeFileSync(
      join(dir, '.sops.yaml'),
      `creation_rules:\n  - age: ${await identityToRecipient(identity)}\n`,
    )
    writeFileSync(join(dir, stem('yaml')), SECRET)
    const env = { ...process.env, NO_COLOR: '1', HOME: dir, SOPS_AGE_KEY: identity }
    const encrypted = runBin(['encrypt', '-i', stem('yaml')], { cwd: dir, env })
    expect(encrypted.exitCode, encrypted.stderr).toBe(0)
    expectOneLineNames(encrypted, undefined)
    // Another identity: none opens the data key, and the error names the file.
    const other = await generateIdentity()
    const refused = runBin(['decrypt', stem('yaml')], { cwd: dir, env: { ...env, SOPS_AGE_KEY: other } })
    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain('none of your age identities opens the data key')
    expectOneLineNames(refused, 'yaml')
  })

  it('validate: a SealedSecret file whose values do not open', () => {
    const dir = scratchDir('name-lines')
    const sealed =
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: prod}\n' +
      'spec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA==\n  template: {metadata: {name: db, namespace: prod}}\n'
    writeFileSync(join(dir, stem('yaml')), sealed)
    const result = runBin(['validate', stem('yaml'), '--key', REAL_KEY_FILE], { cwd: dir })
    expect(result.exitCode).toBe(1)
    expectOneLineNames(result, 'yaml')
  })
})

describe('a file name that is not valid UTF-8', () => {
  it('scan: reported under its bytes (\\xff), with why and what to do, and fails the gate', () => {
    const dir = scratchDir('name-bytes')
    const raw = (name: string): Buffer => Buffer.from(join(dir, name), 'latin1')
    writeFileSync(raw('bad\xff.env'), AWS_LINE)
    mkdirSync(raw('sub\xfe'))
    writeFileSync(Buffer.concat([raw('sub\xfe'), Buffer.from('/a.env')]), AWS_LINE)
    // A name holding U+FFFD itself is valid UTF-8: read and scanned as any other.
    writeFileSync(join(dir, 'ok\ufffd.env'), AWS_LINE)
    // Ignored by .gitignore (matched with U+FFFD for the bad byte) in a work tree: not reported.
    execFileSync('git', ['init', '-q'], { cwd: dir })
    writeFileSync(join(dir, '.gitignore'), '*.log\n')
    writeFileSync(raw('build\xff.log'), AWS_LINE)
    const result = runBin(['scan', '.', '--format', 'json', '--no-progress'], { cwd: dir })
    expect(result.exitCode, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as {
      findings: { file: string; ruleId: string; message?: string }[]
      summary: { skippedFiles: { path: string; reason: string; note?: string }[] }
    }
    const incomplete = report.findings.filter((f) => f.ruleId === 'scan-incomplete').map((f) => f.file)
    expect(incomplete.sort()).toEqual(['bad\\xff.env', 'sub\\xfe'])
    for (const path of ['bad\\xff.env', 'sub\\xfe']) {
      expect(report.summary.skippedFiles).toContainEqual({
        path,
        reason: 'unreadable',
        note: expect.stringMatching(/name is not valid UTF-8.*rename it/),
      })
    }
    expect(report.findings.filter((f) => f.file === 'ok\ufffd.env').length).toBeGreaterThan(0)
    expect(result.stdout).not.toContain('ENOENT')
  })
})
