/**
 * `gitseal/scan` — the secret-leak scanner as a library: scan directories, the git index, a commit
 * range or a single document, stream the findings, and render them as text, JSON, SARIF or JUnit.
 *
 * @example
 * const run = scan({ kind: 'paths', paths: ['.'], cwd: repoDir })
 * for await (const finding of run) console.log(finding.file, finding.line, finding.ruleId)
 * const summary = await run.summary()
 */
export { scan, scanAll } from './scan.js'
export type { ScanOptions, ScanRun } from './scan.js'
export { createBaseline, parseBaseline, stringifyBaseline } from './baseline.js'
export type { Baseline, BaselineEntry, BaselineFile } from './baseline.js'
export type { ContentSource, GitSource, PathsSource, ScanSource, StagedSource } from './sources/types.js'
export type { ScanProgress, ScanSummary, SkippedFile } from './workers/pipeline.js'
export type { DetectorOptions, RuleConfig, RuleInfo } from './engine.js'
export type { AllowlistOptions } from './allowlist.js'
export type {
  CommitInfo,
  Detector,
  FileScanResult,
  Finding,
  LineRange,
  Severity,
  SkipReason,
} from './types.js'
export {
  formatReport,
  formatJson,
  formatJunit,
  formatSarif,
  formatText,
  maskSecret,
  REPORT_FORMATS,
  sortFindings,
  summaryLine,
  toJsonReport,
  toSarif,
} from './reporters/index.js'
export type { JsonFinding, JsonReport, ReportFormat, ReportInput, ReporterRule } from './reporters/index.js'
