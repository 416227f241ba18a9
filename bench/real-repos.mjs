// Scoring against bench/real-repos.json, the hand judgement of every finding either scanner made on
// the listed public repositories (see bench/REAL-REPOS.md for the policy and the folder layout).
// Pure functions so the data file's shape can be checked by a cheap test without any repository.
import { existsSync, readFileSync } from 'node:fs'

function readJson(name) {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'))
}

/**
 * The judgement data, read from the repository: real-repos.json, then each part kept in a file of its
 * own (partFiles), then real-repos-duplicates.json's archive copies.
 */
export function loadRealRepos() {
  const data = readJson('./real-repos.json')
  for (const { data: part } of partFiles()) {
    data.repositories.push(...part.repositories)
    data.judgements.push(...part.judgements)
  }
  return withDuplicates(data, readJson('./real-repos-duplicates.json'))
}

/**
 * Parts judged after real-repos.json neared 2 MiB (the size gitseal's own scan reads whole) live in
 * bench/real-repos-<part>.json, with the same shape: one file per part, each repository's `part`
 * naming its file.
 */
export function partFiles() {
  return PARTS.filter((part) => existsSync(new URL(`./real-repos-${part}.json`, import.meta.url))).map(
    (part) => ({ part, data: readJson(`./real-repos-${part}.json`) }),
  )
}

/**
 * The judgements with real-repos-duplicates.json's archive copies added as `duplicate` verdicts
 * (REAL-REPOS.md, "Archive entries"). They live in their own file to keep real-repos.json small
 * enough for gitseal's own full scan (2 MiB).
 */
export function withDuplicates(data, { duplicates }) {
  const copies = duplicates.map((copy) => ({
    ...copy,
    verdict: 'duplicate',
    why: 'archive copy of a judged line',
  }))
  return { ...data, judgements: [...data.judgements, ...copies] }
}

/** The parts repositories belong to (bench/REAL-REPOS.md), each scored and reported on its own. */
export const PARTS = [
  'tuning',
  'tuning-2',
  'held-out-2',
  'held-out-3',
  'held-out-4',
  'held-out-5',
  'held-out-6',
  'held-out-7',
  'held-out-8',
  'held-out-9',
  'held-out-10',
  'held-out-11',
  'held-out-12',
  'held-out-13',
  'held-out-14',
  'held-out-15',
  'held-out-16',
  'held-out-17',
  'held-out-18',
  'held-out-19',
  'held-out-20',
  'held-out-21',
  'held-out-22',
  'held-out-23',
  'held-out-24',
  'held-out-25',
  'held-out-26',
  'held-out-27',
  'held-out-28',
  'held-out-29',
  'held-out-30',
  'held-out-31',
  'held-out-32',
  'held-out-33',
]

