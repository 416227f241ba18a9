import { describe, expect, it } from 'vitest'
import { createDetector } from '../../../src/scan/engine.js'
import { PROVIDER_RULES } from '../../../src/scan/rules/index.js'
import { CASES } from './provider-cases.js'

const detector = createDetector()
const idsIn = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((f) => f.ruleId)

describe('provider rules', () => {
  it('has at least 100 rules, each with true and false positive cases', () => {
    expect(PROVIDER_RULES.length).toBeGreaterThanOrEqual(100)
    const covered = new Set(CASES.map((row) => row.id))
    expect(PROVIDER_RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([])
    for (const row of CASES) {
      expect(row.tp.length, row.id).toBeGreaterThan(0)
      expect(row.fp.length, row.id).toBeGreaterThan(0)
    }
  })

  describe.each(CASES)('$id', (row) => {
    const path = row.path ?? 'config/app.yaml'
    it.each(row.tp.map((text, i) => [i, text]))('finds true positive %i', (_i, text) => {
      const findings = detector.scanFile(path, text).findings.filter((f) => f.ruleId === row.id)
      expect(findings.length, `${row.id} in ${JSON.stringify(idsIn(path, text))}`).toBe(1)
      const finding = findings[0]!
      // The reported range holds the secret, and the redacted line does not.
      const lines = text.split('\n')
      expect(lines[finding.line - 1]!.slice(finding.column - 1)).toContain(finding.secret.split('\n')[0])
      if (finding.secret.length >= 8) expect(finding.redactedLine).not.toContain(finding.secret)
    })
    it.each(row.fp.map((text, i) => [i, text]))('ignores false positive %i', (_i, text) => {
      expect(idsIn(path, text)).not.toContain(row.id)
    })
    it('ignores the true positive with its secret replaced by a placeholder', () => {
      const text = row.tp[0]!
      const finding = detector.scanFile(path, text).findings.find((f) => f.ruleId === row.id)
      // Without the finding this test would check nothing: it fails too, not only the true-positive one.
      expect(finding, `${row.id} finds its first true positive`).toBeDefined()
      const { secret } = finding!
      const keep = Math.min(8, Math.floor(secret.length / 3))
      const masked = secret.slice(0, keep) + 'x'.repeat(secret.length - keep)
      expect(idsIn(path, text.replace(secret, masked))).not.toContain(row.id)
    })
  })
})
