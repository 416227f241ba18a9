/** Helpers shared by reporters: ordering, masking, rule lookup, sizes. */
import { MASK } from '../mask.js'
import type { Finding } from '../types.js'
import type { ReporterRule } from './types.js'

/** Findings ordered by file, line, column, then commit date (newest first) for stable reports. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (b.commit?.date ?? '').localeCompare(a.commit?.date ?? '') ||
      a.ruleId.localeCompare(b.ruleId),
  )
}

/**
 * A secret masked for display: `*****`, whatever the secret. No character of it is kept (a prefix
 * is a fragment of the secret) and not its length either.
 */
export function maskSecret(_secret: string): string {
  return MASK
}

/** The catalogue entry for each rule id seen in `findings`, synthesised from a finding when unknown. */
export function rulesFor(
  findings: readonly Finding[],
  catalogue: readonly ReporterRule[],
): Map<string, ReporterRule> {
  const byId = new Map(catalogue.map((rule) => [rule.id, rule]))
  const used = new Map<string, ReporterRule>()
  for (const finding of findings) {
    if (used.has(finding.ruleId)) continue
    used.set(
      finding.ruleId,
      byId.get(finding.ruleId) ?? {
        id: finding.ruleId,
        title: finding.title,
        severity: finding.severity,
        description: finding.title,
        remediation: finding.remediation,
      },
    )
  }
  return used
}

/** `12.3 MB` style sizes (decimal units, as rates are usually given). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit] ?? 'TB'}`
}

// Bidirectional controls (U+202E and kin): raw in a report, a file name shown on a terminal or a web
// page reads in another order than it is ("Trojan source"). JSON and XML can spell them as escapes.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** `json` (serialised JSON) with every bidirectional control written as a `\uXXXX` escape: the same data. */
export function escapeBidiJson(json: string): string {
  return json.replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** `xml` text with every bidirectional control written as a character reference: the same data. */
export function escapeBidiXml(xml: string): string {
  return xml.replace(BIDI, (c) => `&#x${c.charCodeAt(0).toString(16)};`)
}
