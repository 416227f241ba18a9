/**
 * The pre-commit framework integration (.pre-commit-hooks.yaml) with the real `pre-commit`: it
 * clones gitseal, builds it with npm (`npm install`, then `npm pack`, whose stdout must be just the
 * tarball name) and runs the hook. A clean clone of this checkout's HEAD stands in for the published
 * repository, so commit before running this file to try uncommitted changes.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0

// .ci/run installs pre-commit (Debian's package), so this only skips on a developer machine without it.
describe.skipIf(!hasPreCommit)('pre-commit framework (skipped: `pre-commit` is not installed)', () => {
  it('blocks a commit that adds AWS credentials and lets a clean commit through', () => {
    const root = scratchDir('pre-commit')
    const clone = join(root, 'gitseal')
    const work = join(root, 'work')
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: join(root, 'cache'),
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      // pre-commit's node hook runs `npm install` in the clone (twice): take packages from npm's cache
      // when it has them (CI's `npm ci` filled it), and retry a stalled registry connection after a
      // minute instead of npm's 5 (a connection that hung 8 min stalled clean-clone CI in session 16).
      npm_config_prefer_offline: 'true',
      npm_config_fetch_timeout: '60000',
      npm_config_fetch_retries: '4',
    }
    const run = (command: string, args: string[], cwd = work) =>
      spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 900_000 })
    const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, encoding: 'utf8' })

    execFileSync('git', ['clone', '--quiet', repo, clone], { env })
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim()
    execFileSync('git', ['init', '--quiet', work])
    // AWS credentials made up now (random, so no secret sits in this repository).
    const pick = (alphabet: string, length: number) =>
      Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('')
    const id = `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`
    const key = pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 40)
    writeFileSync(
      join(work, 'credentials'),
      `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${key}\n`,
    )
    git('add', 'credentials')

    // try-repo: installs the hook from the clone the way users' pre-commit does.
    const tried = run('pre-commit', ['try-repo', clone, 'gitseal'])
    expect(tried.stdout + tried.stderr).toMatch(/gitseal \(block plaintext secrets\)\.+Failed/)
    expect(tried.stdout).toContain('credentials')
    expect(tried.status).toBe(1)

    // The same hook installed into the repository, through real `git commit`s.
    writeFileSync(
      join(work, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${clone}\n    rev: ${rev}\n    hooks:\n      - id: gitseal\n`,
    )
    expect(run('pre-commit', ['install']).status).toBe(0)
    git('add', '.pre-commit-config.yaml')
    const blocked = run('git', ['commit', '--quiet', '-m', 'add a key'])
    expect(blocked.status).not.toBe(0)
    expect(blocked.stdout + blocked.stderr).toContain('credentials')
    expect(() => git('rev-parse', '--verify', '--quiet', 'HEAD')).toThrow()

    git('rm', '--cached', '--quiet', 'credentials')
    writeFileSync(join(work, 'README.md'), 'nothing secret here\n')
    git('add', 'README.md')
    const clean = run('git', ['commit', '--quiet', '-m', 'clean'])
    expect(clean.stdout + clean.stderr).toMatch(/gitseal \(block plaintext secrets\)\.+Passed/)
    expect(clean.status).toBe(0)
    expect(git('log', '--format=%s')).toBe('clean\n')
  }, 1_200_000)
})
