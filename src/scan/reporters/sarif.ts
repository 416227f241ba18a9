/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it — one run, every rule with
 * help text and a security-severity, results with a region, a redacted snippet and a
 * `partialFingerprints` entry so alerts follow the secret, not the line.
 */
import type { Finding, Severity } from '../types.js'
import { escapeBidiJson, rulesFor, sortFindings } from './common.js'
import type { ReportInput, ReporterRule } from './types.js'
import type { ScanSummary } from '../workers/pipeline.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
}
/** GitHub maps security-severity to critical/high/medium/low: >9 critical, >=7 high, >=4 medium. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.5', medium: '5.5', low: '3.0' }

/** `aws-access-key-id` → `AwsAccessKeyId` (SARIF rule names are identifiers). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

/** A reported path as a SARIF artifact location: relative to `%SRCROOT%`, or a `file:` URI when absolute. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const encoded = file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
  return file.startsWith('/') ? { uri: `file://${encoded}` } : { uri: encoded, uriBaseId: '%SRCROOT%' }
}

function sarifRule(rule: ReporterRule): Record<string, unknown> {
  return {
    id: rule.id,
    name: ruleName(rule.id) || rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: {
      text: `${rule.description || rule.title}\n\nHow to fix: ${rule.remediation}`,
      markdown: `${rule.description || rule.title}\n\n**How to fix:** ${rule.remediation}\n\nNot a secret? Add \`gitseal:allow\` in a comment on the line, or an allowlist entry in \`gitseal.yaml\`.`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'secret', 'external/cwe/cwe-798'],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  }
}

function sarifResult(finding: Finding, ruleIndex: number, showSecrets: boolean): Record<string, unknown> {
  const commit = finding.commit
  const message =
    commit === undefined ? finding.title : `${finding.title} (added in commit ${commit.sha.slice(0, 12)})`
  const properties: Record<string, unknown> = {}
  if (commit !== undefined) properties.commit = commit
  if (showSecrets) properties.secret = finding.secret
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file),
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
            snippet: { text: finding.redactedLine },
          },
        },
      },
    ],
    // GitHub's upload-sarif computes `primaryLocationLineHash` from the source line — the secret
    // itself — when a result lacks one; ours never derives from the secret.
    partialFingerprints: {
      'gitsealFingerprint/v2': finding.fingerprint,
      primaryLocationLineHash: finding.fingerprint,
    },
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  }
}

/**
 * How many findings the baseline and inline `gitseal:allow` comments kept out of the results, as a
 * run property and a tool notification (shown with the upload): a pull request can add either, and
 * a reviewer should see that the gate let something through. Nothing when none was.
 */
function suppressionsSaid(summary: ScanSummary): Record<string, unknown> {
  const { baselined, allowedInline } = summary
  if (baselined === 0 && allowedInline === 0) return {}
  const total = baselined + allowedInline
  const text = `${total} ${total === 1 ? 'finding' : 'findings'} not reported: ${baselined} in the baseline, ${allowedInline} allowed by gitseal:allow comments`
  return {
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: 'note', message: { text } }],
      },
    ],
    properties: { suppressed: { baseline: baselined, inlineAllow: allowedInline } },
  }
}

/** Build the SARIF log object. */
export function toSarif(input: ReportInput): Record<string, unknown> {
  const findings = sortFindings(input.findings)
  // Every known rule, then rules only seen in findings (extra rules from gitseal.yaml).
  const rules = new Map(input.rules.map((rule) => [rule.id, rule]))
  for (const [id, rule] of rulesFor(findings, input.rules)) if (!rules.has(id)) rules.set(id, rule)
  const index = new Map([...rules.keys()].map((id, i) => [id, i]))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitseal',
            semanticVersion: input.toolVersion,
            version: input.toolVersion,
            rules: [...rules.values()].map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory gitseal scanned from.' } } },
        results: findings.map((finding) =>
          sarifResult(finding, index.get(finding.ruleId) ?? 0, input.showSecrets === true),
        ),
        ...suppressionsSaid(input.summary),
      },
    ],
  }
}

/** Render the SARIF log. */
export function formatSarif(input: ReportInput): string {
  return `${escapeBidiJson(JSON.stringify(toSarif(input), null, 2))}\n`
}
