import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { scanAll } from '../../src/scan/index.js'
import { AT_ONCE_BYTES } from '../../src/scan/sources/cat-file.js'
import { createDetector } from './support/fake-detector.js'
import { commit, git, initRepo, writeFiles } from './support/git-repo.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})
function repo(): string {
  const temp = initRepo()
  cleanups.push(temp.cleanup)
  return temp.dir
}
const opts = () => ({ detector: createDetector(), workers: 0 as const })

describe('--staged: the index content', () => {
  it('scans staged content, not the working tree, for partially staged files', async () => {
    const dir = repo()
    commit(dir, { 'app.txt': 'line one\nline two\n' })
    writeFiles(dir, { 'app.txt': 'line one\nkey=FAKE_SECRET_STAGED1\nline two\n' })
    git(dir, 'add', 'app.txt')
    // The working tree then drops the secret and adds another that is not staged.
    writeFiles(dir, { 'app.txt': 'line one\nline two\nFAKE_SECRET_UNSTAGED\n' })
    const { findings } = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(findings.map((f) => [f.file, f.line, f.secret])).toEqual([['app.txt', 2, 'FAKE_SECRET_STAGED1']])
  })

  it('finds nothing when the secret is only in the working tree', async () => {
    const dir = repo()
    commit(dir, { 'a.txt': 'clean\n' })
    writeFiles(dir, { 'a.txt': 'FAKE_SECRET_NOTSTAGED\n' })
    const { findings, summary } = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(findings).toEqual([])
    expect(summary.files).toBe(0)
  })

  it('works before the first commit, from a subdirectory, and ignores deletions', async () => {
    const dir = repo()
    writeFiles(dir, { 'sub/new.txt': 'FAKE_SECRET_FIRST\n', 'gone.txt': 'FAKE_SECRET_GONE\n' })
    git(dir, 'add', '-A')
    const first = await scanAll({ kind: 'staged', cwd: join(dir, 'sub') }, opts())
    expect(first.findings.map((f) => f.file).sort()).toEqual(['gone.txt', 'sub/new.txt'])
    git(dir, 'commit', '-q', '-m', 'first')
    git(dir, 'rm', '-q', 'gone.txt')
    const second = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(second.findings).toEqual([])
  })

  it('handles unusual file names and limits the scan to pathspecs', async () => {
    const dir = repo()
    writeFiles(dir, { 'dir with space/é "q".txt': 'FAKE_SECRET_NAME\n', 'other.txt': 'FAKE_SECRET_OTHER\n' })
    git(dir, 'add', '-A')
    const all = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(all.findings.map((f) => f.file).sort()).toEqual(['dir with space/é "q".txt', 'other.txt'])
    const some = await scanAll({ kind: 'staged', cwd: dir, paths: ['other.txt'] }, opts())
    expect(some.findings.map((f) => f.file)).toEqual(['other.txt'])
  })

  it('reads pathspecs relative to the working directory, as git does', async () => {
    const dir = repo()
    writeFiles(dir, { 'sub/a.env': 'FAKE_SECRET_SUBDIR\n', 'a.env': 'FAKE_SECRET_TOP\n' })
    git(dir, 'add', '-A')
    const fromSub = await scanAll({ kind: 'staged', cwd: join(dir, 'sub'), paths: ['a.env'] }, opts())
    expect(fromSub.findings.map((f) => f.file)).toEqual(['sub/a.env'])
    const fromTop = await scanAll({ kind: 'staged', cwd: dir, paths: ['a.env'] }, opts())
    expect(fromTop.findings.map((f) => f.file)).toEqual(['a.env'])
  })

  it("scans a symbolic link's target text (it is the blob git stores and pushes, A8) and skips binary blobs", async () => {
    const dir = repo()
    writeFiles(dir, {
      'target.txt': 'clean',
      'bin.dat1': new Uint8Array([0, 1, 2, ...Buffer.from('FAKE_SECRET_BIN')]),
    })
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', 'x')
    const { symlinkSync } = await import('node:fs')
    symlinkSync('FAKE_SECRET_LINKTARGET', join(dir, 'link'))
    writeFiles(dir, { 'bin.dat1': new Uint8Array([0, 9, 1, 2, 0xff, ...Buffer.from('FAKE_SECRET_BIN2')]) })
    git(dir, 'add', '-A')
    const { findings, summary } = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(findings.map((f) => [f.file, f.line, f.secret])).toEqual([['link', 1, 'FAKE_SECRET_LINKTARGET']])
    expect(summary.skipped.binary).toBe(1)
    git(dir, 'commit', '-q', '-m', 'link')
    const history = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD~1..HEAD' }, opts())
    expect(history.findings.map((f) => [f.file, f.line, f.secret])).toEqual([
      ['link', 1, 'FAKE_SECRET_LINKTARGET'],
    ])
  })

  it.each([
    ['in one piece', [0, 1, 4095, 65_535, 65_536, 65_537, 300_000, 1_000_003]],
    // Past AT_ONCE_BYTES of cat-file output: streamed through a long-lived cat-file.
    ['streamed', [0, 1, 65_537, 1_000_003, AT_ONCE_BYTES / 2, AT_ONCE_BYTES / 2 + 1, 7]],
  ])('reads blobs of every size exactly through one cat-file process, %s', async (_how, sizes) => {
    const dir = repo()
    const files: Record<string, string> = {}
    for (const [i, size] of sizes.entries()) {
      const body = 'abcdefghij\n'.repeat(Math.ceil(size / 11)).slice(0, size)
      files[`f${i}.txt`] =
        size > 20 ? `${body.slice(0, size - 19)}FAKE_SECRET_S${String(i).padStart(5, '0')}\n` : body
    }
    writeFiles(dir, files)
    git(dir, 'add', '-A')
    const { findings, summary } = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(summary.bytes).toBe(sizes.reduce((a, b) => a + b, 0))
    expect(summary.files).toBe(sizes.length)
    expect(findings.map((f) => f.secret)).toEqual(
      sizes.flatMap((size, i) => (size > 20 ? [`FAKE_SECRET_S${String(i).padStart(5, '0')}`] : [])),
    )
  })

  it('fails with E_USAGE outside a repository', async () => {
    const { tempDir } = await import('./support/git-repo.js')
    const temp = tempDir()
    cleanups.push(temp.cleanup)
    await expect(scanAll({ kind: 'staged', cwd: temp.dir }, opts())).rejects.toMatchObject({
      code: 'E_USAGE',
    })
  })
})

