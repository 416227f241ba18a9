import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import AjvModule from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import { formatReport, REPORT_FORMATS, toJsonReport, toSarif } from '../../src/scan/index.js'
import type { Finding, ReportInput, ScanSummary } from '../../src/scan/index.js'
import { createProgressLine } from '../../src/scan/reporters/progress.js'
import { emptySummary } from '../../src/scan/workers/pipeline.js'
import { RULES } from './support/fake-detector.js'
import { finding, SECRET } from './support/fake-finding.js'

/** The parts of a SARIF log the tests look at. */
interface SarifLog {
  version: string
  runs: {
    tool: {
      driver: {
        rules: {
          id: string
          help: { text: string }
          shortDescription: { text: string }
          properties: Record<string, string>
        }[]
      }
    }
    results: {
      ruleId: string
      ruleIndex: number
      level: string
      partialFingerprints: Record<string, string>
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[]
    }[]
  }[]
}

function summary(overrides: Partial<ScanSummary> = {}): ScanSummary {
  return { ...emptySummary(), files: 12, bytes: 34_567, findings: 3, durationMs: 123, ...overrides }
}

const findings: Finding[] = [
  finding({
    file: 'z/last.env',
    line: 1,
    column: 1,
    ruleId: 'extra-rule',
    title: 'Custom rule',
    severity: 'low',
  }),
  finding(),
  finding({
    line: 2,
    severity: 'medium',
    commit: {
      sha: 'a'.repeat(40),
      author: 'Alice <b>',
      email: 'alice@example.com',
      date: '2024-01-02T03:04:05+00:00',
      message: 'add "x" & <y>',
    },
  }),
]

const input = (extra: Partial<ReportInput> = {}): ReportInput => ({
  findings,
  summary: summary(),
  rules: RULES,
  toolVersion: '1.2.3',
  ...extra,
})

