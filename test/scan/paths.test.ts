import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { scanAll } from '../../src/scan/index.js'
import type { JsonReport, ScanOptions, ScanSource } from '../../src/scan/index.js'
import { BIN } from '../support/cli.js'
import { createDetector } from './support/fake-detector.js'
import { git, tempDir, writeFiles } from './support/git-repo.js'

const S = 'FAKE_SECRET_ABC123'
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function tree(files: Record<string, string | Uint8Array>): string {
  const temp = tempDir()
  cleanups.push(temp.cleanup)
  writeFiles(temp.dir, files)
  return temp.dir
}

async function scanDir(
  dir: string,
  extra: Partial<Extract<ScanSource, { kind: 'paths' }>> = {},
  options: ScanOptions = {},
) {
  return scanAll(
    { kind: 'paths', paths: ['.'], cwd: dir, ...extra },
    { detector: createDetector(), workers: 0, ...options },
  )
}

const files = (findings: { file: string }[]): string[] => [...new Set(findings.map((f) => f.file))].sort()

describe('paths source: the directory walk', () => {
  it('reports findings with paths relative to the working directory, in sorted order', async () => {
    const dir = tree({ 'b.txt': `x ${S}`, 'a/c.yaml': `k: ${S}`, 'a/clean.txt': 'nothing' })
    const { findings, summary } = await scanDir(dir)
    expect(findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ['a/c.yaml', 1, 4],
      ['b.txt', 1, 3],
    ])
    expect(summary.files).toBe(3)
    expect(summary.findings).toBe(2)
  })

  it('honours nested .gitignore files and negations, as git does', async () => {
    const dir = tree({
      '.gitignore': '*.log\nbuild/\n!keep.log\nout/*\n!out/keep.txt\n**/tmp/**\n/anchored.txt\n\\#hash.txt\n',
      'out/drop.txt': S,
      'out/keep.txt': S,
      'a/tmp/x/deep.txt': S,
      'anchored.txt': S,
      'a/anchored.txt': S,
      '#hash.txt': S,
      'app.log': S,
      'keep.log': S,
      'build/out.txt': S,
      'sub/.gitignore': '!app.log\nsecret-*.txt\n',
      'sub/app.log': S,
      'sub/secret-1.txt': S,
      'sub/deeper/secret-2.txt': S,
      'sub/deeper/.gitignore': '!secret-2.txt\n',
      'sub/other.txt': S,
    })
    git(dir, 'init', '-q')
    const { findings } = await scanDir(dir)
    expect(files(findings)).toEqual([
      'a/anchored.txt',
      'keep.log',
      'out/keep.txt',
      'sub/app.log',
      'sub/deeper/secret-2.txt',
      'sub/other.txt',
    ])
    // git itself agrees on what is ignored.
    const ignored = git(dir, 'status', '--porcelain', '--ignored', '-uall')
      .split('\n')
      .filter((line) => line.startsWith('!! '))
      .map((line) => line.slice(3))
      .sort()
    expect(ignored).toEqual([
      '#hash.txt',
      'a/tmp/x/deep.txt',
      'anchored.txt',
      'app.log',
      'build/out.txt',
      'out/drop.txt',
      'sub/secret-1.txt',
    ])
    const listed = git(dir, 'ls-files', '-co', '--exclude-standard')
      .split('\n')
      .filter((f) => !f.endsWith('.gitignore') && f !== '')
    expect(files(findings)).toEqual(listed.sort())
  })

  it('does not honour .gitignore files past 1,000 patterns together: the files they would hide are scanned', async () => {
    // A committed .gitignore of 50,000 patterns made `scan .` take 291 s for 5,000 untracked files.
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `pattern-${i}/*.log\n`).join('')
    const dir = tree({
      '.gitignore': `# comments and blank lines are no patterns\n\n${filler(500)}a.env\n`,
      'a.env': S,
      'sub/.gitignore': `${filler(498)}b.env\n`,
      'sub/b.env': S,
      'sub/deep/.gitignore': 'c.env\n',
      'sub/deep/c.env': S,
    })
    git(dir, 'init', '-q')
    // 501 + 499 patterns: 1,000, honoured; the deepest file would make 1,001, so it is not.
    expect(files((await scanDir(dir)).findings)).toEqual(['sub/deep/c.env'])
  })

  it('applies the repository root .gitignore and .git/info/exclude when scanning a subdirectory', async () => {
    const dir = tree({
      '.gitignore': 'apps/**/*.env\n',
      'apps/x/.env': S,
      'apps/x/a.txt': S,
      'apps/x/b.txt': S,
    })
    git(dir, 'init', '-q')
    writeFiles(dir, { '.git/info/exclude': 'b.txt\n' })
    const { findings } = await scanAll(
      { kind: 'paths', paths: ['apps'], cwd: dir },
      { detector: createDetector(), workers: 0 },
    )
    expect(files(findings)).toEqual(['apps/x/a.txt'])
  })

  it('scans files git tracks even when .gitignore matches them, as every clone holds them', async () => {
    // held-out-9: committed `*.key` files that the repository's own .gitignore lists.
    const dir = tree({
      '.gitignore': '*.key\nsecrets/\n',
      'test/assets/registry.key': S,
      'secrets/tracked.txt': S,
      'secrets/untracked.txt': S,
      'local.key': S,
      'a.txt': S,
    })
    git(dir, 'init', '-q')
    git(dir, 'add', '-f', '.gitignore', 'test/assets/registry.key', 'secrets/tracked.txt', 'a.txt')
    const { findings } = await scanDir(dir)
    expect(files(findings)).toEqual(['a.txt', 'secrets/tracked.txt', 'test/assets/registry.key'])
    // The same tree without git metadata (an unpacked chart, a CI artifact): nothing is kept out of a
    // commit there, and a planted .gitignore hides nothing (red team 19, A21).
    const bare = tree({ '.gitignore': '*\n', 'test/assets/registry.key': S, 'a.txt': S })
    expect(files((await scanDir(bare)).findings)).toEqual(['a.txt', 'test/assets/registry.key'])
  })

  it('scans ignored files with noGitignore, and always scans explicitly named files', async () => {
    const dir = tree({ '.gitignore': 'ignored.txt\n', 'ignored.txt': S })
    git(dir, 'init', '-q')
    expect((await scanDir(dir)).findings).toHaveLength(0)
    expect((await scanDir(dir, { noGitignore: true })).findings).toHaveLength(1)
    expect((await scanDir(dir, { paths: ['ignored.txt'] })).findings).toHaveLength(1)
  })

  it('skips installed dependencies unless asked, walks committed vendor trees, never walks .git', async () => {
    const dir = tree({
      'node_modules/pkg/index.js': S,
      '.venv/lib/site.py': S,
      'vendor/lib.go': S,
      'src/app.js': S,
      '.git/config': S,
    })
    const { findings, summary } = await scanDir(dir)
    expect(files(findings)).toEqual(['src/app.js', 'vendor/lib.go'])
    expect(summary.skipped.excluded).toBe(2)
    expect(summary.skippedFiles.map((s) => s.path)).toEqual(['.venv/', 'node_modules/'])
    const all = await scanDir(dir, { includeVendored: true })
    expect(files(all.findings)).toEqual([
      '.venv/lib/site.py',
      'node_modules/pkg/index.js',
      'src/app.js',
      'vendor/lib.go',
    ])
  })

  it('in a git work tree, reads the files git tracks under installed trees (A16); skips what it does not track', async () => {
    const dir = tree({
      'node_modules/x/.env': S,
      'node_modules/x/untracked.js': S,
      'node_modules/y/index.js': S,
      '.venv/lib/.env': S,
      '.terraform/providers/p.txt': S,
      'src/app.js': S,
    })
    git(dir, 'init', '-q')
    git(dir, 'add', '-f', 'node_modules/x/.env', '.venv/lib/.env', 'src/app.js')
    const { findings, summary } = await scanDir(dir)
    expect(files(findings)).toEqual(['.venv/lib/.env', 'node_modules/x/.env', 'src/app.js'])
    expect(summary.skippedFiles.map((s) => s.path)).toEqual([
      '.terraform/',
      'node_modules/x/untracked.js',
      'node_modules/y/',
    ])
    // Outside a repository, or asked to, as before: skipped whole, or walked whole.
    const all = await scanDir(dir, { includeVendored: true })
    expect(files(all.findings)).toHaveLength(6)
    expect(files((await scanDir(dir, { noGitignore: true })).findings)).toEqual(files(findings))
  })

  it('skips binary files by magic number and by content, and counts them; a name alone is not binary', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, ...Buffer.from(S)])
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, ...Buffer.from(S)])
    const dir = tree({ 'logo.png': png, 'blob.dat2': binary, 'ok.txt': S, 'text.png': S })
    const { findings, summary } = await scanDir(dir)
    expect(files(findings)).toEqual(['ok.txt', 'text.png'])
    expect(summary.skipped.binary).toBe(2)
  })

  it('skips files over the size limit as too-large, failing them closed', async () => {
    const dir = tree({ 'big.txt': `${'a'.repeat(5000)} ${S}`, 'small.txt': S })
    const { findings, summary } = await scanDir(dir, {}, { maxFileSize: 1000 })
    expect(files(findings)).toEqual(['big.txt', 'small.txt'])
    expect(findings.find((f) => f.file === 'big.txt')?.ruleId).toBe('scan-incomplete')
    expect(summary.skipped['too-large']).toBe(1)
  })

  it('never follows symbolic links: loops, aliases and broken links are skipped as symlink', async () => {
    const dir = tree({ 'real/a.txt': S })
    symlinkSync('..', join(dir, 'real', 'up'))
    symlinkSync('real', join(dir, 'alias'))
    symlinkSync('missing-target', join(dir, 'broken'))
    const { findings, summary } = await scanDir(dir)
    expect(files(findings)).toEqual(['real/a.txt'])
    expect(summary.skipped.symlink).toBe(3)
    expect(summary.skippedFiles).toContainEqual({
      path: 'broken',
      reason: 'symlink',
      note: 'broken symbolic link, not followed',
    })
  })

  it('fails closed on an unreadable directory: a scan-incomplete finding and exit 1, listed as skipped', () => {
    const dir = tree({ 'locked/a.txt': S, 'ok.txt': S })
    chmodSync(join(dir, 'locked'), 0)
    try {
      // Root reads everything: CI runs as root, so the scan runs without the capabilities that let
      // root ignore file modes (util-linux setpriv) and the directory is as unreadable as for a user.
      const argv = [process.execPath, BIN, 'scan', '.', '--format', 'json']
      if (process.getuid?.() === 0) argv.unshift('setpriv', '--bounding-set=-dac_override,-dac_read_search')
      const result = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, encoding: 'utf8' })
      expect(result.stderr).not.toContain('Error')
      const { summary, findings } = JSON.parse(result.stdout) as JsonReport
      // Nobody looked inside: the gate must not pass it (issue 18, fail closed).
      expect(result.status).toBe(1)
      expect(findings.map((f) => [f.file, f.ruleId])).toEqual([['locked', 'scan-incomplete']])
      expect(summary.skipped.unreadable).toBe(1)
      expect(summary.skippedFiles).toEqual([
        { path: 'locked', reason: 'unreadable', note: 'cannot read (EACCES)' },
      ])
      expect(summary.files).toBe(1) // ok.txt
    } finally {
      chmodSync(join(dir, 'locked'), 0o755)
    }
  })

  it('excludes gitignore-style globs', async () => {
    const dir = tree({ 'test/fixtures/a.txt': S, 'src/b.txt': S, 'docs/x.md': S })
    const { findings } = await scanDir(dir, {}, { exclude: ['test/fixtures/', '*.md'] })
    expect(files(findings)).toEqual(['src/b.txt'])
  })

  it('fails with E_NOT_FOUND for a missing path', async () => {
    const dir = tree({})
    await expect(scanDir(dir, { paths: ['nope'] })).rejects.toMatchObject({ code: 'E_NOT_FOUND' })
  })

  it('treats an empty directory as a clean scan', async () => {
    const dir = tree({})
    mkdirSync(join(dir, 'empty'))
    const { findings, summary } = await scanDir(dir)
    expect(findings).toEqual([])
    expect(summary.files).toBe(0)
  })
})
