/** Render a scan report in one of the `--format`s. */
import { formatJson } from './json.js'
import { formatJunit } from './junit.js'
import { formatSarif } from './sarif.js'
import { formatText } from './text.js'
import type { ReportFormat, ReportInput } from './types.js'

const FORMATTERS: Record<ReportFormat, (input: ReportInput) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
}

/** The report for `input` in `format`. */
export function formatReport(format: ReportFormat, input: ReportInput): string {
  return FORMATTERS[format](input)
}

export { formatJson, toJsonReport } from './json.js'
export type { JsonFinding, JsonReport } from './json.js'
export { formatJunit } from './junit.js'
export { formatSarif, toSarif } from './sarif.js'
export { formatText, summaryLine } from './text.js'
export { maskSecret, sortFindings } from './common.js'
export { REPORT_FORMATS } from './types.js'
export type { ReportFormat, ReportInput, ReporterRule } from './types.js'
