/**
 * `--format junit`: for CI systems that display test reports. Each finding is a failed test case
 * named after its rule and location; a clean scan is one passing test case.
 */
import { printable } from '../../core/printable.js'
import { escapeBidiXml, rulesFor, sortFindings } from './common.js'
import { summaryLine } from './text.js'
import type { ReportInput } from './types.js'

/** Escape text for XML and drop characters XML 1.0 cannot carry. */
function xml(text: string): string {
  return escapeBidiXml(
    text
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;'),
  )
}

/** {@link xml} for an attribute value: tabs and line breaks kept as they are (a parser turns raw ones into spaces). */
function xmlAttribute(text: string): string {
  return xml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

/** Render the JUnit XML report. */
export function formatJunit(input: ReportInput): string {
  const findings = sortFindings(input.findings)
  const rules = rulesFor(findings, input.rules)
  const seconds = (input.summary.durationMs / 1000).toFixed(3)
  const cases: string[] = []
  for (const finding of findings) {
    // The file name as people read it is one line: a newline in it must not forge a line.
    const where = `${printable(finding.file)}:${finding.line}:${finding.column}`
    const name = `${finding.ruleId} at ${where}`
    const details = [
      finding.title,
      `${where}: ${finding.redactedLine.trim()}`,
      ...(finding.commit === undefined
        ? []
        : [
            `commit ${finding.commit.sha} by ${finding.commit.author} <${finding.commit.email}> on ${finding.commit.date}`,
          ]),
      ...(input.showSecrets === true ? [`secret: ${finding.secret}`] : []),
      `How to fix: ${rules.get(finding.ruleId)?.remediation ?? finding.remediation}`,
      `fingerprint: ${finding.fingerprint}`,
    ].join('\n')
    cases.push(
      `    <testcase classname="gitseal.scan.${xml(finding.ruleId)}" name="${xmlAttribute(name)}" file="${xmlAttribute(finding.file)}" line="${finding.line}">\n` +
        `      <failure message="${xml(finding.title)}" type="${xml(finding.severity)}">${xml(details)}</failure>\n` +
        '    </testcase>',
    )
  }
  if (cases.length === 0) {
    cases.push(`    <testcase classname="gitseal.scan" name="no plaintext secrets" time="${seconds}"/>`)
  }
  const tests = Math.max(findings.length, 1)
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="gitseal" tests="${tests}" failures="${findings.length}" time="${seconds}">\n` +
    `  <testsuite name="gitseal scan" tests="${tests}" failures="${findings.length}" errors="0" skipped="0" time="${seconds}">\n` +
    `    <system-out>${xml(summaryLine(input.summary))}</system-out>\n` +
    `${cases.join('\n')}\n` +
    '  </testsuite>\n' +
    '</testsuites>\n'
  )
}