describe('--git RANGE: lines added by each commit', () => {
  it('reports the commit, author and date of the commit that added a secret', async () => {
    const dir = repo()
    commit(dir, { 'a.txt': 'clean\n' }, 'first', '2024-01-02T03:04:05Z')
    const sha = commit(
      dir,
      { 'a.txt': 'clean\ntoken FAKE_SECRET_ADDED\n' },
      'add token',
      '2024-02-03T04:05:06Z',
    )
    commit(dir, { 'b.txt': 'other\n' }, 'third')
    const { findings, summary } = await scanAll({ kind: 'git', cwd: dir }, opts())
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ file: 'a.txt', line: 2, column: 7 })
    expect(findings[0]?.commit).toEqual({
      sha,
      author: 'Alice Example',
      email: 'alice@example.com',
      date: '2024-02-03T04:05:06+00:00',
      message: 'add token',
    })
    expect(summary.commits).toBe(3)
  })

  it('masks secret-looking tokens of the commit subject: a report never prints them', async () => {
    const dir = repo()
    const token = 'Qx7Zr2Kp9Lm4Wv8Tn3Bc'
    commit(dir, { 'a.txt': 'token FAKE_SECRET_ADDED\n' }, `add token ${token} and password=hunter2hunter`)
    const { findings } = await scanAll({ kind: 'git', cwd: dir }, opts())
    expect(findings[0]?.commit?.message).toBe('add token ***** and password=*****')
  })

  it('keeps only findings on added lines: an old secret is not blamed on later commits', async () => {
    const dir = repo()
    const first = commit(dir, { 'a.txt': 'FAKE_SECRET_OLD\nx\n' }, 'old')
    commit(dir, { 'a.txt': 'FAKE_SECRET_OLD\nx\ny FAKE_SECRET_NEW\n' }, 'new')
    const range = await scanAll({ kind: 'git', cwd: dir, range: `${first}..HEAD` }, opts())
    expect(range.findings.map((f) => [f.secret, f.line])).toEqual([['FAKE_SECRET_NEW', 3]])
    const all = await scanAll({ kind: 'git', cwd: dir }, opts())
    expect(all.findings.map((f) => f.secret)).toEqual(['FAKE_SECRET_NEW', 'FAKE_SECRET_OLD'])
    expect(all.summary.commits).toBe(2)
  })

  it('big files are reduced to their added lines with positions intact', async () => {
    const dir = repo()
    const big = 'FAKE_SECRET_OLDBIG\n' + 'filler line of text\n'.repeat(20_000)
    commit(dir, { 'big.txt': big })
    commit(dir, { 'big.txt': `${big}  key FAKE_SECRET_NEWBIG\n` })
    const { findings } = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD~1..HEAD' }, opts())
    expect(findings.map((f) => [f.secret, f.line, f.column])).toEqual([['FAKE_SECRET_NEWBIG', 20_002, 7]])
  })

  it('finds a secret that was added and then removed (it is still in history)', async () => {
    const dir = repo()
    commit(dir, { 'keep.txt': 'k\n' })
    commit(dir, { 'leak.env': 'PASSWORD=FAKE_SECRET_LEAKED\n' }, 'oops')
    rmSync(join(dir, 'leak.env'))
    commit(dir, {}, 'remove')
    const { findings } = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD~2..HEAD' }, opts())
    expect(findings.map((f) => [f.file, f.commit?.message])).toEqual([['leak.env', 'oops']])
  })

  it('an added line that reads like a patch header is content: it cannot hide its file', async () => {
    const dir = repo()
    commit(dir, { 'a.txt': 'a\n' })
    // In the patch these lines are `+++ /dev/null` and `+++ b/vendor/x`; a carriage return before
    // one made a reader that splits lines on it see a header too.
    commit(dir, {
      'a.txt': 'a\nkey FAKE_SECRET_DEVNULL\n++ /dev/null\n',
      'b.txt': 'key FAKE_SECRET_VENDOR\n++ b/vendor/x\n',
      'c.txt': 'key FAKE_SECRET_CR\rx\r+++ /dev/null\n',
    })
    const { findings } = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD~1..HEAD' }, opts())
    expect(findings.map((f) => [f.file, f.secret, f.line])).toEqual([
      ['a.txt', 'FAKE_SECRET_DEVNULL', 2],
      ['b.txt', 'FAKE_SECRET_VENDOR', 1],
      ['c.txt', 'FAKE_SECRET_CR', 1],
    ])
  })

  it('handles renamed files and paths with spaces', async () => {
    const dir = repo()
    commit(dir, { 'old name.txt': 'a\nb\n' })
    git(dir, 'mv', 'old name.txt', 'new name.txt')
    writeFileSync(join(dir, 'new name.txt'), 'a\nb\nFAKE_SECRET_RENAMED\n')
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', 'rename')
    const { findings } = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD~1..HEAD' }, opts())
    expect(findings.map((f) => [f.file, f.line])).toEqual([['new name.txt', 3]])
  })

  it('is not confused by user git config that changes diff output', async () => {
    const dir = repo()
    commit(dir, { 'é dir/a.txt': 'a\n' })
    commit(dir, { 'é dir/a.txt': 'a\nFAKE_SECRET_CONFIG\n' })
    for (const [key, value] of [
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['color.ui', 'always'],
      ['color.diff', 'always'],
      ['core.quotePath', 'true'],
      ['diff.external', 'false'],
      ['log.showSignature', 'true'],
      ['diff.renames', 'copies'],
    ]) {
      git(dir, 'config', key!, value!)
    }
    const history = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD~1..HEAD' }, opts())
    expect(history.findings.map((f) => [f.file, f.line])).toEqual([['é dir/a.txt', 2]])
    writeFiles(dir, { 'é dir/b.txt': 'FAKE_SECRET_STAGEDCONFIG\n' })
    git(dir, 'add', '-A')
    const staged = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(staged.findings.map((f) => f.file)).toEqual(['é dir/b.txt'])
  })

  it('refuses option-like ranges and reports bad revisions as E_USAGE', async () => {
    const dir = repo()
    commit(dir, { 'a.txt': 'a' })
    await expect(scanAll({ kind: 'git', cwd: dir, range: '--output=/tmp/x' }, opts())).rejects.toMatchObject({
      code: 'E_USAGE',
    })
    await expect(scanAll({ kind: 'git', cwd: dir, range: 'nope..HEAD' }, opts())).rejects.toMatchObject({
      code: 'E_USAGE',
    })
  })

  it('reads a log that runs far ahead of the scan in order and in full (the log is paused and resumed)', async () => {
    const dir = repo()
    const files: Record<string, string> = {}
    for (let i = 0; i < 1100; i++) files[`f${String(i).padStart(4, '0')}.txt`] = `x\nkey FAKE_SECRET_N${i}\n`
    commit(dir, files, 'many')
    commit(dir, { 'z.txt': 'key FAKE_SECRET_LAST\n' }, 'last')
    const { findings, summary } = await scanAll({ kind: 'git', cwd: dir }, opts())
    expect(findings.map((f) => f.secret)).toEqual([
      'FAKE_SECRET_LAST',
      ...Array.from({ length: 1100 }, (_, i) => `FAKE_SECRET_N${i}`),
    ])
    expect(summary.commits).toBe(2)
  })

  it('an empty range is a clean scan', async () => {
    const dir = repo()
    commit(dir, { 'a.txt': 'FAKE_SECRET_X' })
    const { findings, summary } = await scanAll({ kind: 'git', cwd: dir, range: 'HEAD..HEAD' }, opts())
    expect(findings).toEqual([])
    expect(summary.commits).toBe(0)
  })
})

