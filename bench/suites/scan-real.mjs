// Real repositories: `gitseal scan` next to secretlint (recommended preset) on checked-out trees,
// and `gitseal status` next to `scan`. Opt-in: BENCH_REAL_REPOS names a folder of extracted trees
// (one folder per repository, e.g. `argoproj+argo-cd`, made with
// `git --git-dir=<mirror> archive HEAD | tar -x -C <folder>/<owner>+<name>`); without it the suite
// reports that it did not run, since the bench reads nothing outside the repository by default.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatMs, measureProcess, table } from '../lib.mjs'
import { SECRETLINT } from './scan.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin/gitseal.js')

export const title = 'Scanner on real repositories'

function treeBytes(dir) {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath ?? entry.path, entry.name)).size
  }
  return bytes
}

export async function run() {
  const folder = process.env.BENCH_REAL_REPOS
  if (folder === undefined || !existsSync(folder)) {
    return { markdown: 'Not run: set BENCH_REAL_REPOS to a folder of extracted repository trees.' }
  }
  if (SECRETLINT === undefined) throw new Error('secretlint is not installed (npm ci --prefix bench)')
  const config = mkdtempSync(join(tmpdir(), 'gitseal-bench-real-'))
  try {
    const rc = join(config, '.secretlintrc.json')
    writeFileSync(rc, '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n')
    const repos = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ name: entry.name, dir: join(folder, entry.name) }))
      .map((repo) => ({ ...repo, mb: treeBytes(repo.dir) / 1e6 }))
      .sort((a, b) => b.mb - a.mb)
    const okCodes = [0, 1]
    const rows = []
    const goals = []
    for (const repo of repos) {
      const opts = { cwd: repo.dir, runs: 2, warmup: 0, okCodes }
      const gitseal = measureProcess(process.execPath, [BIN, 'scan', '.', '--format', 'json'], opts)
      const status = measureProcess(process.execPath, [BIN, 'status', '--json'], opts)
      const secretlint = measureProcess(SECRETLINT, ['**/*', '--format', 'json', '--secretlintrc', rc], opts)
      const speedup = secretlint.median / gitseal.median
      rows.push([
        repo.name.replace('+', '/'),
        repo.mb.toFixed(1),
        formatMs(gitseal),
        formatMs(secretlint),
        `${speedup.toFixed(1)}×`,
        formatMs(status),
        `${(status.median / gitseal.median).toFixed(2)}×`,
      ])
      goals.push(
        `${repo.name.replace('+', '/')}: faster than secretlint ${speedup > 1 ? 'met' : 'NOT met'} (${speedup.toFixed(1)}×)`,
      )
    }
    const largest = rows[0]
    if (largest !== undefined)
      goals.push(
        `≥ 3× secretlint on the largest (${largest[0]}): ${Number.parseFloat(largest[4]) >= 3 ? 'met' : 'NOT met'} (${largest[4]})`,
      )
    return {
      markdown: table(
        [
          'repository',
          'MB on disk',
          '`gitseal scan .`',
          '`secretlint "**/*"`',
          'secretlint / gitseal',
          '`gitseal status`',
          'status / scan',
        ],
        rows,
      ),
      goals,
      notes:
        'Whole processes, median of 2 runs each. MB on disk counts every file of the tree; each tool skips what it considers binary or ignored.',
    }
  } finally {
    rmSync(config, { recursive: true, force: true })
  }
}
