/**
 * Finding ids. What a report shows (`fingerprint` in JSON and JUnit, SARIF `partialFingerprints`)
 * is computed without the secret: SARIF goes to GitHub code scanning and reports to CI logs, where a
 * hash of a weak password could be checked against guesses offline, and the same secret would give
 * the same hash in every repository. Baselines, which must tell a changed secret at the same place
 * from the old one, hash the secret with HMAC-SHA256 under a random salt kept in the baseline file.
 * See docs/scan.md, "Fingerprints".
 */
import { nodeCrypto as crypto } from '../core/node-crypto.js'
import type { Finding } from './types.js'

/** Hex digits kept of each hash: 128 bits, plenty to tell findings apart. */
const HEX = 32

/**
 * The report fingerprint of a finding: SHA-256 over rule id, file, the name the secret is assigned
 * to on its line (`password` in `password: …`; empty for a bare token) and the finding's rank among
 * the file's findings with the same rule and name — stable when lines move, never the secret.
 */
export function fingerprintOf(ruleId: string, file: string, name: string, rank: number): string {
  // The one-shot hash: a third of the cost of a Hash object per finding.
  return crypto().hash('sha256', `gitseal/2\0${ruleId}\0${file}\0${name}\0${rank}`).slice(0, HEX)
}

/**
 * The fingerprint gitseal wrote before reports left the secret out (unsalted SHA-256 of rule, file
 * and secret): version 1 baselines and old JSON reports hold it, so it is computed to match them,
 * never written. `scan-incomplete` findings still use it, over their reason (no secret in it).
 */
export function legacyFingerprintOf(ruleId: string, file: string, secret: string): string {
  return crypto().hash('sha256', `${ruleId}\0${file}\0${secret}`).slice(0, HEX)
}

/** A baseline entry's fingerprint: HMAC-SHA256 of rule id, file and secret under the baseline's salt. */
export function saltedFingerprintOf(salt: Uint8Array, ruleId: string, file: string, secret: string): string {
  return crypto()
    .createHmac('sha256', salt)
    .update(`${ruleId}\0${file}\0${secret}`)
    .digest('hex')
    .slice(0, HEX)
}

/** A new random baseline salt (32 bytes). */
export function newSalt(): Buffer {
  return crypto().randomBytes(32)
}

/** How far back from a secret its name is looked for, and how long a name may be. */
const NAME_WINDOW = 200
const MAX_NAME = 64

const isNameChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45
const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
const isQuote = (c: number): boolean => c === 34 || c === 39 || c === 96
const isBlank = (c: number): boolean => c === 32 || c === 9

/**
 * The name the secret starting at `start` of `text` is assigned to, if the text just before it reads
 * `name: `, `name=`, `name := `, `name => ` or `"name": "`; '' otherwise. A backward walk over at
 * most {@link NAME_WINDOW} characters: it runs once per finding.
 */
export function assignedName(text: string, start: number, lineStart = 0): string {
  const stop = Math.max(lineStart, start - NAME_WINDOW)
  let i = start - 1
  const at = (): number => (i >= stop ? text.charCodeAt(i) : -1)
  if (isQuote(at())) i--
  while (isBlank(at())) i--
  const separator = at()
  if (separator === 62 /* > */) {
    i--
    if (at() !== 61 /* = */) return ''
    i--
  } else if (separator === 61 /* = */) {
    i--
    if (at() === 58 /* : */) i--
  } else if (separator === 58 /* : */) {
    i--
  } else {
    return ''
  }
  while (isBlank(at())) i--
  if (at() === 34 || at() === 39) i--
  const end = i + 1
  while (end - i <= MAX_NAME && isNameChar(at())) i--
  // The name starts at the first letter or `_` of the run (digits, `.` and `-` cannot start it).
  for (let from = i + 1; from < end; from++)
    if (isNameStart(text.charCodeAt(from))) return text.slice(from, end)
  return ''
}

/** What a parsed baseline carries besides its fingerprints (see `Baseline` in baseline.ts). */
interface BaselineKeys {
  salt?: Uint8Array
  legacy?: boolean
}

/**
 * True when `baseline` knows `finding`: by its report fingerprint (a set of them, or a saved JSON
 * report), or by its secret — salted with the baseline's salt (version 2), or unsalted for a
 * version 1 baseline or an old JSON report.
 */
export function inBaseline(baseline: ReadonlySet<string>, finding: Finding): boolean {
  if (baseline.has(finding.fingerprint)) return true
  if (finding.secret === '') return false
  const { salt, legacy } = baseline as BaselineKeys
  if (
    salt !== undefined &&
    baseline.has(saltedFingerprintOf(salt, finding.ruleId, finding.file, finding.secret))
  )
    return true
  return legacy === true && baseline.has(legacyFingerprintOf(finding.ruleId, finding.file, finding.secret))
}
