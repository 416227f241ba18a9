/**
 * Redaction by construction: N random secrets of different kinds planted on one line, in several
 * layouts; whatever the engine finds, no report format (text, JSON, SARIF, JUnit, baseline) holds
 * any of them, nor any 8-character piece of their random part, and no finding's line shows even 4
 * characters of one.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createBaseline, stringifyBaseline } from '../../src/scan/baseline.js'
import { RULES, createDetector } from '../../src/scan/engine.js'
import { REPORT_FORMATS, formatReport } from '../../src/scan/reporters/index.js'
import { emptySummary } from '../../src/scan/workers/pipeline.js'
import { CS, j } from './rules/tokens.js'

const runs = Number(process.env.FUZZ_RUNS ?? 60)
const detector = createDetector()

const chars = (charset: string, min: number, max = min): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...charset.split('')), { minLength: min, maxLength: max })
    .map((list) => list.join(''))
const digits = (min: number, max = min) => chars(CS.digits, min, max)

/** A planted secret: the name it is assigned to, its public prefix and its random body. */
interface Planted {
  name: string
  prefix: string
  body: string
  suffix?: string
}

const KINDS: fc.Arbitrary<Planted>[] = [
  chars(CS.b32, 16).map((body) => ({ name: 'AWS_ACCESS_KEY_ID', prefix: j('AK', 'IA'), body })),
  chars(CS.b64, 40).map((body) => ({ name: 'AWS_SECRET_ACCESS_KEY', prefix: '', body })),
  chars(CS.alnum, 36).map((body) => ({ name: 'github', prefix: j('gh', 'p_'), body })),
  chars(CS.alnum, 24, 32).map((body) => ({ name: 'stripe', prefix: j('sk_', 'live_'), body })),
  fc
    .tuple(digits(10, 12), digits(10, 12), chars(CS.alnum, 24))
    .map(([a, b, c]) => ({ name: 'slack', prefix: j('xo', 'xb-'), body: `${a}-${b}-${c}` })),
  chars(CS.alnum, 12, 30).map((body) => ({ name: 'db_password', prefix: '', body })),
  chars(CS.url, 20, 40).map((body) => ({ name: 'api_token', prefix: '', body })),
  chars(CS.alnum, 10, 20).map((body) => ({
    name: 'DATABASE_URL',
    prefix: 'postgres://app:',
    body,
    suffix: '@db.internal:5432/app',
  })),
]

const LAYOUTS: ((pairs: [string, string][]) => [string, string])[] = [
  (pairs) => ['.env', pairs.map(([k, v]) => `${k}=${v}`).join(' ')],
  (pairs) => ['config.yaml', `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`],
  (pairs) => ['config.json', `{${pairs.map(([k, v]) => `"${k}":"${v}"`).join(',')}}`],
  (pairs) => ['app.ts', `const x = { ${pairs.map(([k, v]) => `${k}: '${v}'`).join(', ')} }`],
  (pairs) => ['notes.txt', pairs.map(([, v]) => v).join(' ')],
]

/** Every `size`-character piece of `text`. */
function pieces(text: string, size = 8): string[] {
  const out: string[] = []
  for (let i = 0; i + size <= text.length; i++) out.push(text.slice(i, i + size))
  return out
}

describe('redaction by construction', () => {
  it('no report shows any secret of a line, nor an 8-character piece of one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(...KINDS), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 0, max: LAYOUTS.length - 1 }),
        (planted, layout) => {
          const pairs = planted.map(
            (p, i) => [`${p.name}_${i}`, `${p.prefix}${p.body}${p.suffix ?? ''}`] as [string, string],
          )
          const [path, line] = LAYOUTS[layout]!(pairs)
          const { findings } = detector.scanFile(path, `${line}\n`)
          const summary = emptySummary()
          const outputs = REPORT_FORMATS.map((format) =>
            formatReport(format, { findings, summary, rules: RULES, toolVersion: '0.0.0' }),
          )
          outputs.push(stringifyBaseline(createBaseline(findings)))
          // The line a finding shows: not even 4 characters of a secret (no "first characters"
          // hint), unless they also occur in the line's own structure (its names and separators).
          let skeleton = line
          for (const [, value] of pairs) skeleton = skeleton.replace(value, ' ')
          for (const finding of findings) {
            for (const p of planted) {
              for (const piece of pieces(p.body, 4)) {
                if (!skeleton.includes(piece)) expect(finding.redactedLine).not.toContain(piece)
              }
            }
          }
          for (const output of outputs) {
            for (const p of planted) {
              expect(output).not.toContain(p.body)
              for (const piece of pieces(p.body)) expect(output).not.toContain(piece)
            }
          }
        },
      ),
      { numRuns: runs },
    )
  })

  it('the issue example: every secret of the line masked in every finding', () => {
    const aws = j('AK', 'IA') + 'Q7RZ2XK4MNB5TW3P'
    const secret = 'wJalrXUtnFEMIxK7MDENGxbPxRfiCYzEKEYzz1Qp'
    const stripe = j('sk_', 'live_') + '4eC39HqLyjWDarjtT1zdp7dc'
    const line = `AWS_ACCESS_KEY_ID=${aws} AWS_SECRET_ACCESS_KEY=${secret} stripe=${stripe}`
    const { findings } = detector.scanFile('.env', `${line}\n`)
    expect(findings.length).toBeGreaterThanOrEqual(2)
    for (const finding of findings) {
      for (const value of [aws.slice(4), secret, stripe.slice(8)]) {
        expect(finding.redactedLine).not.toContain(value.slice(0, 8))
      }
      expect(finding.redactedLine).toContain('AWS_SECRET_ACCESS_KEY=')
    }
  })
})
