/**
 * Redaction by construction: N random secrets of varied shapes (provider tokens, base64, hex, JWTs,
 * passwords in URLs, PEM bodies) planted on one line, in several layouts. Whatever the engine
 * finds, no report format (text, JSON, SARIF, JUnit, baseline) holds any of them, nor any
 * 4-character piece of one — not even a prefix — unless that piece is also in the line's non-secret
 * part or in the report's own text (titles, paths, hashes: the same report with the line and the
 * secret emptied).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/fuzz.js'
import { createBaseline, stringifyBaseline } from '../../src/scan/baseline.js'
import { RULES, createDetector } from '../../src/scan/engine.js'
import { legacyFingerprintOf } from '../../src/scan/fingerprint.js'
import { redactLine } from '../../src/scan/redact.js'
import { REPORT_FORMATS, formatReport } from '../../src/scan/reporters/index.js'
import type { Finding } from '../../src/scan/types.js'
import { emptySummary } from '../../src/scan/workers/pipeline.js'
import { CS, j } from './rules/tokens.js'

// A fixed seed (FUZZ_SEED to change it), 60 runs scaled by FUZZ_RUNS / 100.
const params = fuzzParams(60)
const runs = params.numRuns ?? 60
const detector = createDetector()

const chars = (charset: string, min: number, max = min): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...charset.split('')), { minLength: min, maxLength: max })
    .map((list) => list.join(''))
const digits = (min: number, max = min) => chars(CS.digits, min, max)

/** A planted secret: the name it is assigned to, the secret, and the public text around it. */
interface Planted {
  name: string
  secret: string
  before?: string
  after?: string
}

const JWT_HEADER = j('eyJhbGciOiJIUzI1', 'NiIsInR5cCI6IkpXVCJ9')

const KINDS: fc.Arbitrary<Planted>[] = [
  chars(CS.b32, 16).map((body) => ({ name: 'AWS_ACCESS_KEY_ID', secret: j('AK', 'IA') + body })),
  chars(CS.b64, 40).map((secret) => ({ name: 'AWS_SECRET_ACCESS_KEY', secret })),
  chars(CS.alnum, 36).map((body) => ({ name: 'github', secret: j('gh', 'p_') + body })),
  chars(CS.alnum, 24, 32).map((body) => ({ name: 'stripe', secret: j('sk_', 'live_') + body })),
  fc
    .tuple(digits(10, 12), digits(10, 12), chars(CS.alnum, 24))
    .map(([a, b, c]) => ({ name: 'slack', secret: `${j('xo', 'xb-')}${a}-${b}-${c}` })),
  fc
    .tuple(chars(CS.url, 30, 60), chars(CS.url, 43))
    .map(([payload, sig]) => ({ name: 'id_token', secret: `${JWT_HEADER}.eyJ${payload}.${sig}` })),
  chars(CS.hex, 32, 64).map((secret) => ({ name: 'api_key', secret })),
  chars(CS.alnum, 12, 30).map((secret) => ({ name: 'db_password', secret })),
  chars(CS.url, 20, 40).map((secret) => ({ name: 'api_token', secret })),
  // Punctuation splits a password into tokens of a character or two (`f/z;my}K}Bk![?p`): each short
  // enough to read as a word, so the whole password showed in pieces.
  chars(`${CS.alnum}!@#$%^&*()[]{};,.<>/?|~-_+=:`, 12, 30).map((secret) => ({ name: 'pass', secret })),
  // A value that opens like an assignment (`AA=>…`, `Abc:…`, `word|…`): in the layouts without
  // names (notes.txt, quoted) nothing tells its first part from a name, so it is masked with the rest.
  fc
    .tuple(
      chars(`${CS.upper}${CS.lower}`, 2, 8),
      fc.constantFrom('=', ':', '=>', ':=', '->', '|', ';', '==', '::', '=:', '\\u003d', '%3D'),
      chars(`${CS.alnum}!@#$%^&*()[]{};,.<>/?|~-_+=:`, 10, 24),
    )
    .map(([word, sep, rest]) => ({ name: 'secret', secret: `${word}${sep}${rest}` })),
  // A password in a URL's userinfo, its user a word.
  chars(`${CS.alnum}!$&()*+,;=-._~`, 10, 24).map((secret) => ({
    name: 'REDIS_URL',
    secret,
    before: 'rediss://default:',
    after: '@cache.internal:6380',
  })),
  chars(CS.alnum, 10, 20).map((secret) => ({
    name: 'DATABASE_URL',
    secret,
    before: 'postgres://app:',
    after: '@db.internal:5432/app',
  })),
  chars(CS.b64, 64, 128).map((secret) => ({
    name: 'private_key',
    secret,
    before: j('-----BEGIN ', 'PRIVATE KEY-----\\nMII'),
    after: j('\\n-----END ', 'PRIVATE KEY-----\\n'),
  })),
]

