/** What every reporter gets: the findings (sorted), the summary and the rule catalogue. */
import type { Finding, Severity } from '../types.js'
import type { ScanSummary } from '../workers/pipeline.js'

/** A rule as reporters describe it (the engine's `RULES` entries have this shape). */
export interface ReporterRule {
  id: string
  title: string
  severity: Severity
  description: string
  remediation: string
}

/** Input of a reporter. */
export interface ReportInput {
  findings: readonly Finding[]
  summary: ScanSummary
  /** Every rule the engine knows; rules of findings missing here are described from the finding. */
  rules: readonly ReporterRule[]
  toolVersion: string
  /** Print secrets in full (`--show-secrets`); redacted otherwise. */
  showSecrets?: boolean
  /** ANSI colours (text reporter only). */
  color?: boolean
}

/** The output formats of `gitseal scan --format`. */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit'] as const

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number]
