/**
 * Dependency trees: code a repository took from others rather than wrote. Neither kind is judged
 * by the generic rules or the analysers (a library's test passwords and example configs are not
 * this repository's configuration), but a private key or a checksummed token committed there is
 * still leaked, so the provider rules read them (see `isVendoredPath`, docs/scan.md).
 */

/**
 * What a package manager installs (caches, virtualenvs, provider plugins): regenerated from a
 * lockfile and seldom committed. The directory walk skips them unless `--include-vendored`, as
 * gitleaks (node_modules, bower_components, virtualenvs) and secretlint (node_modules) do.
 */
export const INSTALLED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.terraform',
  '.terragrunt-cache',
  '.gradle',
  '.pnpm-store',
  '.yarn',
])

/**
 * Vendored sources committed on purpose (Go, PHP and Ruby `vendor/`, CocoaPods, Carthage): part of
 * the repository, always walked; neither peer skips a PHP or JavaScript `vendor/`.
 */
const COMMITTED_VENDOR_DIRS = ['vendor', 'Pods', 'Carthage']

/** Every directory name of a dependency tree, installed or vendored. */
export const VENDORED_DIRS: ReadonlySet<string> = new Set([...INSTALLED_DIRS, ...COMMITTED_VENDOR_DIRS])

/** True when `path` (`/`-separated) lies inside a dependency tree: a directory of it has such a name. */
export function isVendoredPath(path: string): boolean {
  const dirs = path.split('/')
  dirs.pop() // the file's own name
  return dirs.some((dir) => VENDORED_DIRS.has(dir))
}