describe('history helpers', () => {
  it('keepLines empties lines outside the ranges and keeps positions', async () => {
    const { keepLines } = await import('../../src/scan/sources/line-keeper.js')
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
    const input = new TextEncoder().encode('a1\nb2\nc3\nd4\ne5')
    expect(text(keepLines(input, [[2, 3]]))).toBe('\nb2\nc3\n\n')
    expect(
      text(
        keepLines(input, [
          [1, 1],
          [5, 5],
        ]),
      ),
    ).toBe('a1\n\n\n\ne5')
    expect(text(keepLines(input, []))).toBe('\n\n\n\n')
    expect(text(keepLines(new TextEncoder().encode('x\n'), [[1, 2]]))).toBe('x\n')
  })
})

describe('blobs over --max-file-size are never held whole', () => {
  const limit = 64 * 1024
  const bigText = (lines: number) => `${'x'.repeat(99)}\n`.repeat(lines)
  const rules = (findings: { file: string; ruleId: string }[]) =>
    findings.map((f) => [f.file, f.ruleId]).sort()

  it('--git: a file added whole past the limit fails closed, and the blobs after it still read exactly', async () => {
    const dir = repo()
    commit(dir, { 'a-huge.txt': bigText(1000), 'b.env': 'KEY=FAKE_SECRET_AFTERHUGE\n' })
    const { findings, summary } = await scanAll({ kind: 'git', cwd: dir }, { ...opts(), maxFileSize: limit })
    expect(rules(findings)).toEqual([
      ['a-huge.txt', 'scan-incomplete'],
      ['b.env', 'fake-secret'],
    ])
    expect(summary.skipped['too-large']).toBe(1)
  })

  it('--git: a big file keeps only its added lines as git streams it, so one added line is found under the limit', async () => {
    const dir = repo()
    commit(dir, { 'big.txt': bigText(4000) })
    commit(dir, { 'big.txt': `${bigText(4000)}key FAKE_SECRET_STREAMED\n` })
    const { findings } = await scanAll(
      { kind: 'git', cwd: dir, range: 'HEAD~1..HEAD' },
      { ...opts(), maxFileSize: limit },
    )
    expect(findings.map((f) => [f.file, f.line, f.column, f.ruleId])).toEqual([
      ['big.txt', 4001, 5, 'fake-secret'],
    ])
  })

  it('--staged: a staged file past the limit fails closed', async () => {
    const dir = repo()
    writeFiles(dir, { 'huge.txt': bigText(1000), 'small.env': 'KEY=FAKE_SECRET_STAGEDSMALL\n' })
    git(dir, 'add', '-A')
    const { findings } = await scanAll({ kind: 'staged', cwd: dir }, { ...opts(), maxFileSize: limit })
    expect(rules(findings)).toEqual([
      ['huge.txt', 'scan-incomplete'],
      ['small.env', 'fake-secret'],
    ])
  })
})

describe('a blob git cannot give fails closed', () => {
  it('--staged: a staged file whose object is gone is scan-incomplete, never a silent pass', async () => {
    const dir = repo()
    writeFiles(dir, { 'gone.env': 'KEY=FAKE_SECRET_NOBLOB\n', 'kept.env': 'KEY=FAKE_SECRET_KEPTBLOB\n' })
    git(dir, 'add', '-A')
    const sha = git(dir, 'rev-parse', ':gone.env').trim()
    rmSync(join(dir, '.git/objects', sha.slice(0, 2), sha.slice(2)))
    const { findings } = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(findings.map((f) => [f.file, f.ruleId]).sort()).toEqual([
      ['gone.env', 'scan-incomplete'],
      ['kept.env', 'fake-secret'],
    ])
  })
})
