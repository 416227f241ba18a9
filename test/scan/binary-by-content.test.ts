/**
 * A file is binary by its bytes, never by its name alone (red team 19, A6): a text file named
 * `creds.dat`, `backup.bin`, `notes.pdf` or `x.png` is scanned in every mode; a file whose name
 * claims a format is skipped unread only when its first bytes are that format's magic number — a
 * big one too, without reading past its head — and it holds no whole provider token (9695b66).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { scanAll } from '../../src/scan/index.js'
import type { ScanSource } from '../../src/scan/sources/types.js'
import { isKnownBinary } from '../../src/scan/sources/binary-formats.js'
import { git, initRepo, writeFiles } from './support/git-repo.js'
import { CS, j, rnd } from './rules/tokens.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const detector = createDetector()
const awsKey = j('AK', 'IA') + rnd(CS.b32, 16)
const CREDS = `AWS_ACCESS_KEY_ID=${awsKey}\nAWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
/** A credential no provider rule knows by its shape: the generic rules, which skip binaries, would report it. */
const UNSHAPED = `DB_PASSWORD=${rnd(CS.alnum, 24)}\n`
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1')
const PNG_HEAD = latin1('\x89PNG\r\n\x1a\n\0\0\0\rIHDR')
/** A limit the big files below pass: 64 KiB. */
const MAX = 64 * 1024

