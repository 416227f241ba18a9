import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseBaseline } from '../../src/scan/baseline.js'
import { formatReport, REPORT_FORMATS } from '../../src/scan/index.js'
import type { Finding } from '../../src/scan/index.js'
import { unquoteGitPath } from '../../src/io/git.js'
import { PatchParser } from '../../src/scan/sources/patch.js'
import { keepLines, LineKeeper } from '../../src/scan/sources/line-keeper.js'
import { DocumentKeeper } from '../../src/scan/sources/document-keeper.js'
import { holdsAnalyserTrigger } from '../../src/scan/structured.js'
import { parseRawDiff } from '../../src/scan/sources/staged.js'
import { emptySummary } from '../../src/scan/workers/pipeline.js'
import { fuzzParams, onlyGitsealErrors } from '../fuzz/fuzz.js'

/** Gives `keeper` the bytes in pieces cut at `cuts` (any order, repeats), as git's pipe delivers a blob. */
function pushInPieces(
  keeper: { push(piece: Uint8Array): void },
  bytes: Uint8Array,
  cuts: readonly number[],
): void {
  let at = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    keeper.push(bytes.subarray(at, Math.max(at, cut)))
    at = Math.max(at, cut)
  }
  keeper.push(bytes.subarray(at))
}

const patchLine = fc.oneof(
  fc.constantFrom(
    '\x1eGITSEAL\x1fabc\x1fA\x1fa@x\x1f2024-01-01T00:00:00+00:00\x1fmsg',
    'diff --git a/x b/x',
    'diff --git "a/\\303\\251 x" "b/\\303\\251 x"',
    'diff --git a',
    'index 0000..ffff 100644',
    'index zz',
    'new file mode 120000',
    'deleted file mode 100644',
    'Binary files a/x and b/x differ',
    '+++ b/x\t',
    '+++ /dev/null',
    '+++ "b/\\',
    '@@ -1,2 +3,4 @@',
    '@@ -1 +0,0 @@',
    '@@ garbage',
    '+added',
    'diff --cc x',
    'diff --cc "\\303\\251 x"',
    'index 1111,2222..3333',
    'mode 100644,100644..100755',
    '@@@ -1,2 -1,2 +1,3 @@@',
    '@@@@ -1 -1 -1 +2,2 @@@@ ctx',
    '@@@ garbage',
    '++evil',
    '+++evil',
    '+ side',
    '- gone',
    ' +x',
  ),
  fc.string({ maxLength: 30 }),
)

