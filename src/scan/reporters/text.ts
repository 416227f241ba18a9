/**
 * The human report: findings grouped by file, each with its redacted line, then how to fix each
 * rule found and a one-line summary. Colours only when asked (the CLI asks on a TTY).
 */
import { printable } from '../../core/printable.js'
import type { Finding, Severity } from '../types.js'
import type { ScanSummary } from '../workers/pipeline.js'
import { formatBytes, rulesFor, sortFindings } from './common.js'
import type { ReportInput } from './types.js'

const CODES = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2, underline: 4, green: 32 } as const
type Style = keyof typeof CODES

function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text)
}

const SEVERITY_STYLE: Record<Severity, Style> = { high: 'red', medium: 'yellow', low: 'cyan' }

/**
 * Strip control characters so a hostile file cannot drive the terminal through the report, nor
 * forge a report line with a newline (tabs are kept).
 */
function safe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD')
}

function commitLine(finding: Finding): string | undefined {
  const commit = finding.commit
  if (commit === undefined) return undefined
  return `commit ${commit.sha.slice(0, 12)} by ${commit.author} <${commit.email}> on ${commit.date}`
}

/** One-line summary: what was scanned, how long it took, what was skipped. */
export function summaryLine(summary: ScanSummary): string {
  const skipped = Object.entries(summary.skipped)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${count} ${reason}`)
  const parts = [
    `${summary.files} ${summary.files === 1 ? 'file' : 'files'}`,
    `${formatBytes(summary.bytes)} scanned`,
  ]
  if (summary.commits !== undefined)
    parts.push(`${summary.commits} ${summary.commits === 1 ? 'commit' : 'commits'}`)
  parts.push(`${(summary.durationMs / 1000).toFixed(2)} s`)
  if (skipped.length > 0) parts.push(`skipped: ${skipped.join(', ')}`)
  if (summary.baselined > 0) parts.push(`${summary.baselined} in baseline`)
  // Said so a reviewer sees what the gate let through: a pull request can add either (red team 21 A15).
  if (summary.allowedInline > 0) parts.push(`${summary.allowedInline} allowed by gitseal:allow comments`)
  return parts.join('; ')
}

/** How many unexpected skips and notes the text report lists by name. */
const MAX_PROBLEMS = 20

/**
 * Skips worth a look (unreadable, symlink loops, too large) and notes, by file. Binary files and
 * vendored trees are expected and only counted.
 */
function problemLines(summary: ScanSummary): string[] {
  const lines: string[] = []
  for (const skipped of summary.skippedFiles) {
    if (skipped.reason === 'binary' || skipped.reason === 'excluded' || skipped.reason === 'ignored') continue
    // Links inside the tree are expected (their targets are scanned); links out of it are worth a look.
    if (skipped.reason === 'symlink' && skipped.note?.includes('outside') !== true) continue
    lines.push(
      `${printable(skipped.path)}: ${skipped.reason}${skipped.note === undefined ? '' : ` (${skipped.note})`}`,
    )
  }
  for (const note of summary.notes) lines.push(`${printable(note.path)}: ${safe(note.note)}`)
  if (lines.length > MAX_PROBLEMS) {
    const more = lines.length - MAX_PROBLEMS
    return [...lines.slice(0, MAX_PROBLEMS), `… and ${more} more (see --format json)`]
  }
  return lines
}

/** Render the text report. */
export function formatText(input: ReportInput): string {
  const paint = painter(input.color === true)
  const findings = sortFindings(input.findings)
  const out: string[] = []
  let currentFile: string | undefined
  for (const finding of findings) {
    if (finding.file !== currentFile) {
      if (currentFile !== undefined) out.push('')
      currentFile = finding.file
      // A file name is one line: a newline in it must not forge report lines.
      out.push(paint('underline', printable(finding.file)))
    }
    const where = `${finding.line}:${finding.column}`.padEnd(8)
    const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd(6))
    out.push(`  ${where}  ${severity}  ${safe(finding.title)}  ${paint('dim', finding.ruleId)}`)
    out.push(`            ${paint('dim', safe(finding.redactedLine.trim()))}`)
    if (input.showSecrets === true) out.push(`            secret: ${safe(finding.secret)}`)
    const commit = commitLine(finding)
    if (commit !== undefined) out.push(`            ${paint('dim', safe(commit))}`)
  }
  const files = new Set(findings.map((finding) => finding.file)).size
  const problems = problemLines(input.summary)
  if (problems.length > 0) {
    if (out.length > 0) out.push('')
    out.push(
      paint('yellow', 'Not scanned or scanned with problems:'),
      ...problems.map((line) => `  ${safe(line)}`),
    )
  }
  if (findings.length > 0) {
    out.push('', paint('bold', 'How to fix:'))
    for (const rule of rulesFor(findings, input.rules).values()) {
      out.push(`  ${rule.id}: ${safe(rule.remediation)}`)
    }
    out.push(
      '  Not a secret? Add `gitseal:allow` in a comment on the line, or an allowlist entry in gitseal.yaml.',
    )
    out.push(
      '',
      paint(
        'red',
        `${findings.length} ${findings.length === 1 ? 'secret' : 'secrets'} found in ${files} ${files === 1 ? 'file' : 'files'}`,
      ) + ` (${summaryLine(input.summary)})`,
    )
  } else {
    out.push(paint('green', 'No secrets found') + ` (${summaryLine(input.summary)})`)
  }
  return `${out.join('\n')}\n`
}
