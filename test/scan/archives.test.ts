/**
 * Compressed archives are opened within bounds (red team 25): a `.env` in a zip, a plaintext Secret
 * in `secret.yaml.gz`, a token in a `.docx` or in a zip inside a zip passed the gate unread as
 * binary (exit 0). Archives are made by the real tools (`git archive`, `gzip`, `zip`), entries are
 * reported as `archive!entry`, in every mode; what cannot be opened in full (an inflated size past
 * --max-file-size, a damaged archive, an unknown compression method) fails closed; encrypted
 * entries are protected content and pass, as an archive holding nothing secret does.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { scanAll } from '../../src/scan/index.js'
import type { ScanSource } from '../../src/scan/sources/types.js'
import { runJob } from '../../src/scan/workers/scan-job.js'
import { cpuMs } from '../support/cpu-time.js'
import { git, initRepo, tempDir, writeFiles } from './support/git-repo.js'
import { CS, j, rnd } from './rules/tokens.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const detector = createDetector()
const CREDS = `AWS_ACCESS_KEY_ID=${j('AK', 'IA')}${rnd(CS.b32, 16)}\nAWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
const PASSWORD = rnd(CS.alnum, 24)
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${PASSWORD}\n`

/** Files made by real tools in a scratch directory: `files` written there, then `command` run. */
function made(files: Record<string, string | Uint8Array>, command: string[], output: string): Buffer {
  const temp = tempDir('gitseal-archive-')
  cleanups.push(temp.cleanup)
  writeFiles(temp.dir, files)
  execFileSync(command[0] as string, command.slice(1), { cwd: temp.dir, stdio: 'ignore' })
  return readFileSync(join(temp.dir, output))
}

/** A zip written by `git archive` (deflated entries) of `files`. */
function gitZip(files: Record<string, string | Uint8Array>, format = 'zip'): Buffer {
  const temp = initRepo()
  cleanups.push(temp.cleanup)
  writeFiles(temp.dir, files)
  git(temp.dir, 'add', '-A')
  git(temp.dir, 'commit', '-q', '--no-verify', '-m', 'x')
  git(temp.dir, 'archive', `--format=${format}`, '-o', 'out.bin', 'HEAD')
  return readFileSync(join(temp.dir, 'out.bin'))
}

const gzip = (name: string, content: string | Uint8Array): Buffer =>
  made({ [name]: content }, ['gzip', '-9', name], `${name}.gz`)

const rules = (path: string, content: Uint8Array, maxSize?: number): string[] =>
  [
    ...new Set(runJob(detector, { path, content }, maxSize).findings.map((f) => `${f.file} ${f.ruleId}`)),
  ].sort()

const incomplete = (path: string, content: Uint8Array, maxSize?: number): string | undefined =>
  runJob(detector, { path, content }, maxSize).incomplete

