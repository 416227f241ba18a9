/**
 * Git LFS (red team 19, A26): with `*.env filter=lfs`, `git add` stages a pointer and the clean
 * filter stores the content in .git/lfs/objects, whence `git push` uploads it. `--staged` scans
 * that object in the pointer's place; a pointer whose object is missing fails closed, unless its
 * name claims a binary format (an image under LFS). git-lfs itself is not needed: the test lays
 * out what its clean filter leaves.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { scanAll } from '../../src/scan/index.js'
import { lfsPointerOid } from '../../src/scan/sources/lfs.js'
import { git, initRepo, writeFiles } from './support/git-repo.js'
import { CS, rnd } from './rules/tokens.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const detector = createDetector()
const pointer = (content: string): string =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${createHash('sha256').update(content).digest('hex')}\nsize ${Buffer.byteLength(content)}\n`

describe('Git LFS pointers in the index', () => {
  it('--staged scans the stored object; a missing one fails closed unless the name claims a binary format', async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    const stored = `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    const missing = `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    const oid = lfsPointerOid(Buffer.from(pointer(stored))) ?? ''
    writeFiles(repo.dir, {
      'prod.env': pointer(stored),
      'other.env': pointer(missing),
      'logo.png': pointer(missing),
      [join('.git/lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid)]: stored,
    })
    git(repo.dir, 'add', 'prod.env', 'other.env', 'logo.png')
    const { findings, summary } = await scanAll({ kind: 'staged', cwd: repo.dir }, { detector, workers: 0 })
    expect(findings.map((finding) => `${finding.file} ${finding.ruleId}`).sort()).toEqual([
      'other.env scan-incomplete',
      'prod.env aws-secret-access-key',
    ])
    expect(summary.skipped.binary).toBe(1)
  })

  it("--git scans the object a commit's pointer names when it is there (also under lfs.storage), else says so (red team 21 A26)", async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    const stored = `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    const elsewhere = `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    const missing = `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    const objectPath = (root: string, content: string): string => {
      const oid = lfsPointerOid(Buffer.from(pointer(content))) ?? ''
      return join(root, oid.slice(0, 2), oid.slice(2, 4), oid)
    }
    writeFiles(repo.dir, {
      'prod.env': pointer(stored),
      'other.env': pointer(missing),
      'logo.png': pointer(missing),
      [objectPath('.git/lfs/objects', stored)]: stored,
    })
    git(repo.dir, 'add', 'prod.env', 'other.env', 'logo.png')
    git(repo.dir, 'commit', '-q', '-m', 'lfs')
    const history = await scanAll({ kind: 'git', cwd: repo.dir }, { detector, workers: 0 })
    expect(history.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toEqual([
      'prod.env aws-secret-access-key',
    ])
    expect(history.findings[0]?.commit?.message).toBe('lfs')
    expect(history.summary.skippedFiles).toEqual([
      { path: 'logo.png', reason: 'binary' },
      {
        path: 'other.env',
        reason: 'unreadable',
        note: 'a Git LFS pointer whose object is not here (git lfs fetch): its content was not scanned',
      },
    ])
    // git-lfs's lfs.storage setting moves the objects (relative to the git directory).
    git(repo.dir, 'config', 'lfs.storage', '../lfs-store')
    writeFiles(repo.dir, {
      'stage.env': pointer(elsewhere),
      [objectPath('lfs-store/objects', elsewhere)]: elsewhere,
    })
    git(repo.dir, 'add', 'stage.env')
    git(repo.dir, 'commit', '-q', '-m', 'stored elsewhere')
    const moved = await scanAll(
      { kind: 'git', cwd: repo.dir, range: 'HEAD~1..HEAD' },
      { detector, workers: 0 },
    )
    expect(moved.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toEqual([
      'stage.env aws-secret-access-key',
    ])
  })

  it('only a pointer is one', () => {
    const text = pointer('x')
    expect(lfsPointerOid(Buffer.from(text))).toMatch(/^[0-9a-f]{64}$/)
    expect(lfsPointerOid(Buffer.from(`#${text}`))).toBeUndefined()
    expect(lfsPointerOid(Buffer.from(text.replace('oid sha256:', 'oid md5:')))).toBeUndefined()
    expect(lfsPointerOid(Buffer.from(`${text}${'x'.repeat(1024)}`))).toBeUndefined()
  })
})