const LAYOUTS: ((pairs: [string, string][]) => [string, string])[] = [
  (pairs) => ['.env', pairs.map(([k, v]) => `${k}=${v}`).join(' ')],
  (pairs) => ['config.yaml', `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`],
  (pairs) => ['config.json', `{${pairs.map(([k, v]) => `"${k}":"${v}"`).join(',')}}`],
  (pairs) => ['app.ts', `const x = { ${pairs.map(([k, v]) => `${k}: '${v}'`).join(', ')} }`],
  (pairs) => ['notes.txt', pairs.map(([, v]) => v).join(' ')],
  // Nameless and quoted: a quote opens a chunk as a blank does.
  (pairs) => ['notes.md', pairs.map(([, v], i) => (i % 2 === 0 ? `"${v}"` : `'${v}'`)).join(' ')],
  (pairs) => ['run.sh', `curl ${pairs.map(([k, v]) => `-H "${k}: ${v}"`).join(' ')}`],
  // Long: the report prints a window of the line, whose edges must not cut a secret into a piece.
  (pairs) => ['wide.env', pairs.map(([k, v]) => `${k}=${v} # ${'padding '.repeat(8)}`).join(' ')],
]

/** Every 4-character piece of `text`. */
function pieces(text: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 4 <= text.length; i++) out.push(text.slice(i, i + 4))
  return out
}

/** Every report of `findings`, in every format and as a baseline file. */
function reports(findings: Finding[]): string[] {
  const summary = emptySummary()
  // JUnit's XML escapes decoded: `&apos;` is the report's spelling of `'`, not a piece of a secret.
  const decoded = (format: string, xml: string): string =>
    format !== 'junit'
      ? xml
      : xml.replace(/&(apos|quot|lt|gt|amp);/g, (_, name: string) =>
          name === 'apos' ? "'" : name === 'quot' ? '"' : name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
        )
  const out = REPORT_FORMATS.map((format) =>
    decoded(format, formatReport(format, { findings, summary, rules: RULES, toolVersion: '0.0.0' })),
  )
  // Its hashes are judged by test/scan/fingerprint.test.ts (no guess at a secret matches them);
  // here they are blanked, as random hex could hold a 4-character piece of a hex secret by chance.
  out.push(
    stringifyBaseline(createBaseline(findings)).replace(/"(fingerprint|salt)": "[0-9a-f]+"/g, '"$1": ""'),
  )
  return out
}

/** The pieces of `secrets` that `output` shows and that `allowed` (public text) does not explain. */
export function leakedPieces(output: string, secrets: readonly string[], allowed: string): string[] {
  const leaked: string[] = []
  for (const secret of secrets) {
    for (const piece of pieces(secret)) {
      if (output.includes(piece) && !allowed.includes(piece)) leaked.push(piece)
    }
  }
  return leaked
}

