/**
 * `--format json`: a stable, documented schema (README, "Scanner" section). Version 1; fields are
 * only ever added. The secret is present only with `--show-secrets`.
 */
import type { CommitInfo, Severity, SkipReason } from '../types.js'
import type { SkippedFile } from '../workers/pipeline.js'
import { escapeBidiJson, sortFindings } from './common.js'
import type { ReportInput } from './types.js'

/** One finding in the JSON report. */
export interface JsonFinding {
  ruleId: string
  title: string
  severity: Severity
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
  fingerprint: string
  /** The line with the secret masked. */
  redactedLine: string
  remediation: string
  commit?: CommitInfo
  /** Only with `--show-secrets`. */
  secret?: string
}

/** The JSON report. */
export interface JsonReport {
  version: 1
  tool: { name: 'gitseal'; version: string }
  findings: JsonFinding[]
  summary: {
    files: number
    bytes: number
    findings: number
    baselined: number
    allowedInline: number
    commits?: number
    durationMs: number
    skipped: Record<SkipReason, number>
    skippedFiles: SkippedFile[]
    notes: { path: string; note: string }[]
  }
}

/** Build the JSON report object. */
export function toJsonReport(input: ReportInput): JsonReport {
  const findings = sortFindings(input.findings).map((finding) => {
    const out: JsonFinding = {
      ruleId: finding.ruleId,
      title: finding.title,
      severity: finding.severity,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      fingerprint: finding.fingerprint,
      redactedLine: finding.redactedLine,
      remediation: finding.remediation,
    }
    if (finding.commit !== undefined) out.commit = finding.commit
    if (input.showSecrets === true) out.secret = finding.secret
    return out
  })
  const s = input.summary
  return {
    version: 1,
    tool: { name: 'gitseal', version: input.toolVersion },
    findings,
    summary: {
      files: s.files,
      bytes: s.bytes,
      findings: s.findings,
      baselined: s.baselined,
      allowedInline: s.allowedInline,
      ...(s.commits === undefined ? {} : { commits: s.commits }),
      durationMs: Math.round(s.durationMs),
      skipped: s.skipped,
      skippedFiles: s.skippedFiles,
      notes: s.notes,
    },
  }
}

/** Render the JSON report (pretty, newline-terminated). */
export function formatJson(input: ReportInput): string {
  return `${escapeBidiJson(JSON.stringify(toJsonReport(input), null, 2))}\n`
}
