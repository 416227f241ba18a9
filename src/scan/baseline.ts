/**
 * Baselines: a file of known findings' fingerprints (rule + file + hash of the secret, never the
 * secret itself) so a repository can adopt the gate without fixing its history first; later scans
 * report only findings whose fingerprint is not in it.
 */
import { GitsealError } from '../core/errors.js'
import type { Finding } from './types.js'

/** One known finding in a baseline file; `ruleId`, `file` and `line` are there for people reading it. */
export interface BaselineEntry {
  fingerprint: string
  ruleId: string
  file: string
  line: number
  commit?: string
}

/** The baseline file (`gitseal scan --write-baseline F`). */
export interface BaselineFile {
  version: 1
  tool: 'gitseal'
  findings: BaselineEntry[]
}

/** The baseline document for `findings`, sorted so it diffs well in review. */
export function createBaseline(findings: Iterable<Finding>): BaselineFile {
  const byPrint = new Map<string, BaselineEntry>()
  for (const finding of findings) {
    if (byPrint.has(finding.fingerprint)) continue
    const entry: BaselineEntry = {
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      file: finding.file,
      line: finding.line,
    }
    if (finding.commit !== undefined) entry.commit = finding.commit.sha
    byPrint.set(finding.fingerprint, entry)
  }
  const entries = [...byPrint.values()].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.fingerprint, b.fingerprint),
  )
  return { version: 1, tool: 'gitseal', findings: entries }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Serialise a baseline (stable JSON, newline at the end). */
export function stringifyBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`
}

/**
 * Parse a baseline file into the set of fingerprints it holds. Also accepts a `gitseal scan
 * --format json` report, so a saved CI report can serve as the baseline.
 * @throws GitsealError `E_BAD_CONFIG` naming the file when it is not a baseline.
 */
export function parseBaseline(text: string, file: string): Set<string> {
  const fail = (what: string): never => {
    throw new GitsealError('E_BAD_CONFIG', `${file}: not a gitseal baseline: ${what}`, {
      file,
      hint: 'Create one with `gitseal scan --write-baseline FILE`.',
    })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return fail('invalid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected an object')
  const findings = (value as { findings?: unknown }).findings
  if (!Array.isArray(findings)) return fail('no "findings" list')
  const prints = new Set<string>()
  for (const [i, entry] of findings.entries()) {
    const print = (entry as { fingerprint?: unknown } | null)?.fingerprint
    if (typeof print !== 'string' || print === '') fail(`findings[${i}] has no fingerprint`)
    prints.add(print as string)
  }
  return prints
}