describe('scan gate parsers never throw anything but GitsealError', () => {
  it('the git log patch parser accepts any line sequence, and reads it alike however it is cut', () => {
    const parse = (...pieces: Buffer[]): PatchParser => {
      const parser = new PatchParser()
      for (const piece of pieces) parser.write(piece)
      parser.end()
      return parser
    }
    fc.assert(
      fc.property(fc.array(patchLine, { maxLength: 40 }), fc.nat(), (lines, cut) => {
        const bytes = Buffer.from(lines.join('\n'))
        const at = cut % (bytes.length + 1)
        let whole: PatchParser | undefined
        let split: PatchParser | undefined
        onlyGitsealErrors(() => (whole = parse(bytes)))
        onlyGitsealErrors(() => (split = parse(bytes.subarray(0, at), bytes.subarray(at))))
        expect(split === undefined).toBe(whole === undefined)
        if (whole === undefined || split === undefined) return
        const files = split.finished
        expect(files).toEqual(whole.finished)
        for (const { file } of files)
          for (const [start, end] of file.added) expect(end).toBeGreaterThanOrEqual(start)
      }),
      fuzzParams(),
    )
  })

  it("the git log patch parser keeps a new file's text exactly, however the log is cut", () => {
    const piece = fc.constantFrom(
      'a',
      ' ',
      '+',
      '-',
      '\\',
      '@',
      '\r',
      '\t',
      'é',
      '\x00',
      '+++ b/x',
      '\\ No newline',
    )
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')),
          { minLength: 1, maxLength: 12 },
        ),
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: -2, max: 2 }),
        (lines, final, cut, overLimit) => {
          fc.pre(final || lines.at(-1) !== '')
          const text = lines
            .map((line) => `${line}\n`)
            .join('')
            .slice(0, final ? undefined : -1)
          // The limit at and around the text's size.
          const limit = Math.max(1, Buffer.byteLength(text) - overLimit)
          const count = lines.length === 1 ? '1' : `1,${lines.length}`
          const log = [
            '\x1eGITSEAL\x1fabc\x1fA\x1fa@x\x1f2024-01-01T00:00:00+00:00\x1fmsg',
            'diff --git a/f b/f',
            'new file mode 100644',
            'index 0000000..1234567',
            '--- /dev/null',
            '+++ b/f',
            `@@ -0,0 +${count} @@`,
            ...lines.map((line) => `+${line}`),
            ...(final ? [] : ['\\ No newline at end of file']),
            'diff --git a/g b/g',
            'new file mode 120000',
            '@@ -0,0 +1 @@',
            '+target',
            '',
          ].join('\n')
          const bytes = Buffer.from(log)
          const at = cut % (bytes.length + 1)
          const parser = new PatchParser(limit)
          parser.write(bytes.subarray(0, at))
          parser.write(bytes.subarray(at))
          parser.end()
          const [file, link] = parser.finished.map((done) => done.file)
          const size = Buffer.byteLength(text)
          expect(file?.text === undefined ? undefined : Buffer.from(file.text).toString()).toBe(
            size <= limit ? text : undefined,
          )
          expect(file?.added).toEqual([[1, lines.length]])
          // A link's target is no file text: it is read (and scanned whole) from its blob.
          expect(link?.text).toBeUndefined()
          expect(parser.keptBytes).toBe(size <= limit ? size : 0)
        },
      ),
      fuzzParams(),
    )
  })

  it('the raw diff parser and the path unquoter accept any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseRawDiff(Buffer.from(text.replace(/;/g, '\0')))
        unquoteGitPath(`"${text}"`)
      }),
      fuzzParams(),
    )
  })

  it('keepLines keeps exactly the lines in range, at their positions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 8 }).map((s) => s.replace(/\n/g, '')),
          { minLength: 1, maxLength: 20 },
        ),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 22 }), fc.integer({ min: 0, max: 5 })), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
        (lines, spans, cuts) => {
          const ranges = spans
            .map(([start, length]): [number, number] => [start, start + length])
            .sort((a, b) => a[0] - b[0])
          const merged: [number, number][] = []
          for (const range of ranges) {
            const last = merged.at(-1)
            if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1])
            else merged.push([...range])
          }
          const out = new TextDecoder().decode(keepLines(new TextEncoder().encode(lines.join('\n')), merged))
          const expected = lines.map((line, i) =>
            merged.some(([a, b]) => i + 1 >= a && i + 1 <= b) ? line : '',
          )
          expect(out).toBe(expected.join('\n'))
          // Streamed in pieces cut anywhere (as git's pipe delivers a blob), the same text.
          const bytes = new TextEncoder().encode(lines.join('\n'))
          const keeper = new LineKeeper(merged)
          pushInPieces(keeper, bytes, cuts)
          expect(new TextDecoder().decode(keeper.result())).toBe(out)
        },
      ),
      fuzzParams(),
    )
  })

  it('DocumentKeeper keeps added lines, each touched document the analysers judge whole, and every `---` line', () => {
    const line = fc.constantFrom(
      '---',
      '--- # c',
      '---x',
      'kind: Secret',
      'kind: ConfigMap',
      'data:',
      '  v: x',
      '',
      'a: b',
    )
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 24 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 26 }), fc.integer({ min: 0, max: 3 })), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 6 }),
        (lines, spans, cuts) => {
          const merged: [number, number][] = []
          for (const [start, length] of [...spans].sort((a, b) => a[0] - b[0])) {
            const last = merged.at(-1)
            if (last !== undefined && start <= last[1] + 1) last[1] = Math.max(last[1], start + length)
            else merged.push([start, start + length])
          }
          const added = (n: number) => merged.some(([a, b]) => n >= a && n <= b)
          const separator = (text: string) => /^---(?:[ \t]|$)/.test(text)
          // The reference: documents split at `---` lines (not the first line), judged on their exact text.
          const text = lines.join('\n')
          const expected: string[] = []
          const reduced: string[] = []
          let first = 0
          for (let i = 1; i <= lines.length; i++) {
            if (i < lines.length && !separator(lines[i]!)) continue
            const doc = lines.slice(first, i)
            const docText = doc.join('\n') + (i < lines.length ? '\n' : '')
            // The empty text after a final line break is no line of the document.
            const docLines =
              i === lines.length && doc.length > 1 && doc.at(-1) === '' ? doc.length - 1 : doc.length
            const touched = doc.some((_, k) => k < docLines && added(first + k + 1))
            const whole = touched && holdsAnalyserTrigger(docText)
            doc.forEach((l, k) => {
              const kept = added(first + k + 1) || (k === 0 && separator(l))
              expected.push(whole || kept ? l : '')
              reduced.push(kept ? l : '')
            })
            first = i
          }
          const bytes = new TextEncoder().encode(text)
          const keeper = new DocumentKeeper(merged)
          pushInPieces(keeper, bytes, cuts)
          expect(new TextDecoder().decode(keeper.result())).toBe(expected.join('\n'))
          // Documents past the size limit are reduced as their bytes come (here one at a time).
          const small = new DocumentKeeper(merged, 0)
          for (let i = 0; i < bytes.length; i++) small.push(bytes.subarray(i, i + 1))
          expect(new TextDecoder().decode(small.result())).toBe(reduced.join('\n'))
        },
      ),
      fuzzParams(),
    )
  })

  it('baseline files: any JSON-ish text is a baseline or an E_BAD_CONFIG', () => {
    const json = fc.oneof(
      fc.json(),
      fc.jsonValue().map((findings) => JSON.stringify({ findings })),
      fc.string(),
    )
    fc.assert(
      fc.property(json, (text) => {
        onlyGitsealErrors(() => parseBaseline(text, 'baseline.json'))
      }),
      fuzzParams(),
    )
  })

  it('reporters render any finding text without leaking the secret', () => {
    const finding = fc.record({
      file: fc.string({ minLength: 1, maxLength: 40 }),
      title: fc.string({ maxLength: 40 }),
      redactedLine: fc.string({ maxLength: 80 }),
      remediation: fc.string({ maxLength: 40 }),
      line: fc.integer({ min: 1, max: 10_000 }),
      column: fc.integer({ min: 1, max: 500 }),
    })
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 5 }), (parts) => {
        const secret = 'SECRET_' + 'Q'.repeat(20)
        const findings: Finding[] = parts.map((p) => ({
          ...p,
          redactedLine: p.redactedLine.replaceAll('SECRET_', ''),
          ruleId: 'r',
          severity: 'low',
          endLine: p.line,
          endColumn: p.column + 1,
          secret,
          fingerprint: 'f',
        }))
        for (const format of REPORT_FORMATS) {
          const out = formatReport(format, { findings, summary: emptySummary(), rules: [], toolVersion: '0' })
          expect(out.includes(secret)).toBe(false)
          if (format === 'json' || format === 'sarif') JSON.parse(out)
        }
      }),
      fuzzParams(50),
    )
  })
})
