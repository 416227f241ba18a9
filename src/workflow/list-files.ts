/**
 * The files `status` looks at: `git ls-files` (tracked and untracked, .gitignore honoured) inside a
 * repository, a plain directory walk outside one. Paths are returned relative to `cwd`, with `/`.
 */
import { lstatSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { runGit } from '../io/git.js'

/** True for the files read as manifests (`.yaml`, `.yml`, `.json`); others may still be SOPS files. */
export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path)
}

/**
 * Manifest-like files (`.yaml`, `.yml`, `.json`) under `paths` (files or directories), sorted; with
 * `all`, every file (SOPS also encrypts dotenv, ini and binary files).
 */
export async function listManifestFiles(
  cwd: string,
  paths: readonly string[],
  options: { all?: boolean } = {},
): Promise<string[]> {
  const roots = paths.length > 0 ? paths : ['.']
  for (const root of roots) {
    try {
      await stat(resolve(cwd, root))
    } catch (cause) {
      throw new GitsealError('E_NOT_FOUND', `${root}: no such file or directory`, { cause, file: root })
    }
  }
  const files = (await gitFiles(cwd, roots)) ?? (await walkAll(cwd, roots))
  return [...new Set(files)].filter((file) => options.all === true || isManifestPath(file)).sort()
}

async function gitFiles(cwd: string, roots: readonly string[]): Promise<string[] | undefined> {
  try {
    const stdout = await runGit(
      cwd,
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...roots],
      'git ls-files',
    )
    const listed = stdout
      .toString('utf8')
      .split('\0')
      .filter((file) => file !== '')
    // Deleted-but-tracked files are listed too: keep only what exists, and only regular files. A
    // committed symbolic link is not followed, as in the walk below: one to a directory made status
    // fail ("is a directory"), one to a file may lead out of the tree.
    // Synchronous: one lstat each for thousands of paths, without a thread-pool round trip each.
    const present = listed.map((file) => {
      try {
        return lstatSync(resolve(cwd, file)).isFile()
      } catch {
        return false
      }
    })
    return listed.filter((_, i) => present[i])
  } catch {
    return undefined // not a repository, or git is missing: walk instead
  }
}

// Outside a repository: the one directory walk (symbolic links never followed, `.git` and vendored
// trees skipped, nested `.gitignore` files honoured), one directory walker for the whole tool.
async function walkAll(cwd: string, roots: readonly string[]): Promise<string[]> {
  const { walkFiles } = await import('../io/walk-files.js')
  const out: string[] = []
  for await (const job of walkFiles({ cwd, paths: roots })) {
    if (job.skip === undefined) out.push(job.path)
  }
  return out
}
