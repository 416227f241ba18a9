/**
 * Baselines: a file of known findings so a repository can adopt the gate without fixing its history
 * first; later scans report only findings not in it. An entry is an HMAC-SHA256 of rule, file and
 * secret under a random salt kept in the file (never the secret, never a plain hash of it that a weak
 * password could be guessed from), so a changed secret at the same place is reported anew.
 * Version 1 files (unsalted SHA-256 of the secret) are still read, with a warning to rewrite them.
 */
import { GitsealError } from '../core/errors.js'
import { newSalt, saltedFingerprintOf } from './fingerprint.js'
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
  version: 2
  tool: 'gitseal'
  /** The HMAC key of the entries' fingerprints: 32 random bytes, hex. */
  salt: string
  findings: BaselineEntry[]
}

/**
 * The fingerprints of a baseline as the scan matches them (a `Set`, so a set of report fingerprints
 * works too), with how to match findings by their secret: `salt` for a version 2 file, `legacy` for
 * a version 1 file or an old JSON report (unsalted SHA-256 of the secret).
 */
export type Baseline = Set<string> & { salt?: Buffer; legacy?: boolean; version?: 1 | 2 }

const SALT = /^[0-9a-f]{64}$/

/**
 * The baseline document for `findings`, sorted so it diffs well in review. `salt` (hex) keeps an
 * existing baseline's key when it is rewritten; a new one is drawn otherwise.
 */
export function createBaseline(findings: Iterable<Finding>, salt?: string): BaselineFile {
  if (salt !== undefined && !SALT.test(salt)) {
    throw new GitsealError('E_USAGE', 'a baseline salt must be 64 lowercase hex digits (32 bytes)')
  }
  const key = salt === undefined ? newSalt() : Buffer.from(salt, 'hex')
  const byPrint = new Map<string, BaselineEntry>()
  for (const finding of findings) {
    // A finding without a secret (scan-incomplete) keeps its own fingerprint: nothing to hide.
    const fingerprint =
      finding.secret === ''
        ? finding.fingerprint
        : saltedFingerprintOf(key, finding.ruleId, finding.file, finding.secret)
    if (byPrint.has(fingerprint)) continue
    const entry: BaselineEntry = {
      fingerprint,
      ruleId: finding.ruleId,
      file: finding.file,
      line: finding.line,
    }
    if (finding.commit !== undefined) entry.commit = finding.commit.sha
    byPrint.set(fingerprint, entry)
  }
  const entries = [...byPrint.values()].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.fingerprint, b.fingerprint),
  )
  return { version: 2, tool: 'gitseal', salt: key.toString('hex'), findings: entries }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Serialise a baseline (stable JSON, newline at the end). */
export function stringifyBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`
}

/**
 * Parse a baseline file into the fingerprints it holds (a {@link Baseline}). Also accepts a
 * `gitseal scan --format json` report, so a saved CI report can serve as the baseline (it matches
 * findings by place: report fingerprints leave the secret out).
 * @throws GitsealError `E_BAD_CONFIG` naming the file when it is not a baseline.
 */
export function parseBaseline(text: string, file: string): Baseline {
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
  const { findings, version, salt, tool } = value as {
    findings?: unknown
    version?: unknown
    salt?: unknown
    tool?: unknown
  }
  if (!Array.isArray(findings)) return fail('no "findings" list')
  const prints: Baseline = new Set<string>()
  for (const [i, entry] of findings.entries()) {
    const print = (entry as { fingerprint?: unknown } | null)?.fingerprint
    if (typeof print !== 'string' || print === '') fail(`findings[${i}] has no fingerprint`)
    prints.add(print as string)
  }
  if (tool === 'gitseal' && version !== 1 && version !== 2) return fail(`unknown version ${String(version)}`)
  if (tool === 'gitseal' && version === 2) {
    if (typeof salt !== 'string' || !SALT.test(salt)) return fail('"salt" is not 64 hex digits')
    prints.salt = Buffer.from(salt, 'hex')
    prints.version = 2
  } else {
    // A version 1 baseline, or a JSON report (older ones hold unsalted fingerprints of the secrets).
    prints.legacy = true
    if (tool === 'gitseal') prints.version = 1
  }
  return prints
}
