/** Directory names of vendored or generated dependency trees, skipped unless `--include-vendored`. */
export const VENDORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.terraform',
  '.terragrunt-cache',
  'Pods',
  'Carthage',
  '.gradle',
  '.pnpm-store',
  '.yarn',
])