/** Problems with the data file's shape (empty when it is sound), so the data cannot rot unnoticed. */
export function validateRealRepos(data) {
  const problems = []
  const names = new Set()
  if (!Array.isArray(data?.repositories) || !Array.isArray(data?.judgements))
    return ['repositories and judgements must be arrays']
  for (const repo of data.repositories) {
    if (typeof repo.name !== 'string' || !/^[\w.-]+\+[\w.-]+$/.test(repo.name))
      problems.push(`bad repository name ${repo.name}`)
    if (names.has(repo.name)) problems.push(`repository ${repo.name} listed twice`)
    names.add(repo.name)
    if (typeof repo.url !== 'string' || !repo.url.startsWith('https://'))
      problems.push(`${repo.name}: url must be https`)
    if (typeof repo.commit !== 'string' || !/^[0-9a-f]{40}$/.test(repo.commit))
      problems.push(`${repo.name}: commit must be 40 hex digits`)
    if (!PARTS.includes(repo.part)) problems.push(`${repo.name}: part must be one of ${PARTS.join(', ')}`)
  }
  const seen = new Set()
  for (const [index, judgement] of data.judgements.entries()) {
    const where = `judgement ${index} (${judgement.repo} ${judgement.file}:${judgement.line})`
    if (!names.has(judgement.repo)) problems.push(`${where}: repository is not listed`)
    if (typeof judgement.file !== 'string' || judgement.file === '' || judgement.file.startsWith('/'))
      problems.push(`${where}: file must be a relative path`)
    if (!Number.isInteger(judgement.line) || judgement.line < 1)
      problems.push(`${where}: line must be a positive integer`)
    if (judgement.verdict !== 'true' && judgement.verdict !== 'false' && judgement.verdict !== 'duplicate')
      problems.push(`${where}: verdict must be "true", "false" or "duplicate"`)
    if (typeof judgement.why !== 'string' || judgement.why.trim() === '')
      problems.push(`${where}: why must be non-empty`)
    const key = lineKey(judgement.repo, judgement.file, judgement.line)
    if (seen.has(key)) problems.push(`${where}: judged twice`)
    seen.add(key)
  }
  const verdicts = new Map(data.judgements.map((j) => [lineKey(j.repo, j.file, j.line), j.verdict]))
  for (const judgement of data.judgements) {
    if (judgement.verdict !== 'duplicate') continue
    const where = `duplicate ${judgement.repo} ${judgement.file}:${judgement.line}`
    if (!judgement.file.includes('!'))
      problems.push(`${where}: only archive entries (archive!entry) are duplicates`)
    const of = /^(.+):(\d+)$/.exec(judgement.of ?? '')
    const twin = of ? verdicts.get(lineKey(judgement.repo, of[1], Number(of[2]))) : undefined
    if (twin !== 'true' && twin !== 'false')
      problems.push(`${where}: "of" must name a line judged true or false`)
  }
  return problems
}

/** The key findings and judgements are matched on: repository, file and line. */
export function lineKey(repo, file, line) {
  return `${repo}\t${file}\t${line}`
}

/**
 * Rules left out of precision/recall: the default warn-only rules (src/config/model.ts), which report
 * without failing the gate and make no claim of a plaintext secret.
 */
export const UNSCORED_RULES = new Set(['password-hash', 'sops-invalid-metadata', 'typed-word-password'])

/** Finding lines from a `gitseal scan --format json` report (relative paths). */
export function gitsealLines(report) {
  return report.findings
    .filter((finding) => !UNSCORED_RULES.has(finding.ruleId))
    .map((finding) => ({ file: finding.file, line: finding.line }))
}

/** Finding lines from a `secretlint --format json` report; `root` is the tree the paths are under. */
export function secretlintLines(report, root) {
  const prefix = root.endsWith('/') ? root : `${root}/`
  return report.flatMap((result) =>
    result.messages.map((message) => ({
      file: result.filePath.startsWith(prefix) ? result.filePath.slice(prefix.length) : result.filePath,
      line: message.loc.start.line,
    })),
  )
}

/**
 * Scores one tool's finding lines on the repositories that were present. `found` maps a repository
 * name to its finding lines; the ground truth is every line judged true in those repositories.
 * A `duplicate` line (an archive entry holding the same bytes as a judged line, see REAL-REPOS.md's
 * judging policy) counts neither way: one secret packaged in 24 chart releases is one judgement.
 */
export function score(data, found) {
  const verdicts = new Map(data.judgements.map((j) => [lineKey(j.repo, j.file, j.line), j.verdict]))
  let tp = 0
  let fp = 0
  const unjudged = []
  const hit = new Set()
  for (const [repo, lines] of found) {
    for (const { file, line } of lines) {
      const key = lineKey(repo, file, line)
      if (hit.has(key)) continue
      hit.add(key)
      const verdict = verdicts.get(key)
      if (verdict === 'true') tp += 1
      else if (verdict === 'false') fp += 1
      else if (verdict !== 'duplicate') unjudged.push(`${repo} ${file}:${line}`)
    }
  }
  const truths = data.judgements.filter((j) => j.verdict === 'true' && found.has(j.repo))
  const fn = truths.filter((j) => !hit.has(lineKey(j.repo, j.file, j.line))).length
  return {
    tp,
    fp,
    fn,
    unjudged,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  }
}
