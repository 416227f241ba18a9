/** One finding of the fake rule, for the reporter tests: fields given in `overrides` replace the defaults. */
import type { Finding } from '../../../src/scan/index.js'

/** The secret every fake finding reports: no report may show it unless asked to. */
export const SECRET = 'FAKE_SECRET_VERYSECRETVALUE42'

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'fake-secret',
    title: 'Fake test secret',
    severity: 'high',
    file: 'apps/api/secret.yaml',
    line: 7,
    column: 13,
    endLine: 7,
    endColumn: 13 + SECRET.length,
    secret: SECRET,
    redactedLine: '  password: *****',
    fingerprint: 'fake-secret:apps/api/secret.yaml:0123456789abcdef',
    remediation: 'Seal it with `gitseal seal`.',
    ...overrides,
  }
}
