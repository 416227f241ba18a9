/**
 * The files `status` looks at: `git ls-files` (tracked and untracked, .gitignore honoured) inside a
 * repository, a plain directory walk outside one. Paths are returned relative to `cwd`, with `/`.
 */
import { lstatSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { runGit } from '../io/git.js'
import { UNDECODABLE_NAME, escapedName } from '../io/file-name.js'

/** True for the files read as manifests (`.yaml`, `.yml`, `.json`); others may still be SOPS files. */
export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path)
}

/** An entry under the paths that cannot be read: its path as printed, and why. */
interface Unreadable {
  path: string
  note: string
}

/**
 * Manifest-like files (`.yaml`, `.yml`, `.json`) under `paths` (files or directories), sorted; with
 * `all`, every file (SOPS also encrypts dotenv, ini and binary files).
 * @throws GitsealError `E_NOT_FOUND` for a missing path, `E_IO` naming entries that cannot be read
 * (a name that is not valid UTF-8, a directory that cannot be listed): never a silent pass.
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
  const unreadable: Unreadable[] = []
  const files = (await gitFiles(cwd, roots, unreadable)) ?? (await walkAll(cwd, roots, unreadable))
  refuseUnreadable(unreadable)
  return [...new Set(files)].filter((file) => options.all === true || isManifestPath(file)).sort()
}

/** @throws GitsealError `E_IO` naming the first of `unreadable` (and how many more). */
function refuseUnreadable(unreadable: readonly Unreadable[]): void {
  const [first] = unreadable
  if (first === undefined) return
  const more = unreadable.length > 1 ? ` (and ${unreadable.length - 1} more)` : ''
  throw new GitsealError('E_IO', `${first.path}: ${first.note}${more}`, {
    file: first.path,
    hint: 'status cannot vouch for files it cannot read: rename them or fix their permissions, or pass only paths without them.',
  })
}

/** The paths of a `git ls-files -z` output; names that are not valid UTF-8 go to `unreadable`. */
function splitNames(stdout: Buffer, unreadable: Unreadable[]): string[] {
  const names: string[] = []
  for (let at = 0; at < stdout.length;) {
    const end = stdout.indexOf(0, at)
    const raw = stdout.subarray(at, end < 0 ? stdout.length : end)
    at = end < 0 ? stdout.length : end + 1
    if (raw.length === 0) continue
    const name = raw.toString('utf8')
    if (Buffer.from(name).equals(raw)) names.push(name)
    else unreadable.push({ path: escapedName(raw), note: UNDECODABLE_NAME })
  }
  return names
}

async function gitFiles(
  cwd: string,
  roots: readonly string[],
  unreadable: Unreadable[],
): Promise<string[] | undefined> {
  let stdout: Buffer
  try {
    stdout = await runGit(
      cwd,
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...roots],
      'git ls-files',
    )
  } catch {
    return undefined // not a repository, or git is missing: walk instead
  }
  const listed = splitNames(stdout, unreadable)
  // Deleted-but-tracked files are listed too: keep only what exists, and only regular files. A
  // committed symbolic link is not followed, as in the walk below: one to a directory made status
  // fail ("is a directory"), one to a file may lead out of the tree.
  // Synchronous: one lstat each for thousands of paths, without a thread-pool round trip each.
  return listed.filter((file) => {
    try {
      return lstatSync(resolve(cwd, file)).isFile()
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        unreadable.push({ path: file, note: `cannot read (${code ?? 'error'})` })
      return false
    }
  })
}

// Outside a repository: the one directory walk (symbolic links never followed, `.git` and vendored
// trees skipped, nested `.gitignore` files honoured), one directory walker for the whole tool.
async function walkAll(cwd: string, roots: readonly string[], unreadable: Unreadable[]): Promise<string[]> {
  const { walkFiles } = await import('../io/walk-files.js')
  const out: string[] = []
  for await (const job of walkFiles({ cwd, paths: roots })) {
    if (job.skip === undefined) out.push(job.path)
    else if (job.skip === 'unreadable') unreadable.push({ path: job.path, note: job.note ?? 'cannot read' })
  }
  return out
}