/** Files named like binary formats: text ones (found) and real ones (skipped). */
function files(): Record<string, Uint8Array | string> {
  return {
    'creds.dat': CREDS,
    'backup.bin': CREDS,
    'notes.pdf': CREDS,
    'x.png': CREDS,
    'db.sqlite': CREDS,
    // Real formats holding a whole provider token (an AWS key pair): read by the provider rules
    // since 9695b66 (`cat logo.png .env > logo.png` must not pass the gate), not counted as skipped.
    'logo.png': Buffer.concat([PNG_HEAD, latin1(`\0\x01\x02${CREDS}`)]),
    'report.pdf': latin1(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n${CREDS}`),
    'state.db': Buffer.concat([latin1('SQLite format 3\0\x10\0\x01\x01'), latin1(CREDS)]),
    // A real format with no provider token in its bytes: what the name says, skipped unread.
    'icon.png': Buffer.concat([PNG_HEAD, latin1(`\0\x01\x02${UNSHAPED}`)]),
    // Past the size limit: a real video is skipped as binary by its head; a text "video" fails closed.
    'film.mp4': Buffer.concat([latin1('\0\0\0\x20ftypisom\0\0\x02\0'), Buffer.alloc(2 * MAX, 7)]),
    'fake.mp4': `${CREDS}${'#'.repeat(2 * MAX)}\n`,
  }
}

const found = (findings: { file: string; ruleId: string }[]): string[] =>
  [...new Set(findings.map((finding) => `${finding.file} ${finding.ruleId}`))].sort()

const EXPECTED = [
  'backup.bin aws-access-key-id',
  'backup.bin aws-secret-access-key',
  'creds.dat aws-access-key-id',
  'creds.dat aws-secret-access-key',
  'db.sqlite aws-access-key-id',
  'db.sqlite aws-secret-access-key',
  'fake.mp4 scan-incomplete',
  'logo.png aws-access-key-id',
  'logo.png aws-secret-access-key',
  'notes.pdf aws-access-key-id',
  'notes.pdf aws-secret-access-key',
  'report.pdf aws-access-key-id',
  'report.pdf aws-secret-access-key',
  'state.db aws-access-key-id',
  'state.db aws-secret-access-key',
  'x.png aws-access-key-id',
  'x.png aws-secret-access-key',
]

async function run(source: ScanSource): Promise<{ found: string[]; binary: number; tooLarge: number }> {
  const { findings, summary } = await scanAll(source, { detector, workers: 0, maxFileSize: MAX })
  return { found: found(findings), binary: summary.skipped.binary, tooLarge: summary.skipped['too-large'] }
}

describe('binary files are told by content, not by name', () => {
  it('directory, --staged and --git modes scan text named like a binary format; real formats are skipped', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    writeFiles(temp.dir, files())
    const expected = { found: EXPECTED, binary: 2, tooLarge: 1 } // icon.png and film.mp4
    expect(await run({ kind: 'paths', paths: ['.'], cwd: temp.dir })).toEqual(expected)
    git(temp.dir, 'add', '-A')
    expect(await run({ kind: 'staged', cwd: temp.dir })).toEqual(expected)
    git(temp.dir, 'commit', '-q', '--no-verify', '-m', 'add')
    expect(await run({ kind: 'git', cwd: temp.dir })).toEqual(expected)
  })

  it('--stdin with a binary format name is scanned unless its bytes are that format', async () => {
    const text = await run({ kind: 'content', content: CREDS, filename: 'x.png' })
    expect(text.found).toEqual(['x.png aws-access-key-id', 'x.png aws-secret-access-key'])
    const png = await run({ kind: 'content', content: files()['icon.png'] as Uint8Array, filename: 'x.png' })
    expect(png).toEqual({ found: [], binary: 1, tooLarge: 0 })
    const withToken = await run({
      kind: 'content',
      content: files()['logo.png'] as Uint8Array,
      filename: 'x.png',
    })
    expect(withToken.found).toEqual(['x.png aws-access-key-id', 'x.png aws-secret-access-key'])
  })

  it('a file named like a binary format holding a NUL byte is binary (a Go gob called index.db): its tokens are still found', () => {
    const gob = latin1(
      `\x28\xff\x81\x03\x01\x01\x0eSearchDatabase\x01\xff\x80\0\n${'Flux documentation text.\n'.repeat(40)}DB_PASSWORD=${rnd(CS.alnum, 24)}\n`,
    )
    expect(detector.scanFile('index.db', gob).findings).toEqual([])
    expect(detector.scanFile('index.env', gob).findings.map((finding) => finding.ruleId)).toEqual([
      'generic-password',
    ])
    const withKey = Buffer.concat([gob, latin1(CREDS)])
    expect(detector.scanFile('index.db', withKey).findings.map((finding) => finding.ruleId)).toEqual([
      'aws-access-key-id',
      'aws-secret-access-key',
    ])
  })

  it('a file named as text with control bytes planted in it gets the whole scan (red team 25); ciphertext so named stays quiet', async () => {
    const { randomBytes } = await import('node:crypto')
    const value = rnd(CS.alnum, 24)
    const line = `DB_PASSWORD=${value}\n`
    const planted = {
      // Two bytes made a small .env binary (one NUL and one other control byte: past 1 in 64).
      '.env': latin1(`${line}\0\x01\n`),
      'prod.env': latin1(`${'\0\x01\x02\x03\x04\x05\x06\x07\x08'.repeat(40)}\n${line}`),
      'app.properties': latin1(`${'\x7f\0\x1b\x01\x02'.repeat(80)}\nspring.datasource.password=${value}\n`),
    }
    for (const [name, content] of Object.entries(planted)) {
      const result = detector.scanFile(name, content)
      expect(result.skipped, name).toBeUndefined()
      expect(
        result.findings.map((finding) => finding.ruleId),
        name,
      ).toContain('generic-password')
    }
    // A git-crypt file (header, then ciphertext) named .env: its printable runs are noise.
    for (let i = 0; i < 20; i++) {
      const crypt = Buffer.concat([latin1('\0GITCRYPT\0'), randomBytes(4096)])
      expect(detector.scanFile('secrets/.env', crypt)).toEqual({ findings: [], skipped: 'binary' })
    }
  })

  it('magic numbers: the format the name claims, at its place', () => {
    const zip = latin1('PK\x03\x04\x14\0\0\0')
    expect(isKnownBinary('a.jar', zip)).toBe(true)
    expect(isKnownBinary('a.docx', zip)).toBe(true)
    expect(isKnownBinary('a.png', zip)).toBe(false) // another format than the name says
    expect(isKnownBinary('a.dat', zip)).toBe(false) // no format to claim: decided by the content check
    expect(isKnownBinary('a.elf', latin1('\x7fELF'))).toBe(false)
    expect(isKnownBinary('lib.so', latin1('\x7fELF\x02\x01'))).toBe(true)
    expect(isKnownBinary('a.tar', Buffer.concat([Buffer.alloc(257), latin1('ustar\0')]))).toBe(true)
    expect(isKnownBinary('a.tar', latin1('ustar'))).toBe(false)
    expect(isKnownBinary('a.pdf', latin1('junk\n%PDF-1.4'))).toBe(true)
    expect(isKnownBinary('a.pyc', latin1('\x55\x0d\r\n\0\0'))).toBe(true)
    expect(isKnownBinary('a.pyc', latin1('ab\r\nprint(1)'))).toBe(false) // text with CR LF
    expect(isKnownBinary('Makefile', latin1('\x7fELF'))).toBe(false)
    expect(isKnownBinary('dir.png/notes', PNG_HEAD)).toBe(false)
  })
})
