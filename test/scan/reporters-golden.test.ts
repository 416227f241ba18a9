/**
 * Every reporter checked against golden files for a fixed set of inputs: a change of output
 * format shows as a diff in review. `UPDATE_GOLDEN=1 npx vitest run test/scan/reporters-golden`
 * rewrites test/scan/golden/reporters/<case>/report.<format>.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatReport, REPORT_FORMATS, scanAll } from '../../src/scan/index.js'
import type { ReportFormat, ReportInput, ScanSummary } from '../../src/scan/index.js'
import { emptySummary } from '../../src/scan/workers/pipeline.js'
import { expectGolden } from '../support/golden.js'
import { scratchDir } from '../support/scratch.js'
import { createDetector, RULES } from './support/fake-detector.js'
import { finding, SECRET } from './support/fake-finding.js'

const GOLDEN = join(import.meta.dirname, 'golden', 'reporters')
const EXTENSION: Record<ReportFormat, string> = { text: 'txt', json: 'json', sarif: 'sarif', junit: 'xml' }

function summary(overrides: Partial<ScanSummary> = {}): ScanSummary {
  return { ...emptySummary(), files: 12, bytes: 34_567, durationMs: 1234, ...overrides }
}

/** The cases: findings of several rules, severities, a commit and markup-hostile text; a clean scan. */
const CASES: Record<string, Omit<ReportInput, 'rules' | 'toolVersion'>> = {
  findings: {
    findings: [
      finding({
        file: 'z/last.env',
        line: 1,
        column: 1,
        ruleId: 'extra-rule',
        title: 'Custom <rule>',
        severity: 'low',
      }),
      finding(),
      finding({
        line: 2,
        severity: 'medium',
        redactedLine: 'token: "*****" & <tag> \u001b[31mred',
        commit: {
          sha: 'a'.repeat(40),
          author: 'Alice <b>',
          email: 'alice@example.com',
          date: '2024-01-02T03:04:05+00:00',
          message: 'add "x" & <y>',
        },
      }),
    ],
    summary: summary({
      findings: 3,
      baselined: 1,
      commits: 4,
      skipped: { ...emptySummary().skipped, binary: 1, unreadable: 1 },
      skippedFiles: [
        { path: 'logo.png', reason: 'binary' },
        { path: 'broken', reason: 'unreadable', note: 'broken symbolic link' },
      ],
      notes: [{ path: 'bad.yaml', note: 'invalid UTF-8' }],
    }),
  },
  clean: { findings: [], summary: summary({ skipped: { ...emptySummary().skipped, binary: 2 } }) },
}

function input(base: Omit<ReportInput, 'rules' | 'toolVersion'>): ReportInput {
  return { ...base, rules: RULES, toolVersion: '0.0.0-golden' }
}

describe('reporters against golden files', () => {
  for (const [name, base] of Object.entries(CASES)) {
    for (const format of REPORT_FORMATS) {
      it(`${name}: ${format}`, () => {
        const output = formatReport(format, input(base))
        expect(output).not.toContain(SECRET)
        expectGolden(join(GOLDEN, name, `report.${EXTENSION[format]}`), output)
      })
    }
  }

  it('a real scan, normalised (no duration, no absolute path), gives the same reports', async () => {
    const dir = scratchDir('golden-scan')
    mkdirSync(join(dir, 'apps', 'api'), { recursive: true })
    writeFileSync(
      join(dir, 'apps', 'api', 'secret.yaml'),
      `apiVersion: v1\nstringData:\n  password: ${SECRET}\n`,
    )
    writeFileSync(join(dir, 'README.md'), 'nothing here\n')
    writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))
    const { findings, summary: scanned } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector: createDetector(), workers: 0 },
    )
    const normalised: ReportInput = input({ findings, summary: { ...scanned, durationMs: 0 } })
    for (const format of REPORT_FORMATS) {
      const output = formatReport(format, normalised)
      expect(output).not.toContain(dir)
      expect(output).not.toContain(SECRET)
      expectGolden(join(GOLDEN, 'scanned', `report.${EXTENSION[format]}`), output)
    }
  })
})
