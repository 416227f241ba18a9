/**
 * A repository's own `.git/config` must not make gitseal run a program: `core.fsmonitor` names one
 * that git runs on `ls-files`, `diff --cached` and `status`, and a `.git` folder in an unpacked
 * archive (or a hostile checkout handed to CI) can set it.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { scanAll } from '../../src/scan/index.js'
import { listManifestFiles } from '../../src/workflow/list-files.js'
import { createDetector } from '../scan/support/fake-detector.js'
import { commit, git, initRepo, writeFiles } from '../scan/support/git-repo.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A repository whose config runs a program that leaves `marker` behind; the file a.yaml staged. */
function trappedRepo(): { dir: string; marker: string } {
  const temp = initRepo()
  cleanups.push(temp.cleanup)
  const { dir } = temp
  const marker = join(dir, 'RAN')
  commit(dir, { 'a.yaml': 'a: 1\n' })
  writeFiles(dir, { 'a.yaml': 'a: 2\n', 'hook.sh': `#!/bin/sh\ntouch '${marker}'\n` })
  chmodSync(join(dir, 'hook.sh'), 0o755)
  git(dir, 'add', 'a.yaml')
  git(dir, 'config', 'core.fsmonitor', join(dir, 'hook.sh'))
  // The trap works: git itself runs it (otherwise this test could not fail).
  git(dir, 'ls-files')
  expect(existsSync(marker)).toBe(true)
  rmSync(marker)
  return { dir, marker }
}

const opts = () => ({ detector: createDetector(), workers: 0 as const })

describe("a repository's core.fsmonitor is never run", () => {
  it('by scan --staged', async () => {
    const { dir, marker } = trappedRepo()
    const { summary } = await scanAll({ kind: 'staged', cwd: dir }, opts())
    expect(summary.files).toBe(1)
    expect(existsSync(marker)).toBe(false)
  })

  it('by scan PATH (the walk asks git which files it tracks)', async () => {
    const { dir, marker } = trappedRepo()
    const { summary } = await scanAll({ kind: 'paths', cwd: dir, paths: ['.'] }, opts())
    expect(summary.files).toBe(2)
    expect(existsSync(marker)).toBe(false)
  })

  it('by status (git ls-files)', async () => {
    const { dir, marker } = trappedRepo()
    expect(await listManifestFiles(dir, [])).toEqual(['a.yaml'])
    expect(existsSync(marker)).toBe(false)
  })
})
