/**
 * `.gitignore` semantics for the directory walk: every `.gitignore` from the repository root down
 * to a path applies, deeper files win, the last matching pattern of a file wins (so `!negations`
 * re-include), and `.git/info/exclude` applies at the root. Pattern matching is the `ignore`
 * package's, which follows git's rules (`git check-ignore` is its test oracle).
 */
import { readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Ignore } from 'ignore'

/** The rules of one directory's `.gitignore` (and, at the root, `.git/info/exclude`). */
interface Level {
  dir: string
  rules: Ignore
}

/** An immutable chain of levels from the root down to the current directory. */
export interface IgnoreChain {
  readonly levels: readonly Level[]
}

/** The empty chain: nothing is ignored. */
export const NO_IGNORES: IgnoreChain = { levels: [] }

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return undefined
  }
}

/** `chain` extended with `dir`'s `.gitignore` (unless `ownGitignore` is false) and `extraFiles` (e.g. `.git/info/exclude`). */
export async function enterDirectory(
  chain: IgnoreChain,
  dir: string,
  extraFiles: readonly string[] = [],
  ownGitignore = true,
): Promise<IgnoreChain> {
  const texts: string[] = []
  for (const file of ownGitignore ? [...extraFiles, join(dir, '.gitignore')] : extraFiles) {
    const text = await readOptional(file)
    if (text !== undefined) texts.push(text)
  }
  if (texts.length === 0) return chain
  const { default: ignore } = await import('ignore') // only once a .gitignore is found
  const rules = ignore({ allowRelativePaths: true })
  for (const text of texts) rules.add(text)
  return { levels: [...chain.levels, { dir, rules }] }
}

/** True when git would ignore `absPath` (a directory when `isDir`), given the chain of its parent. */
export function isIgnored(chain: IgnoreChain, absPath: string, isDir: boolean): boolean {
  let ignored = false
  for (const level of chain.levels) {
    // A level is a directory above the path (the walk's case): its relative path is the rest of the
    // string, without `path.relative` normalising both sides for every entry of a tree.
    const prefixed = absPath.startsWith(level.dir) && absPath.charAt(level.dir.length) === sep
    const rel = prefixed ? absPath.slice(level.dir.length + 1) : relative(level.dir, absPath)
    if (rel === '' || rel.startsWith('..')) continue
    const posix = sep === '/' ? rel : rel.split(sep).join('/')
    const result = level.rules.test(isDir ? `${posix}/` : posix)
    // Deeper files override shallower ones; a level with no matching rule keeps the verdict.
    if (result.ignored) ignored = true
    else if (result.unignored) ignored = false
  }
  return ignored
}