describe('compressed archives', () => {
  it('a .env in a zip, a Secret in a .gz, a token in a .docx or a .tgz, a zip in a zip: found under archive!entry', () => {
    const zip = gitZip({ 'config/.env': CREDS, 'README.md': '# app\n' })
    expect(rules('bundle.zip', zip)).toEqual([
      'bundle.zip!config/.env aws-access-key-id',
      'bundle.zip!config/.env aws-secret-access-key',
    ])
    // By content, whatever the name says.
    expect(rules('bundle.dat', zip)).toEqual([
      'bundle.dat!config/.env aws-access-key-id',
      'bundle.dat!config/.env aws-secret-access-key',
    ])
    // A self-extracting archive: a script with the zip appended (unzip opens it).
    const sfx = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), zip])
    expect(rules('install.sh', sfx)).toEqual([
      'install.sh!config/.env aws-access-key-id',
      'install.sh!config/.env aws-secret-access-key',
    ])
    expect(rules('secret.yaml.gz', gzip('secret.yaml', SECRET))).toEqual([
      'secret.yaml.gz!secret.yaml k8s-secret-plaintext',
    ])
    const docx = made(
      { 'word/document.xml': `<w:t>${CREDS}</w:t>` },
      ['zip', '-q', '-r', 'd.docx', 'word'],
      'd.docx',
    )
    expect(rules('notes.docx', docx)).toContain('notes.docx!word/document.xml aws-secret-access-key')
    const tgz = gitZip({ 'chart/.env': CREDS }, 'tar.gz')
    expect(rules('chart.tgz', tgz)).toEqual([
      'chart.tgz!chart/.env aws-access-key-id',
      'chart.tgz!chart/.env aws-secret-access-key',
    ])
    const nested = gitZip({ 'inner.zip': gitZip({ '.env': CREDS }) })
    expect(rules('outer.zip', nested)).toEqual([
      'outer.zip!inner.zip!.env aws-access-key-id',
      'outer.zip!inner.zip!.env aws-secret-access-key',
    ])
  })

  it("a tar's files are scanned as files (a packaged Helm chart's Secret template), in every tar format", () => {
    const deep = `${'very-long-directory-name/'.repeat(5)}templates`
    const files = { [`mychart/templates/secret.yaml`]: SECRET, [`mychart/${deep}/secret.yaml`]: SECRET }
    const paths = ['mychart/templates/secret.yaml', `mychart/${deep}/secret.yaml`]
    for (const format of ['gnu', 'pax', 'ustar']) {
      // ustar keeps names over 100 bytes in its prefix field; gnu in a long-name entry; pax in a record.
      const tgz = made(
        files,
        ['tar', `--format=${format}`, '-czf', 'mychart-0.1.0.tgz', 'mychart'],
        'mychart-0.1.0.tgz',
      )
      expect(rules('charts/mychart-0.1.0.tgz', tgz), format).toEqual(
        paths.map((path) => `charts/mychart-0.1.0.tgz!${path} k8s-secret-plaintext`).sort(),
      )
      const tar = made(files, ['tar', `--format=${format}`, '-cf', 'out.tar', 'mychart'], 'out.tar')
      expect(rules('dist/out.tar', tar), format).toEqual(
        paths.map((path) => `dist/out.tar!${path} k8s-secret-plaintext`).sort(),
      )
      expect(rules('bundle.zip', gitZip({ 'out.tar': tar })), format).toEqual(
        paths.map((path) => `bundle.zip!out.tar!${path} k8s-secret-plaintext`).sort(),
      )
    }
    // A tar of nothing secret: scanned, nothing found, nothing incomplete.
    const clean = made({ 'a/README.md': '# a\n' }, ['tar', '-cf', 'a.tar', 'a'], 'a.tar')
    expect(runJob(detector, { path: 'a.tar', content: clean })).toMatchObject({ findings: [] })
    expect(incomplete('a.tar', clean)).toBeUndefined()
  })

  it('a tar with a damaged header or cut short fails closed', () => {
    const tar = made({ 'a/.env': CREDS, 'a/b.txt': 'x'.repeat(3000) }, ['tar', '-cf', 'a.tar', 'a'], 'a.tar')
    const damaged = Buffer.from(tar)
    const second = damaged.indexOf('a/b.txt', 0, 'latin1')
    damaged[second] = 'c'.charCodeAt(0)
    expect(incomplete('a.tar', damaged)).toMatch(/header is damaged/)
    expect(incomplete('a.tar', tar.subarray(0, 512 * 4 + 100))).toMatch(/runs past the end|cut short/)
  })

  it('an archive holding nothing secret is a binary skip, as before', () => {
    const zip = gitZip({ 'README.md': '# app\n', 'src/main.go': 'package main\n' })
    expect(runJob(detector, { path: 'app.zip', content: zip })).toMatchObject({
      findings: [],
      skipped: 'binary',
    })
    expect(runJob(detector, { path: 'notes.md.gz', content: gzip('notes.md', '# notes\n') })).toMatchObject({
      findings: [],
    })
  })

  it('fails closed on what it cannot open: inflated past the limit, damaged, truncated, an unknown method', () => {
    const bomb = gzip('zeros.env', Buffer.alloc(4 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(64 * 1024)
    expect(incomplete('zeros.env.gz', bomb, 1024 * 1024)).toMatch(/inflates past --max-file-size/)
    const zip = gitZip({ '.env': CREDS, 'pad.txt': 'x'.repeat(5000) })
    expect(incomplete('cut.zip', zip.subarray(0, zip.length - 200))).toMatch(/without its central directory/)
    const damaged = Buffer.from(zip)
    const data = damaged.indexOf('PK\x03\x04', 0, 'latin1')
    damaged.fill(0xff, data + 40, data + 60)
    expect(incomplete('damaged.zip', damaged)).toMatch(/cannot be inflated/)
    // Method 12 (bzip2) in every header: not read, so not passed.
    const bzip = Buffer.from(zip)
    for (const signature of ['PK\x03\x04', 'PK\x01\x02']) {
      const offset = signature === 'PK\x03\x04' ? 8 : 10
      for (
        let at = bzip.indexOf(signature, 0, 'latin1');
        at >= 0;
        at = bzip.indexOf(signature, at + 4, 'latin1')
      )
        bzip.writeUInt16LE(12, at + offset)
    }
    const result = runJob(detector, { path: 'b.zip', content: bzip })
    expect(result.incomplete).toMatch(/compressed with method 12/)
  })

  it('an encrypted entry is protected content: not opened, not a failure', () => {
    const zip = Buffer.from(gitZip({ '.env': CREDS }))
    // The encryption flag in the local and central headers (the data is then unreadable by design).
    for (const [signature, offset] of [
      ['PK\x03\x04', 6],
      ['PK\x01\x02', 8],
    ] as const) {
      const at = zip.indexOf(signature, 0, 'latin1')
      zip.writeUInt16LE(zip.readUInt16LE(at + offset) | 1, at + offset)
    }
    const result = runJob(detector, { path: 'locked.zip', content: zip })
    expect(result.incomplete).toBeUndefined()
    expect(result.findings).toEqual([])
  })

  it('a zip of zips nested past the depth and a zip of too many entries fail closed in bounded time', () => {
    let nested = gitZip({ '.env': 'A=1\n' })
    for (let depth = 0; depth < 5; depth++) nested = gitZip({ [`level${depth}.zip`]: nested })
    expect(runJob(detector, { path: 'deep.zip', content: nested }).incomplete).toMatch(
      /nested more than 4 deep/,
    )
    // 10,001 empty files zipped, then one deleted from the archive (zip -d): 10,000 entries.
    const script =
      'mkdir f && for i in $(seq 0 10000); do : > f/$i; done && zip -q -r -0 -D many.zip f && cp many.zip most.zip && zip -q -d most.zip f/0'
    const temp = tempDir('gitseal-archive-')
    cleanups.push(temp.cleanup)
    execFileSync('sh', ['-c', script], { cwd: temp.dir, stdio: 'ignore' })
    expect(incomplete('many.zip', readFileSync(join(temp.dir, 'many.zip')))).toMatch(
      /more than 10000 entries/,
    )
    // 10,000 empty entries, each scanned as a file of its own: bounded CPU time.
    const most = readFileSync(join(temp.dir, 'most.zip'))
    let result: string | undefined = 'unset'
    const ms = cpuMs(() => (result = incomplete('most.zip', most)))
    expect(result).toBeUndefined()
    expect(ms).toBeLessThan(3000)
  })

  it('directory, --staged, --git and --stdin modes report the entry', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    writeFiles(temp.dir, {
      'dist/bundle.zip': gitZip({ '.env': CREDS }),
      'secret.yaml.gz': gzip('secret.yaml', SECRET),
    })
    const expected = [
      'dist/bundle.zip!.env aws-access-key-id',
      'dist/bundle.zip!.env aws-secret-access-key',
      'secret.yaml.gz!secret.yaml k8s-secret-plaintext',
    ]
    const run = async (source: ScanSource): Promise<string[]> => {
      const { findings } = await scanAll(source, { detector, workers: 0 })
      return [...new Set(findings.map((f) => `${f.file} ${f.ruleId}`))].sort()
    }
    expect(await run({ kind: 'paths', paths: ['.'], cwd: temp.dir })).toEqual(expected)
    git(temp.dir, 'add', '-A')
    expect(await run({ kind: 'staged', cwd: temp.dir })).toEqual(expected)
    git(temp.dir, 'commit', '-q', '--no-verify', '-m', 'add')
    expect(await run({ kind: 'git', cwd: temp.dir })).toEqual(expected)
    const content = readFileSync(join(temp.dir, 'secret.yaml.gz'))
    expect(await run({ kind: 'content', content, filename: 'x.yaml.gz' })).toEqual([
      'x.yaml.gz!x.yaml k8s-secret-plaintext',
    ])
  })
})
