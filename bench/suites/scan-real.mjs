// Real repositories: `gitseal scan` next to secretlint (recommended preset) on checked-out trees,
// and `gitseal status` next to `scan`; then both tools' findings scored against the hand judgement
// in bench/real-repos.json (precision/recall per part: tuning, tuning-2 and held-out-2 to held-out-18). Opt-in:
// BENCH_REAL_REPOS names a folder with one tree per repository, `<owner>+<name>` (e.g.
// `argoproj+argo-cd`), checked out at the commit real-repos.json lists — bench/real-repos.sh makes
// it. Without it the suite reports that it did not run: the bench reads nothing outside the
// repository by default.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatMs, measureProcess, table } from '../lib.mjs'
import { SECRETLINT } from './scan.mjs'
import { gitsealLines, loadRealRepos, PARTS, score, secretlintLines } from '../real-repos.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin/gitseal.js')

export const title = 'Scanner on real repositories'

/** Runs a scanner once more to read its JSON report (the timed runs discard output). */
function report(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} failed in ${cwd}: ${result.stderr}`)
  return JSON.parse(result.stdout)
}

function percent(value) {
  return value.toFixed(3)
}

/** Precision/recall rows and goals for the judged repositories that are present. */
function accuracy(data, found) {
  const parts = [...PARTS.map((name) => [name, (repo) => repo.part === name]), ['total', () => true]]
  const rows = []
  const goals = []
  const unjudged = new Set()
  for (const [part, inPart] of parts) {
    const names = new Set(data.repositories.filter(inPart).map((repo) => repo.name))
    const present = [...found.gitseal.keys()].filter((name) => names.has(name))
    if (present.length === 0) continue
    const pick = (map) => new Map(present.map((name) => [name, map.get(name)]))
    const ours = score(data, pick(found.gitseal))
    const peer = score(data, pick(found.secretlint))
    for (const [tool, s, lines] of [
      ['gitseal', ours, found.gitseal],
      ['secretlint', peer, found.secretlint],
    ]) {
      rows.push([
        part,
        `${present.length}`,
        tool,
        `${s.tp}`,
        `${s.fp}`,
        `${s.fn}`,
        percent(s.precision),
        percent(s.recall),
        (s.fp / present.length).toFixed(2),
        `${reposWithFalseAlarms(data, lines, present)}`,
        `${s.unjudged.length}`,
      ])
      for (const line of s.unjudged) unjudged.add(`${tool}: ${line}`)
    }
    const met = (ok) => (ok ? 'met' : 'NOT met')
    goals.push(
      `${part}: precision ≥ 0.90 ${met(ours.precision >= 0.9)} (${percent(ours.precision)}); recall ≥ 0.95 ${met(ours.recall >= 0.95)} (${percent(ours.recall)}); fewer false alarms than secretlint ${met(ours.fp < peer.fp)} (${ours.fp} vs ${peer.fp}); more true secrets than secretlint ${met(ours.tp > peer.tp)} (${ours.tp} vs ${peer.tp})`,
    )
  }
  return { rows, goals, unjudged: [...unjudged].sort() }
}

/**
 * How many of `present` get at least one false alarm: what a team trying the gate on its own
 * repository sees, whatever the other repositories hold (unseen repositories hold few real secrets,
 * so line precision there is mostly the false-alarm rate per repository).
 */
function reposWithFalseAlarms(data, lines, present) {
  return present.filter((name) => score(data, new Map([[name, lines.get(name)]])).fp > 0).length
}

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
      // A symbolic link to a tree counts, so several folders of trees can be scored together.
      .filter(
        (entry) =>
          entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(folder, entry.name)).isDirectory()),
      )
      .map((entry) => ({ name: entry.name, dir: join(folder, entry.name) }))
      .map((repo) => ({ ...repo, mb: treeBytes(repo.dir) / 1e6 }))
      .sort((a, b) => b.mb - a.mb)
    const okCodes = [0, 1]
    const rows = []
    const goals = []
    const data = loadRealRepos()
    const judged = new Set(data.repositories.map((repo) => repo.name))
    const found = { gitseal: new Map(), secretlint: new Map() }
    for (const repo of repos) {
      const opts = { cwd: repo.dir, runs: 2, warmup: 0, okCodes }
      const gitseal = measureProcess(process.execPath, [BIN, 'scan', '.', '--format', 'json'], opts)
      const status = measureProcess(process.execPath, [BIN, 'status', '--json'], opts)
      const secretlint = measureProcess(SECRETLINT, ['**/*', '--format', 'json', '--secretlintrc', rc], opts)
      const speedup = secretlint.median / gitseal.median
      // CPU time (children included) is each process's own cost; on a shared machine wall time also
      // measures the neighbours.
      const cpuSpeedup =
        secretlint.cpu && gitseal.cpu ? secretlint.cpu.median / gitseal.cpu.median : Number.NaN
      const cpuMs = (m) => (m.cpu ? `${m.cpu.median.toFixed(0)} ms` : '—')
      if (judged.has(repo.name)) {
        const ours = report(process.execPath, [BIN, 'scan', '.', '--format', 'json'], repo.dir)
        found.gitseal.set(repo.name, gitsealLines(ours))
        const peer = report(SECRETLINT, ['**/*', '--format', 'json', '--secretlintrc', rc], repo.dir)
        found.secretlint.set(repo.name, secretlintLines(peer, realpathSync(repo.dir)))
      }
      rows.push([
        repo.name.replace('+', '/'),
        repo.mb.toFixed(1),
        formatMs(gitseal),
        formatMs(secretlint),
        `${speedup.toFixed(1)}×`,
        `${cpuMs(gitseal)} / ${cpuMs(secretlint)}`,
        `${cpuSpeedup.toFixed(1)}×`,
        formatMs(status),
        `${(status.median / gitseal.median).toFixed(2)}×`,
        status.cpu && gitseal.cpu ? `${(status.cpu.median / gitseal.cpu.median).toFixed(2)}×` : '—',
      ])
      goals.push(
        `${repo.name.replace('+', '/')}: faster than secretlint ${speedup > 1 ? 'met' : 'NOT met'} (${speedup.toFixed(1)}× wall, ${cpuSpeedup.toFixed(1)}× CPU)`,
      )
    }
    const largest = rows[0]
    if (largest !== undefined)
      goals.push(
        `≥ 3× secretlint on the largest (${largest[0]}): ${Number.parseFloat(largest[4]) >= 3 ? 'met' : 'NOT met'} (${largest[4]} wall, ${largest[6]} CPU)`,
      )
    const scored = accuracy(data, found)
    goals.push(...scored.goals)
    const unjudged =
      scored.unjudged.length === 0
        ? 'Unjudged findings: none.'
        : `Unjudged findings (${scored.unjudged.length}; judge them in bench/real-repos.json):\n\n${scored.unjudged.map((line) => `- ${line}`).join('\n')}`
    return {
      markdown: `${table(
        [
          'repository',
          'MB on disk',
          '`gitseal scan .`',
          '`secretlint "**/*"`',
          'secretlint / gitseal',
          'CPU gitseal / secretlint',
          'secretlint / gitseal (CPU)',
          '`gitseal status`',
          'status / scan',
          'status / scan (CPU)',
        ],
        rows,
      )}\n\nFindings judged by hand (bench/real-repos.json; policy in bench/REAL-REPOS.md), matched by repository, file and line:\n\n${table(
        [
          'part',
          'repos present',
          'tool',
          'TP',
          'FP',
          'FN',
          'precision',
          'recall',
          'FP per repo',
          'repos with an FP',
          'unjudged',
        ],
        scored.rows,
      )}\n\n${unjudged}`,
      goals,
      notes:
        "Whole processes, median of 2 runs each. MB on disk counts every file of the tree; each tool skips what it considers binary or ignored. Scores count distinct finding lines; FN = lines judged true (found by either tool or noticed while reading) that the tool did not report; FP per repo = false alarms ÷ repositories present, and repos with an FP = how many of them get at least one false alarm (what a team trying the gate sees); gitseal's warn-only rules (`password-hash`, `sops-invalid-metadata`, `typed-word-password`) are not scored (they do not fail the gate).",
    }
  } finally {
    rmSync(config, { recursive: true, force: true })
  }
}