describe('redaction by construction', () => {
  it('no report shows any secret of a line, nor a 4-character piece of one', () => {
    let reported = 0
    fc.assert(
      fc.property(
        fc.array(fc.oneof(...KINDS), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 0, max: LAYOUTS.length - 1 }),
        (planted, layout) => {
          const pairs = planted.map(
            (p, i) => [`${p.name}_${i}`, `${p.before ?? ''}${p.secret}${p.after ?? ''}`] as [string, string],
          )
          const [path, line] = LAYOUTS[layout]!(pairs)
          const { findings } = detector.scanFile(path, `${line}\n`)
          reported += findings.length
          // The line with every secret cut out (a NUL between the parts, so no piece spans a cut).
          let publicPart = line
          for (const p of planted) publicPart = publicPart.split(p.secret).join('\0')
          // What a report says without the line or the secret: rule texts, paths, hashes.
          const template = reports(findings.map((f) => ({ ...f, redactedLine: '', secret: '' }))).join('\0')
          const secrets = planted.map((p) => p.secret)
          for (const finding of findings) {
            // Nor a hash of the secret: the fingerprint is of rule, file, name and rank.
            expect(finding.fingerprint).not.toBe(
              legacyFingerprintOf(finding.ruleId, finding.file, finding.secret),
            )
          }
          for (const output of reports(findings)) {
            for (const secret of secrets) expect(output).not.toContain(secret)
            expect(leakedPieces(output, secrets, `${publicPart}\0${template}`)).toEqual([])
          }
        },
      ),
      params,
    )
    // The property says something only if the engine reports findings on these lines.
    expect(reported).toBeGreaterThan(runs)
  })

  it('nor when the secrets span lines, fold, or are spelt with escapes (`\\u0041` in JSON, `\\x41` in YAML)', () => {
    // One character of a secret spelt as an escape: what a report could show is then its spelling.
    const escaped = (secret: string, at: number, json: boolean): string => {
      const code = secret.charCodeAt(at).toString(16).padStart(2, '0')
      return `${secret.slice(0, at)}${json ? `\\u00${code}` : `\\x${code}`}${secret.slice(at + 1)}`
    }
    const head = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n'
    const b64 = (text: string): string => Buffer.from(text).toString('base64')
    const layouts: ((secrets: string[], cut: number) => [string, string, string[]])[] = [
      // A block literal: several secrets on one line of it, more on the next.
      (list) => [
        's.yaml',
        `${head}stringData:\n  cfg: |\n    ${list.join(' ')}\n    ${list.join(' ')}\n`,
        list,
      ],
      // A plain scalar folded over lines: go-yaml reads one value, `a b c`.
      (list) => ['s.yaml', `${head}stringData:\n  cfg: ${list.join('\n    ')}\n  other: x\n`, list],
      // A double-quoted value whose escaped line break splits every secret in two.
      (list, cut) => {
        const split = list.map((secret) => `${secret.slice(0, cut)}\\\n    ${secret.slice(cut)}`)
        return ['s.yaml', `${head}stringData:\n  cfg: "${split.join(' ')}"\n`, split]
      },
      // Single-quoted over lines.
      (list) => ['s.yaml', `${head}stringData:\n  cfg: '${list.join('\n    ')}'\n`, list],
      // One-line JSON with a `\u00XX` escape inside each secret.
      (list, cut) => {
        const spelt = list.map((secret) => escaped(secret, cut, true))
        const pairs = spelt.map((value, i) => `"k${i}":"${value}"`).join(',')
        return ['s.json', `{"apiVersion":"v1","kind":"Secret","stringData":{${pairs}}}\n`, spelt]
      },
      // Plain config: JSON escapes under secret-like names, YAML `\x` escapes in double quotes.
      (list, cut) => {
        const spelt = list.map((secret) => escaped(secret, cut, true))
        return [
          'app.json',
          `{${spelt.map((value, i) => `"db_password_${i}":"${value}"`).join(',')}}\n`,
          spelt,
        ]
      },
      (list, cut) => {
        const spelt = list.map((secret) => escaped(secret, cut, false))
        return ['app.yaml', `{${spelt.map((value, i) => `api_token_${i}: "${value}"`).join(', ')}}\n`, spelt]
      },
      // Base64 of all of them under data:, its text folded over two lines.
      (list, cut) => {
        const encoded = b64(list.join(' '))
        return [
          's.yaml',
          `${head}data:\n  cfg: ${encoded.slice(0, cut * 2)}\n    ${encoded.slice(cut * 2)}\n`,
          [encoded],
        ]
      },
    ]
    let reported = 0
    fc.assert(
      fc.property(
        fc.array(chars(CS.alnum, 16, 32), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 0, max: layouts.length - 1 }),
        fc.integer({ min: 3, max: 12 }),
        (secrets, layout, cut) => {
          const [path, text, spellings] = layouts[layout]!(secrets, cut)
          const { findings } = detector.scanFile(path, text)
          reported += findings.length
          let publicPart = text
          for (const spelling of spellings) publicPart = publicPart.split(spelling).join('\0')
          const template = reports(findings.map((f) => ({ ...f, redactedLine: '', secret: '' }))).join('\0')
          for (const output of reports(findings)) {
            // Pieces of the spellings' parts: the blanks of a folded line are the report's layout too.
            const parts = spellings.flatMap((spelling) => spelling.split(/[\s\\]+/))
            expect(leakedPieces(output, [...secrets, ...parts], `${publicPart}\0${template}`)).toEqual([])
          }
        },
      ),
      params,
    )
    expect(reported).toBeGreaterThan(runs)
  })

  it('the check catches a kept prefix (as the old `ghp_*****`-style masking did)', () => {
    const secret = 'wJalrXUtnFEMIxK7MDENGxbPxRfiCYzEKEYzz1Qp'
    expect(
      leakedPieces(`AWS_SECRET_ACCESS_KEY=${secret.slice(0, 4)}*****`, [secret], 'AWS_SECRET_ACCESS_KEY=\0'),
    ).toEqual(['wJal'])
  })

  it('the issue example: every secret of the line masked whole in every finding', () => {
    const aws = j('AK', 'IA') + 'Q7RZ2XK4MNB5TW3P'
    const secret = 'wJalrXUtnFEMIxK7MDENGxbPxRfiCYzEKEYzz1Qp'
    const stripe = j('sk_', 'live_') + '4eC39HqLyjWDarjtT1zdp7dc'
    const line = `AWS_ACCESS_KEY_ID=${aws} AWS_SECRET_ACCESS_KEY=${secret} stripe=${stripe}`
    const { findings } = detector.scanFile('.env', `${line}\n`)
    expect(findings.length).toBeGreaterThanOrEqual(2)
    for (const finding of findings) {
      expect(finding.redactedLine).toBe('AWS_ACCESS_KEY_ID=***** AWS_SECRET_ACCESS_KEY=***** stripe=*****')
    }
  })

  it('a random value shaped like camelCase words is masked too (found by the property above)', () => {
    const line = 'notes rAfhAwgArpt8 customerName then FOUND_SECRET_VALUE'
    const from = line.indexOf('FOUND')
    const shown = redactLine(line, from, line.length)
    expect(shown).not.toContain('rAfh')
    expect(shown).toContain('customerName')
  })

  it('a readable password beside a finding is masked under a short name or after a password flag', () => {
    const secret = 'wJalrXUtnFEMIxK7MDENGxbPxRfiCYzEKEYzz1Qp'
    const line = `aws_secret_access_key=${secret} pw=Tiger-Lake-Blue-Sky pin: Amber-Gate -p Orbit-Lamp-Seven --password 'Quiet-River'`
    const from = line.indexOf(secret)
    const shown = redactLine(line, from, from + secret.length)
    for (const password of ['Tiger', 'Amber', 'Orbit', 'Quiet']) expect(shown).not.toContain(password)
    expect(shown).toBe("aws_secret_access_key=***** pw=***** pin: ***** -p ***** --password '*****'")
  })

  it('a value opening like an assignment is masked whole, its first part too (found by the property above)', () => {
    const token = j('gh', 'p_') + 'R8kq2Vb7Lp0Xw5Nz3Hc6Jd1Mf9Gt4Ys8Ea2U'
    // Nameless (and quoted, and after a name that is not secret-like): nothing tells `mrjuc` from a name.
    const values = [
      'mrjuc=>NBh3?C^?K^Ui>6?t',
      'dAck:=w>uG]4mC7w-o>b[3o',
      'kd::}HaJ,iN,x/YM5ZQ',
      'Esei=:mPsB)mjPy{$',
      'PBJ=WH81VTI}sDs/5_',
      'czL=1BK?Scdm@xH%ojC=M2jLO',
      'IVF=E(O6&Isv9k@z@[JKZ4',
      'hunter:k9Zx!qP2w',
    ]
    for (const value of values) {
      for (const line of [`${token} ${value}`, `${token} "${value}"`, `TOKEN=${token} other=${value}`]) {
        const from = line.indexOf(token)
        const shown = redactLine(line, from, from + token.length)
        expect(leakedPieces(shown, [value], line.replace(value, '\0')), shown).toEqual([])
      }
    }
    // A name before a matched span or a value under a secret-like name, and a URL's user, stay.
    const line = `AWS_KEY=${token} pw=k9Zx!qP2w DB=postgres://app:k9Zx!qP2w@db`
    expect(redactLine(line, 8, 8 + token.length)).toBe('AWS_KEY=***** pw=***** DB=postgres://app:*****')
  })

  it('a long line is cut at token edges: no piece of a token the window would split', () => {
    // The window starts 80 characters before the secret: inside `Zx9Q7mnopqrstuvwxyzab`, whose tail
    // alone (`xyzab`) would pass for a plain word.
    const token = j('gh', 'p_') + 'R8kq2Vb7Lp0Xw5Nz3Hc6Jd1Mf9Gt4Ys8Ea2U'
    const before = `${'word '.repeat(60)}Zx9Q7mnopqrstuvwxyzab ${'note '.repeat(14)}key=`
    const line = `${before}${token} ${'tail '.repeat(60)}`
    const cutInside = before.length - 80
    expect(before.slice(0, cutInside)).toMatch(/ Zx9Q7mnopqrstuvw$/)
    const shown = redactLine(line, before.length, before.length + token.length)
    expect(shown).not.toContain('xyzab')
    expect(shown).not.toContain(token.slice(0, 4))
    expect(shown).toContain('key=*****')
  })
})
