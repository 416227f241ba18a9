/** Real git repositories in temporary directories for the scanner's tests. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A temp directory removed by `cleanup()`. */
export function tempDir(prefix = 'gitseal-scan-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Write files (creating directories) under `root`. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
}

/** Run git in `cwd` and return stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Alice Example',
      GIT_AUTHOR_EMAIL: 'alice@example.com',
      GIT_COMMITTER_NAME: 'Alice Example',
      GIT_COMMITTER_EMAIL: 'alice@example.com',
    },
  })
}

/** `git init` a fresh repository in a temp dir. */
export function initRepo(): { dir: string; cleanup: () => void } {
  const temp = tempDir()
  git(temp.dir, 'init', '-q', '-b', 'main')
  git(temp.dir, 'config', 'commit.gpgsign', 'false')
  return temp
}

/** Write files, stage them and commit; returns the commit id. */
export function commit(
  dir: string,
  files: Record<string, string>,
  message = 'change',
  date?: string,
): string {
  writeFiles(dir, files)
  git(dir, 'add', '-A')
  const env = date === undefined ? [] : [`--date=${date}`]
  git(dir, 'commit', '-q', '--no-verify', '-m', message, ...env)
  return git(dir, 'rev-parse', 'HEAD').trim()
}
