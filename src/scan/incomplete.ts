/**
 * Fail closed: a file the scanner could not read or check in full is a finding of its own
 * (`scan-incomplete`), so the gate exits 1 instead of passing content nobody looked at. A
 * repository that accepts the risk lists the rule under `scan.disabledRules` in gitseal.yaml; the
 * problem is then a note in the report (never silent).
 */
import { legacyFingerprintOf } from './fingerprint.js'
import type { RuleInfo } from './rules/types.js'
import type { Finding } from './types.js'

/** The rule id of incomplete scans. */
export const INCOMPLETE_RULE_ID = 'scan-incomplete'

/** Catalogue entry of {@link INCOMPLETE_RULE_ID}. */
export const INCOMPLETE_RULE: RuleInfo = {
  id: INCOMPLETE_RULE_ID,
  title: 'File could not be fully scanned',
  severity: 'high',
  description:
    'The scanner could not read or check this file in full (size limit, nesting too deep to parse, unparsable manifest, more matches of one rule than it checks per file, detection error), so secrets in it may be missed.',
  remediation:
    'Make the file scannable (split it, fix its syntax, raise --max-file-size), or accept the risk: add `scan-incomplete` to scan.disabledRules in gitseal.yaml (the problem is then only a note).',
}

/**
 * The finding for `file` that could not be fully scanned because of `reason` (a short phrase with
 * no content of the file in it, e.g. "larger than --max-file-size").
 */
export function incompleteFinding(file: string, reason: string, line = 1): Finding {
  return {
    ruleId: INCOMPLETE_RULE.id,
    title: INCOMPLETE_RULE.title,
    severity: INCOMPLETE_RULE.severity,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 1,
    // Nothing secret to show; the fingerprint follows the reason, so a baseline can accept it (the
    // hash from before report fingerprints left secrets out: no secret is in it, and baselines
    // that accepted an incomplete file keep doing so).
    secret: '',
    redactedLine: `not fully scanned: ${reason}`,
    fingerprint: legacyFingerprintOf(INCOMPLETE_RULE.id, file, reason),
    remediation: INCOMPLETE_RULE.remediation,
  }
}
