import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HOOK_MARKER } from '../../src/cli/commands/hook-action.js'
import { BIN, runCli } from '../support/cli.js'
import { FAKE_DETECTOR_URL } from './support/fake-detector.js'
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
const hookPath = (dir: string, hooks = '.git/hooks'): string => join(dir, hooks, 'pre-commit')
const OTHER_HOOK = '#!/bin/sh\necho other-hook-ran >> "$(git rev-parse --show-toplevel)/.other-hook.log"\n'

describe('gitseal hook install / uninstall', () => {
  it('installs an executable pre-commit hook running `gitseal scan --staged`', async () => {
    const dir = repo()
    const result = await runCli(['hook', 'install'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    const text = readFileSync(hookPath(dir), 'utf8')
    expect(text).toContain(HOOK_MARKER)
    expect(text).toContain('gitseal scan --staged')
    expect(statSync(hookPath(dir)).mode & 0o111).toBe(0o111)
    const again = await runCli(['hook', 'install'], { cwd: dir })
    expect(again.exitCode).toBe(0)
    expect(again.stderr).toContain('already installed')
  })

  it('chains an existing hook instead of clobbering it, and uninstall restores it', async () => {
    const dir = repo()
    mkdirSync(join(dir, '.git/hooks'), { recursive: true })
    writeFileSync(hookPath(dir), OTHER_HOOK, { mode: 0o755 })
    const result = await runCli(['hook', 'install'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('pre-commit.gitseal-chained')
    expect(readFileSync(join(dir, '.git/hooks/pre-commit.gitseal-chained'), 'utf8')).toBe(OTHER_HOOK)
    const removed = await runCli(['hook', 'uninstall'], { cwd: dir })
    expect(removed.exitCode).toBe(0)
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(OTHER_HOOK)
    expect(existsSync(join(dir, '.git/hooks/pre-commit.gitseal-chained'))).toBe(false)
  })

  it('never overwrites a hook it chained earlier, even with --force', async () => {
    const dir = repo()
    mkdirSync(join(dir, '.git/hooks'), { recursive: true })
    writeFileSync(hookPath(dir), OTHER_HOOK, { mode: 0o755 })
    await runCli(['hook', 'install'], { cwd: dir })
    // Another tool replaces the hook; installing again must not lose the chained one.
    writeFileSync(hookPath(dir), '#!/bin/sh\necho third\n', { mode: 0o755 })
    for (const argv of [
      ['hook', 'install'],
      ['hook', 'install', '--force'],
    ]) {
      const result = await runCli(argv, { cwd: dir })
      expect(result.exitCode).toBe(2)
    }
    expect(readFileSync(join(dir, '.git/hooks/pre-commit.gitseal-chained'), 'utf8')).toBe(OTHER_HOOK)
    expect(readFileSync(hookPath(dir), 'utf8')).toBe('#!/bin/sh\necho third\n')
  })

  it('respects core.hooksPath', async () => {
    const dir = repo()
    git(dir, 'config', 'core.hooksPath', '.githooks')
    const result = await runCli(['hook', 'install'], { cwd: join(dir) })
    expect(result.exitCode).toBe(0)
    expect(readFileSync(hookPath(dir, '.githooks'), 'utf8')).toContain(HOOK_MARKER)
    expect(existsSync(hookPath(dir))).toBe(false)
    expect((await runCli(['hook', 'uninstall'], { cwd: dir })).exitCode).toBe(0)
    expect(existsSync(hookPath(dir, '.githooks'))).toBe(false)
  })

  it('needs --force to replace a modified gitseal hook; refuses to uninstall a hook it did not write', async () => {
    const dir = repo()
    expect((await runCli(['hook', 'uninstall'], { cwd: dir })).exitCode).toBe(2)
    await runCli(['hook', 'install'], { cwd: dir })
    writeFileSync(hookPath(dir), `${readFileSync(hookPath(dir), 'utf8')}\n# local edit\n`)
    const refused = await runCli(['hook', 'install'], { cwd: dir })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('--force')
    expect((await runCli(['hook', 'install', '--force'], { cwd: dir })).exitCode).toBe(0)
    expect(readFileSync(hookPath(dir), 'utf8')).not.toContain('# local edit')
    writeFileSync(hookPath(dir), OTHER_HOOK)
    const notOurs = await runCli(['hook', 'uninstall'], { cwd: dir })
    expect(notOurs.exitCode).toBe(2)
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(OTHER_HOOK)
  })

  it('fails with exit 2 outside a git repository', async () => {
    const { tempDir } = await import('./support/git-repo.js')
    const temp = tempDir()
    cleanups.push(temp.cleanup)
    expect((await runCli(['hook', 'install'], { cwd: temp.dir })).exitCode).toBe(2)
  })

  it('a real `git commit` is blocked by a staged secret, runs the chained hook, and passes when clean', async () => {
    const dir = repo()
    commit(dir, { 'README.md': 'hi\n' })
    mkdirSync(join(dir, '.git/hooks'), { recursive: true })
    writeFileSync(hookPath(dir), OTHER_HOOK, { mode: 0o755 })
    expect((await runCli(['hook', 'install'], { cwd: dir })).exitCode).toBe(0)
    // `gitseal` on PATH: the built bin with the test detector.
    const bin = join(dir, '.bin')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'gitseal'),
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@" --detector-module "${FAKE_DETECTOR_URL}"\n`,
    )
    chmodSync(join(bin, 'gitseal'), 0o755)
    writeFileSync(join(dir, '.gitignore'), '.bin/\n.other-hook.log\n')
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' }
    const gitCommit = (message: string, extra: string[] = []) =>
      spawnSync(
        'git',
        ['-c', 'user.name=A', '-c', 'user.email=a@example.com', 'commit', '-q', ...extra, '-m', message],
        {
          cwd: dir,
          env,
          encoding: 'utf8',
        },
      )
    writeFiles(dir, { 'app.env': 'TOKEN=FAKE_SECRET_HOOK1\n' })
    git(dir, 'add', '-A')
    const blocked = gitCommit('leak')
    expect(blocked.status).toBe(1)
    expect(blocked.stdout + blocked.stderr).toContain('app.env')
    expect(blocked.stdout + blocked.stderr).not.toContain('FAKE_SECRET_HOOK1')
    expect(readFileSync(join(dir, '.other-hook.log'), 'utf8')).toBe('other-hook-ran\n')
    writeFiles(dir, { 'app.env': 'TOKEN=${TOKEN}\n' })
    git(dir, 'add', '-A')
    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the hook must scan that one.
    writeFiles(dir, { 'README.md': 'hi\nFAKE_SECRET_COMMITALL\n' })
    const all = gitCommit('all', ['-a'])
    expect(all.status, all.stdout + all.stderr).toBe(1)
    expect(all.stdout + all.stderr).toContain('README.md')
    writeFiles(dir, { 'README.md': 'hi\n' })
    const passed = gitCommit('clean')
    expect(passed.status, passed.stderr).toBe(0)
    expect(execFileSync('git', ['log', '--format=%s', '-1'], { cwd: dir, encoding: 'utf8' }).trim()).toBe(
      'clean',
    )
  })
})
