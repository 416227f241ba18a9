/**
 * `status` fails closed on entries it cannot read, as `scan` does: a plaintext Secret whose file
 * name is not valid UTF-8 was dropped from the list silently (exit 0, "0 plaintext"), outside a
 * repository (the directory walk's skipped entries) and inside one (git's raw name, decoded with
 * U+FFFD, matched no file).
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { secretYaml } from '../support/repo.js'
import { scratchDir } from '../support/scratch.js'

const PASSWORD = 'q7-unreadable-plaintext'

function folderWithBadName(git: boolean): string {
  const dir = scratchDir('status-unreadable')
  writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n')
  // `bad\xff.yaml`: a name Node can list but not turn into a path string.
  writeFileSync(Buffer.from(`${dir}/bad\xff.yaml`, 'latin1'), secretYaml('s', { password: PASSWORD }))
  if (git) {
    execFileSync('git', ['init', '-q', dir])
    execFileSync('git', ['-C', dir, 'add', '.'])
  }
  return dir
}

describe('status on entries it cannot read', () => {
  it.each([
    ['outside a repository', false],
    ['inside a repository', true],
  ])('%s: exit 2, naming the entry (escaped) and what to do; no value printed', async (_where, git) => {
    const result = await runCli(['status'], { cwd: folderWithBadName(git) })
    expect(result.stderr).toContain(
      'bad\\xff.yaml: its name is not valid UTF-8, so gitseal cannot open it: rename it',
    )
    expect(result.stderr).toMatch(/hint: status cannot vouch for files it cannot read/)
    expect(result.exitCode).toBe(2)
    expect(result.stdout + result.stderr).not.toContain(PASSWORD)
  })
})
