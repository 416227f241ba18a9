/**
 * The files `status` looks at: `git ls-files` (tracked and untracked, .gitignore honoured) inside a
 * repository, a plain directory walk outside one. Paths are returned relative to `cwd`, with `/`.
 */
import { execFile } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { GitsealError } from '../core/errors.js'

const run = promisify(execFile)
const SKIP_DIRS = new Set(['.git', 'node_modules'])

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
    const { stdout } = await run(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...roots],
      { cwd, maxBuffer: 256 * 1024 * 1024 },
    )
    const listed = stdout.split('\0').filter((file) => file !== '')
    // Deleted-but-tracked files are listed too: keep only what exists.
    const present = await Promise.all(
      listed.map((file) =>
        stat(resolve(cwd, file)).then(
          () => true,
          () => false,
        ),
      ),
    )
    return listed.filter((_, i) => present[i])
  } catch {
    return undefined // not a repository, or git is missing: walk instead
  }
}

async function walkAll(cwd: string, roots: readonly string[]): Promise<string[]> {
  const out: string[] = []
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path)
    if (info.isFile()) {
      out.push(relative(cwd, path).split(sep).join('/'))
      return
    }
    if (!info.isDirectory()) return
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue
      if (entry.isDirectory() || entry.isFile()) await walk(join(path, entry.name))
    }
  }
  for (const root of roots) await walk(resolve(cwd, root))
  return out
}
