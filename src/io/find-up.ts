/**
 * The nearest configuration file from a directory upwards, stopping at the repository root (the
 * first directory holding `.git`) or the file-system root: how `gitseal.yaml` and, for the
 * scanner, `.sops.yaml` are found.
 */
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** The nearest regular file called one of `names` (tried in order per directory), or undefined. */
export function findUp(dir: string, names: readonly string[]): string | undefined {
  // Synchronous existence checks: the pre-commit hook runs on every commit, and a thread-pool
  // round trip per directory and name was most of an empty scan's time.
  for (let current = resolve(dir); ; current = dirname(current)) {
    for (const name of names) {
      const path = join(current, name)
      if (statSync(path, { throwIfNoEntry: false })?.isFile() === true) return path
    }
    if (existsSync(join(current, '.git')) || dirname(current) === current) return undefined
  }
}
