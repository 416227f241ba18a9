/**
 * `--git`: what each commit's job holds is the commit's blob, byte for byte, whether it was taken
 * from the log's patch (a new file's text, checked against its blob id) or read through cat-file
 * (a changed, binary, linked or big file); and what is found in it is found in the right commit.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { scanAll } from '../../src/scan/index.js'
import { historyJobs } from '../../src/scan/sources/history.js'
import type { ScanJob } from '../../src/scan/sources/types.js'
import { createDetector } from './support/fake-detector.js'
import { commit, git, initRepo, writeFiles } from './support/git-repo.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Blobs up to this size are scanned whole (history.ts WHOLE_BLOB_LIMIT). */
const WHOLE = 256 * 1024

function stage(dir: string, message: string): string {
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '--no-verify', '-m', message)
  return git(dir, 'rev-parse', 'HEAD').trim()
}

/** A history with every kind of change the log spells differently. */
function history(): string {
  const temp = initRepo()
  cleanups.push(temp.cleanup)
  const dir = temp.dir
  commit(dir, { 'README.md': 'hello\n' }, 'init')
  // New files: no final newline, CRLF lines, lines that read like patch syntax, an empty file,
  // invalid UTF-8, a file of one line, and one of many.
  writeFiles(dir, {
    'no-newline.env': 'A=1\nKEY=FAKE_SECRET_NONEWLINE',
    'crlf.env': 'A=1\r\nKEY=FAKE_SECRET_CRLF\r\n\r\n',
    'patchy.txt':
      '+++ b/other\n\\ No newline at end of file\n@@ -1 +1 @@\ndiff --git a/x b/x\n+ FAKE_SECRET_PATCHY\n',
    'empty.txt': '',
    'one.txt': 'FAKE_SECRET_ONE',
    'many.txt': `${'line of text\n'.repeat(5000)}FAKE_SECRET_MANY\n`,
    'lone-cr.txt': 'a\rFAKE_SECRET_LONECR\r\n\\\n',
  })
  writeFiles(dir, { 'latin1.txt': Buffer.from('caf\xe9 FAKE_SECRET_LATIN1\n', 'latin1') })
  stage(dir, 'new files')
  // A new file past the whole-blob size, an executable, a link, a binary and a `-diff` text.
  writeFiles(dir, {
    'huge.txt': `${'x'.repeat(99)}\n`.repeat(3000) + 'FAKE_SECRET_HUGE\n',
    'run.sh': '#!/bin/sh\necho FAKE_SECRET_EXEC\n',
    // (The gate tests' detector skips content with NUL bytes: only its bytes are checked.)
    'blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(' FAKE_SECRET_BINARY ')]),
    '.gitattributes': 'hidden.env -diff\n',
    'hidden.env': 'KEY=FAKE_SECRET_NODIFF\n',
  })
  chmodSync(join(dir, 'run.sh'), 0o755)
  symlinkSync('FAKE_SECRET_LINK', join(dir, 'link'))
  stage(dir, 'odd files')
  // Changed files (read through cat-file), a move and a rename.
  writeFiles(dir, { 'crlf.env': 'A=1\r\nKEY=FAKE_SECRET_CRLF\r\nB=FAKE_SECRET_CHANGED\r\n' })
  renameSync(join(dir, 'one.txt'), join(dir, 'moved-one.txt'))
  git(dir, 'mv', 'patchy.txt', 'renamed patchy.txt')
  stage(dir, 'change, move, rename')
  // A Secret manifest edited across commits.
  const secret = (value: string): string =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${value}\n`
  commit(dir, { 'k8s/secret.yaml': secret('FAKE_SECRET_MANIFEST1') }, 'secret 1')
  commit(dir, { 'k8s/secret.yaml': secret('FAKE_SECRET_MANIFEST2') }, 'secret 2')
  // A branch adding files, merged, and a merge with its own line (an evil merge).
  git(dir, 'checkout', '-q', '-b', 'side')
  commit(dir, { 'side/new.env': 'KEY=FAKE_SECRET_SIDE\n', 'README.md': 'hello\nside\n' }, 'side')
  git(dir, 'checkout', '-q', 'main')
  commit(dir, { 'README.md': 'hello\nmain\n' }, 'main change')
  try {
    git(dir, 'merge', '-q', '--no-edit', 'side')
  } catch {
    // The README conflict: resolved with a line of the merge's own.
  }
  writeFiles(dir, { 'README.md': 'hello\nmain\nside\nFAKE_SECRET_EVIL\n' })
  stage(dir, 'merge side')
  rmSync(join(dir, 'empty.txt'))
  stage(dir, 'delete')
  return dir
}

async function jobsOf(dir: string): Promise<ScanJob[]> {
  const jobs: ScanJob[] = []
  for await (const job of historyJobs({ kind: 'git', cwd: dir })) jobs.push(job)
  return jobs
}

function blob(dir: string, sha: string, path: string): Buffer {
  return execFileSync('git', ['cat-file', 'blob', `${sha}:${path}`], { cwd: dir, maxBuffer: 1 << 26 })
}

describe('--git: each job is its commit blob', () => {
  it('holds the blob byte for byte, new files (from the patch) and changed ones (from cat-file) alike', async () => {
    const dir = history()
    const jobs = await jobsOf(dir)
    const whole = jobs.filter((job) => job.content !== undefined && job.content.length <= WHOLE)
    expect(whole.length).toBeGreaterThan(15)
    for (const job of whole) {
      const sha = job.commit?.sha ?? ''
      expect({ path: job.path, content: Buffer.from(job.content ?? []) }).toEqual({
        path: job.path,
        content: blob(dir, sha, job.path),
      })
    }
    // The file past the whole-blob size is added whole: all of it is kept too.
    const huge = jobs.find((job) => job.path === 'huge.txt')
    expect(Buffer.from(huge?.content ?? [])).toEqual(blob(dir, huge?.commit?.sha ?? '', 'huge.txt'))
    expect(jobs.map((job) => job.path)).not.toContain('empty.txt')
  })

  it('finds each planted secret in the commit that added it, once', async () => {
    const dir = history()
    const { findings } = await scanAll({ kind: 'git', cwd: dir }, { detector: createDetector(), workers: 0 })
    const subject = (sha: string | undefined): string =>
      git(dir, 'log', '-1', '--format=%s', sha ?? '').trim()
    const found = findings.map((f) => `${subject(f.commit?.sha)}: ${f.file}:${f.line} ${f.secret}`)
    expect(found.sort()).toEqual(
      [
        'change, move, rename: crlf.env:3 FAKE_SECRET_CHANGED',
        'change, move, rename: moved-one.txt:1 FAKE_SECRET_ONE',
        'change, move, rename: renamed patchy.txt:5 FAKE_SECRET_PATCHY',
        'merge side: README.md:4 FAKE_SECRET_EVIL',
        'new files: crlf.env:2 FAKE_SECRET_CRLF',
        'new files: latin1.txt:1 FAKE_SECRET_LATIN1',
        'new files: lone-cr.txt:1 FAKE_SECRET_LONECR',
        'new files: many.txt:5001 FAKE_SECRET_MANY',
        'new files: no-newline.env:2 FAKE_SECRET_NONEWLINE',
        'new files: one.txt:1 FAKE_SECRET_ONE',
        'new files: patchy.txt:5 FAKE_SECRET_PATCHY',
        'odd files: hidden.env:1 FAKE_SECRET_NODIFF',
        'odd files: huge.txt:3001 FAKE_SECRET_HUGE',
        'odd files: link:1 FAKE_SECRET_LINK',
        'odd files: run.sh:2 FAKE_SECRET_EXEC',
        'secret 1: k8s/secret.yaml:6 FAKE_SECRET_MANIFEST1',
        'secret 2: k8s/secret.yaml:6 FAKE_SECRET_MANIFEST2',
        'side: side/new.env:1 FAKE_SECRET_SIDE',
      ].sort(),
    )
  })
})
