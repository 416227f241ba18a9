/**
 * UTF-16 text without a byte order mark and mostly outside ASCII (red team 19, A25): CJK comments
 * around a `.env` line make the file binary to the sniff, and a binary's printable text used to
 * blank every UTF-16 character (a byte run of one). Its ASCII runs are now read as `strings -el`
 * reads them, so the provider rules find the token; the byte runs a binary had keep their text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { printableText } from '../../src/scan/sources/binary.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { CS, j, rnd } from './rules/tokens.js'

const detector = createDetector()
const ids = (path: string, content: Uint8Array): string[] =>
  detector.scanFile(path, content).findings.map((finding) => `${finding.ruleId}@${finding.line}`)
const utf16 = (text: string, order: 'le' | 'be'): Buffer => {
  const bytes = Buffer.from(text, 'utf16le')
  return order === 'le' ? bytes : bytes.swap16()
}
const CJK = '这是一个配置文件，包含一些设置。'.repeat(200)
const CYRILLIC = 'Это файл конфигурации с настройками. '.repeat(200)

describe('UTF-16 text without a byte order mark, mostly outside ASCII', () => {
  it('a token in it is found, in either byte order, on its line', () => {
    const secret = rnd(CS.b64, 40)
    const key = j('AK', 'IA') + rnd(CS.b32, 16)
    for (const prose of [CJK, CYRILLIC]) {
      for (const order of ['le', 'be'] as const) {
        const text = `${prose}\nAWS_SECRET_ACCESS_KEY=${secret}\n${prose}\nid ${key}。${prose}\n`
        expect(ids('a.env', utf16(text, order)), `${order} ${prose.slice(0, 4)}`).toEqual([
          'aws-secret-access-key@2',
          'aws-access-key-id@4',
        ])
      }
    }
  })
  it('printable text keeps every printable byte run of a binary, and writes UTF-16 runs only where it blanked', () => {
    const piece = fc.oneof(
      fc.constantFrom('\0', '\n', '\x01', 'A\0', 'z\0', '\0Q', '\u00ff', ' '),
      fc.string({ unit: 'binary-ascii', maxLength: 20 }),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const content = Buffer.from(pieces.join(''), 'latin1')
        const out = printableText(content)
        expect(out.length).toBe(content.length)
        // Every run of 12+ printable bytes is there as it was; line feeds stay where they were.
        for (const match of content.toString('latin1').matchAll(/[\x20-\x7e\t]{12,}/g))
          expect(out.slice(match.index, match.index + match[0].length)).toBe(match[0])
        for (let i = 0; i < content.length; i++) if (content[i] === 10) expect(out[i]).toBe('\n')
      }),
      fuzzParams(),
    )
  })
})

describe('generic assignments in binary-judged UTF-16 (red team 21, R9)', () => {
  it('a password assignment between CJK comments is found, in either byte order, beside the provider token', () => {
    for (const order of ['le', 'be'] as const) {
      const password = rnd(CS.alnum, 20)
      const key = j('AK', 'IA') + rnd(CS.b32, 16)
      const text = `# ${CJK}\nDB_PASSWORD=${password}\n# ${CJK}\nAWS_ACCESS_KEY_ID=${key}\n`
      expect(ids('.env', utf16(text, order)), order).toEqual(['generic-password@2', 'aws-access-key-id@4'])
    }
  })
  it('a placeholder assignment stays quiet, and a binary that is not clean UTF-16 gets no generic pass', () => {
    expect(ids('.env', utf16(`# ${CJK}\nDB_PASSWORD=changeme\n`, 'le'))).toEqual([])
    // Control bytes between the units: not text in either byte order.
    const planted = Buffer.from(`\x01\x02DB_PASSWORD=${rnd(CS.alnum, 20)}\n`.repeat(40), 'latin1')
    expect(ids('dump.bin', Buffer.concat([planted, Buffer.alloc(64)]))).toEqual([])
    // Named as text (.env), the control bytes were planted: its printable text is judged (3c32b37).
    expect(ids('.env', Buffer.concat([planted, Buffer.alloc(64)]))).toContain('generic-password@1')
  })
})

describe('bytes read as UTF-16 that are not UTF-16 past their head', () => {
  // A byte order mark and a NUL, or NUL pairs in the head, made the whole file UTF-16: the ASCII
  // `.env` line after it read as CJK noise and passed the gate (red team 25).
  it('a secret after a UTF-16-looking head is found', () => {
    const password = rnd(CS.alnum, 24)
    const key = j('AK', 'IA') + rnd(CS.b32, 16)
    const tail = `DB_PASSWORD=${password}\nAWS_ACCESS_KEY_ID=${key}\n`
    const heads = [Buffer.from([0xff, 0xfe, 0, 0x0a]), Buffer.from('\x01\0'.repeat(200), 'latin1')]
    for (const head of heads) {
      const rules = detector
        .scanFile('prod.env', Buffer.concat([head, Buffer.from(tail)]))
        .findings.map((finding) => finding.ruleId)
      expect(rules, head.subarray(0, 4).toString('hex')).toEqual(
        expect.arrayContaining(['aws-access-key-id', expect.stringMatching(/password/)]),
      )
    }
  })

  it('a secret after a UTF-32 byte order mark is found (the rest read as U+FFFD)', () => {
    const tail = `DB_PASSWORD=${j('Qz8vLp3m', 'Wn5tRx7kYb2c')}\nAWS_ACCESS_KEY_ID=${j('AK', 'IA4VOOANLPPC6GZL3Y')}\n`
    const marks = [Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from([0, 0, 0xfe, 0xff])]
    for (const mark of marks) {
      const rules = detector
        .scanFile('prod.env', Buffer.concat([mark, Buffer.from(tail)]))
        .findings.map((finding) => finding.ruleId)
      expect(rules, mark.toString('hex')).toEqual(
        expect.arrayContaining(['aws-access-key-id', expect.stringMatching(/password/)]),
      )
    }
    // Real UTF-32 text: found once, on its line.
    const secret = rnd(CS.b64, 40)
    const text = `\ufeff# config\nAWS_SECRET_ACCESS_KEY=${secret}\n`
    const wide = Buffer.alloc(4 * text.length)
    for (let k = 0; k < text.length; k++) wide.writeUInt32LE(text.charCodeAt(k), 4 * k)
    expect(ids('a.env', wide)).toEqual(['aws-secret-access-key@2'])
  })

  it('real UTF-16 text is reported once, on its own line', () => {
    const secret = rnd(CS.b64, 40)
    const text = `\ufeff# config\nAWS_SECRET_ACCESS_KEY=${secret}\n`
    expect(ids('a.env', utf16(text, 'le'))).toEqual(['aws-secret-access-key@2'])
    expect(ids('a.env', utf16(text, 'be'))).toEqual(['aws-secret-access-key@2'])
  })
})
