// A tiny detector for the gate's tests (the real engine is tested on its own): flags
// FAKE_SECRET_[A-Z0-9]+ tokens, honours `gitseal:allow` on the line, skips content with NUL bytes.
// Plain JavaScript so worker threads can load it by URL.
import { createHash } from 'node:crypto'
import { TextDecoder } from 'node:util'

export const RULE = {
  id: 'fake-secret',
  title: 'Fake test secret',
  severity: 'high',
  description: 'A FAKE_SECRET_ token used by the scanner gate tests.',
  remediation: 'Seal it with `gitseal seal`.',
}

export const RULES = [RULE]

export function createDetector(options = {}) {
  const disabled = new Set(options.disabledRules ?? [])
  return {
    scanFile(path, content) {
      const text = typeof content === 'string' ? content : new TextDecoder().decode(content)
      if (text.includes('\u0000')) return { findings: [], skipped: 'binary' }
      if (disabled.has(RULE.id)) return { findings: [] }
      // Lets CLI tests see which .sops.yaml the detector was given (in the summary's notes).
      if (path.endsWith('sops-probe.txt')) {
        return { findings: [], notes: [`sops config: ${options.sopsConfig?.file ?? 'none'}`] }
      }
      const findings = []
      const lines = text.split('\n')
      for (const [index, line] of lines.entries()) {
        if (line.includes('gitseal:allow')) continue
        for (const match of line.matchAll(/FAKE_SECRET_[A-Z0-9]+/g)) {
          const secret = match[0]
          const column = match.index + 1
          const hash = createHash('sha256').update(secret).digest('hex').slice(0, 16)
          findings.push({
            ruleId: RULE.id,
            title: RULE.title,
            severity: RULE.severity,
            file: path,
            line: index + 1,
            column,
            endLine: index + 1,
            endColumn: column + secret.length,
            secret,
            redactedLine: line.replace(secret, '*****').slice(0, 200),
            fingerprint: `${RULE.id}:${path}:${hash}`,
            remediation: RULE.remediation,
          })
        }
      }
      return { findings }
    },
  }
}
