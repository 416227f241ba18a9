/** The scanner's remediation for a leaked age identity names the tool that makes one: age-keygen. */
import { generateIdentity } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

describe('age-secret-key remediation', () => {
  it('says age-keygen, not gitseal keygen (which makes a sealed-secrets controller key)', async () => {
    const identity = await generateIdentity()
    const result = await runCli(['scan', '--stdin', '--stdin-filename', 'x.yaml', '--format', 'json'], {
      stdin: `key: ${identity}\n`,
    })
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; remediation: string }[] }
    const finding = report.findings.find((f) => f.ruleId === 'age-secret-key')
    expect(finding?.remediation).toContain('age-keygen')
    expect(finding?.remediation).not.toContain('gitseal keygen')
    expect(result.stdout).not.toContain(identity)
  })
})
