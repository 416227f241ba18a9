/**
 * The files git tracks in a repository, for the directory walk: `.gitignore` says what git leaves
 * untracked, so a tracked file it matches (a key committed before `*.key` was added, or with
 * `git add -f`) is in every clone and is scanned like any other.
 */
import { sep } from 'node:path'
import { runGit } from './git.js'

/** Tracked files and the directories holding them, by absolute path. */
export interface TrackedPaths {
  /** True when `abs` is a tracked file, or (`isDir`) a directory holding one. */
  has: (abs: string, isDir: boolean) => boolean
}

/**
 * The tracked paths of the repository at `root` (`git ls-files`), or undefined when git cannot say
 * (not installed, not a repository it will read): the walk then honours `.gitignore` alone.
 */
export async function trackedPaths(root: string): Promise<TrackedPaths | undefined> {
  let out: Buffer
  try {
    out = await runGit(root, ['ls-files', '-z', '--cached'], 'git ls-files')
  } catch {
    return undefined
  }
  const files = new Set<string>()
  const dirs = new Set<string>()
  // git lists normalised `/`-separated paths: joined to the root by hand (path.join per file and
  // per directory level was a few % of a big repository's walk).
  const base = root.endsWith(sep) ? root : root + sep
  for (const path of out.toString('utf8').split('\0')) {
    if (path === '') continue
    const abs = base + (sep === '/' ? path : path.split('/').join(sep))
    files.add(abs)
    for (let end = abs.lastIndexOf(sep); end >= base.length; end = abs.lastIndexOf(sep, end - 1)) {
      const dir = abs.slice(0, end)
      if (dirs.has(dir)) break
      dirs.add(dir)
    }
  }
  return {
    has: (abs, isDir) => (isDir ? dirs.has(abs.endsWith(sep) ? abs.slice(0, -1) : abs) : files.has(abs)),
  }
}