describe('reporters', () => {
  it('never print the secret unless --show-secrets, in every format', () => {
    for (const format of REPORT_FORMATS) {
      const hidden = formatReport(format, input())
      expect(hidden, format).not.toContain(SECRET)
      expect(hidden, format).toContain('password: *****')
      expect(formatReport(format, input({ showSecrets: true })), format).toContain(SECRET)
    }
  })

  it('text: grouped by file, sorted, with remediation and a summary; colour only when asked', () => {
    const text = formatReport('text', input())
    const lines = text.split('\n')
    expect(lines[0]).toBe('apps/api/secret.yaml')
    expect(text.indexOf('2:13')).toBeLessThan(text.indexOf('7:13'))
    expect(text.indexOf('apps/api/secret.yaml')).toBeLessThan(text.indexOf('z/last.env'))
    expect(text).toContain(
      'commit aaaaaaaaaaaa by Alice <b> <alice@example.com> on 2024-01-02T03:04:05+00:00',
    )
    expect(text).toContain('fake-secret: Seal it with `gitseal seal`.')
    expect(text).toContain('3 secrets found in 2 files (12 files; 34.6 kB scanned; 0.12 s)')
    expect(text).not.toContain('\x1b[')
    expect(formatReport('text', input({ color: true }))).toContain('\x1b[31m')
    const clean = formatReport(
      'text',
      input({
        findings: [],
        summary: summary({ findings: 0, skipped: { ...emptySummary().skipped, binary: 2 } }),
      }),
    )
    expect(clean).toBe('No secrets found (12 files; 34.6 kB scanned; 0.12 s; skipped: 2 binary)\n')
  })

  it('text: lists unexpected skips and notes, not binaries or vendored trees', () => {
    const s = summary({
      skippedFiles: [
        { path: 'logo.png', reason: 'binary' },
        { path: 'node_modules/', reason: 'excluded', note: 'vendored' },
        { path: 'broken', reason: 'unreadable', note: 'broken symbolic link' },
        { path: 'loop/', reason: 'symlink-loop' },
      ],
      notes: [{ path: 'bad.yaml', note: 'invalid UTF-8' }],
    })
    const text = formatReport('text', input({ findings: [], summary: s }))
    expect(text).toContain(
      'Not scanned or scanned with problems:\n  broken: unreadable (broken symbolic link)\n  loop/: symlink-loop\n  bad.yaml: invalid UTF-8\n',
    )
    expect(text).not.toContain('logo.png')
  })

  it('text: control characters from a file cannot reach the terminal', () => {
    const text = formatReport(
      'text',
      input({ findings: [finding({ redactedLine: 'x \x1b]0;pwned\x07 \u202e' })] }),
    )
    expect(['\x07', '\x1b', '\u202e'].some((c) => text.includes(c))).toBe(false)
  })

  it('json, sarif, junit: a bidirectional control in a file name is escaped, the name kept', () => {
    const name = 'src/\u202egpj.env'
    for (const format of ['json', 'sarif', 'junit'] as const) {
      const out = formatReport(
        format,
        input({ findings: [finding({ file: name, redactedLine: 'x \u2066 y' })] }),
      )
      expect(/[\u202a-\u202e\u2066-\u2069]/.test(out), format).toBe(false)
    }
    const json = JSON.parse(formatReport('json', input({ findings: [finding({ file: name })] }))) as {
      findings: { file: string }[]
    }
    expect(json.findings[0]?.file).toBe(name)
  })

  it('text: a file name cannot forge report lines or drive the terminal', () => {
    const name = 'a\n\nNo secrets found (1 file)\n\x1b[2Jb.env'
    const text = formatReport(
      'text',
      input({
        findings: [finding({ file: name })],
        summary: summary({ notes: [{ path: `bad\n${name}`, note: 'invalid UTF-8' }] }),
      }),
    )
    expect(text).toContain('a\\x0a\\x0aNo secrets found (1 file)\\x0a\\x1b[2Jb.env\n')
    expect(text).toContain('  bad\\x0aa\\x0a')
    expect(text).not.toMatch(/^No secrets found/m)
    expect(text).not.toContain('\x1b')
  })

  it('json: the documented schema, stable order', () => {
    const report = toJsonReport(input())
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'summary'])
    expect(report.version).toBe(1)
    expect(report.tool).toEqual({ name: 'gitseal', version: '1.2.3' })
    expect(Object.keys(report.findings[1]!)).toEqual([
      'ruleId',
      'title',
      'severity',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'fingerprint',
      'redactedLine',
      'remediation',
    ])
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([
      ['apps/api/secret.yaml', 2],
      ['apps/api/secret.yaml', 7],
      ['z/last.env', 1],
    ])
    expect(report.findings[0]!.commit?.sha).toBe('a'.repeat(40))
    expect(Object.keys(report.summary)).toEqual([
      'files',
      'bytes',
      'findings',
      'baselined',
      'allowedInline',
      'durationMs',
      'skipped',
      'skippedFiles',
      'notes',
    ])
  })

  it('sarif: valid against the SARIF 2.1.0 schema, with what GitHub code scanning needs', () => {
    const require = createRequire(import.meta.url)
    const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object
    // The published schema has a pattern that is only valid without the `u` flag.
    // CommonJS module: under nodenext its default import is the exports object.
    const Ajv = AjvModule.default
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
    const validate = ajv.compile(schema)
    const suppressed = { summary: summary({ baselined: 2, allowedInline: 1 }) }
    for (const extra of [{}, { findings: [] }, { showSecrets: true }, suppressed]) {
      const log = JSON.parse(formatReport('sarif', input(extra)))
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true)
    }
    // The validator does reject a broken log.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{}] }] })).toBe(false)
    const log = toSarif(input()) as unknown as SarifLog
    const run = log.runs[0]!
    expect(log.version).toBe('2.1.0')
    const rules = run.tool.driver.rules
    expect(rules.map((r) => r.id)).toEqual(['fake-secret', 'extra-rule'])
    for (const rule of rules) {
      expect(rule.help.text).toContain('How to fix')
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/)
      expect(rule.shortDescription.text).not.toBe('')
    }
    const result = run.results[0]!
    expect(result.ruleId).toBe(rules[result.ruleIndex]!.id)
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe('apps/api/secret.yaml')
    expect(result.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 13 })
    expect(result.partialFingerprints['gitsealFingerprint/v2']).toBe(findings[1]!.fingerprint)
    expect(result.level).toBe('warning')
  })

  it('sarif: file names are URI-encoded', () => {
    const log = toSarif(
      input({ findings: [finding({ file: 'dir with space/ü#1.yaml' })] }),
    ) as unknown as SarifLog
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      'dir%20with%20space/%C3%BC%231.yaml',
    )
    const absolute = toSarif(
      input({ findings: [finding({ file: '/srv/repo/a b.env' })] }),
    ) as unknown as SarifLog
    expect(absolute.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'file:///srv/repo/a%20b.env',
    })
  })

  it('junit: well-formed XML, one failed test case per finding, escaped', () => {
    const xml = formatReport('junit', input())
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true)
    expect(xml).toContain('tests="3" failures="3"')
    expect(xml.match(/<testcase /g)).toHaveLength(3)
    expect(xml).toContain('Alice &lt;b&gt;')
    expect(wellFormed(xml)).toBe(true)
    const clean = formatReport('junit', input({ findings: [] }))
    expect(clean).toContain('tests="1" failures="0"')
    expect(wellFormed(clean)).toBe(true)
  })

  it('progress: nothing for short scans, throttled redraws, cleared at the end', () => {
    let out = ''
    let clock = 0
    const line = createProgressLine((text) => (out += text), { now: () => clock })
    line.update({ files: 1, bytes: 10, findings: 0, elapsedMs: 100 })
    expect(out).toBe('')
    clock = 500
    line.update({ files: 100, bytes: 5_000_000, findings: 2, elapsedMs: 500 })
    expect(out).toBe('\r\x1b[Kscanning: 100 files, 5.0 MB, 10.0 MB/s, 2 found')
    clock = 520
    line.update({ files: 101, bytes: 5_000_001, findings: 2, elapsedMs: 520 })
    expect(out.match(/scanning/g)).toHaveLength(1)
    line.clear()
    expect(out.endsWith('\r\x1b[K')).toBe(true)
  })
})

/** A small XML well-formedness check: balanced tags, quoted attributes, no raw `<` or `&` in text. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '')
  const stack: string[] = []
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy
  let match: RegExpExecArray | null
  let consumed = 0
  while ((match = token.exec(body)) !== null) {
    consumed = token.lastIndex
    const [, close, name, , selfClose, text] = match
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) return false
      continue
    }
    if (close) {
      if (stack.pop() !== name) return false
    } else if (!selfClose) stack.push(name!)
  }
  return consumed === body.length && stack.length === 0
}
