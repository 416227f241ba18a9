/** From candidate matches to reported findings: overlap resolution, suppression, positions, redaction. */
import type { Allowlist } from './allowlist.js'
import { assignedName, fingerprintOf } from './fingerprint.js'
import type { Candidate } from './matcher.js'
import { REDACT_CONTEXT, REDACT_MAX_LINE, forgetRedactions, redactLine } from './redact.js'
import type { RuleInfo } from './rules/index.js'
import { passphraseProtected } from './rules/key-structure.js'
import { commentMarkerAt } from './inline-allow.js'
import { firstSpanEndingAfter } from './spans.js'
import { LineMap } from './text.js'
import type { Finding, LineRange } from './types.js'
import { relabelTypedWords } from './typed-words.js'
import { YAML_NAME, yamlMarkerInValue } from './yaml-marker.js'
import type { MarkerInValue } from './yaml-marker.js'
import { fileNames } from './file-names.js'

/**
 * Reported findings per file at most: a generated file full of tokens should not flood reports (nor
 * cost a masked line and a hash per match). A file with more is not fully reported: see
 * {@link buildFindings}.
 */
export const MAX_FINDINGS_PER_FILE = 1000

/** Keep one candidate per group of overlapping ones: the lowest priority, then the earliest rule. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  // Array.prototype.sort is stable: equal starts keep rule order.
  const sorted = [...candidates].sort((a, b) => a.start - b.start)
  const kept: Candidate[] = []
  let group: { best: Candidate; end: number } | undefined
  for (const candidate of sorted) {
    if (group !== undefined && candidate.start < group.end) {
      if (candidate.priority < group.best.priority) group.best = candidate
      group.end = Math.max(group.end, candidate.end)
      continue
    }
    if (group !== undefined) kept.push(group.best)
    group = { best: candidate, end: Math.max(candidate.end, candidate.start + 1) }
  }
  if (group !== undefined) kept.push(group.best)
  return kept
}

/** The union of every candidate's span, as sorted disjoint `[start, end)` intervals. */
function spanUnion(candidates: readonly { start: number; end: number }[]): [number, number][] {
  const sorted = candidates.map((c) => [c.start, Math.max(c.end, c.start + 1)] as [number, number])
  sorted.sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const span of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else out.push(span)
  }
  return out
}

/** The spans of `union` meeting `[from, to)`, shifted to offsets relative to `shift`. */
function spansIn(
  union: readonly [number, number][],
  from: number,
  to: number,
  shift: number,
): [number, number][] {
  const lo = firstSpanEndingAfter(union, from)
  const out: [number, number][] = []
  for (let i = lo; i < union.length; i++) {
    const span = union[i]
    if (span === undefined || span[0] >= to) break
    out.push([span[0] - shift, span[1] - shift])
  }
  return out
}

/** The `[start, end)` offsets of one line of the text. */
interface LineSpan {
  start: number
  end: number
}

/**
 * Whether a line carries an inline allow comment for a secret starting at `secretStart`, the line's
 * reading remembered per line: a one-line file with many findings must stay linear. In a YAML file
 * a marker the line reads as a comment may stand in a value (see yaml-marker.ts), asked only then.
 */
function inlineAllowChecker(
  file: string,
  text: string,
  valueBlocks: readonly [number, number][] = [],
): (line: LineSpan, secretStart: number) => boolean {
  const markers = new Map<number, number>()
  const values = spanUnion(valueBlocks.map(([start, end]) => ({ start, end })))
  let inValue: MarkerInValue | undefined
  return (line, secretStart) => {
    let marker = markers.get(line.start)
    if (marker === undefined) {
      // In a Secret's value written as a block scalar, the marker is part of the value.
      const span = values[firstSpanEndingAfter(values, line.start)]
      const at =
        span === undefined || span[0] >= line.end ? commentMarkerAt(text.slice(line.start, line.end)) : -1
      marker = at < 0 ? -1 : line.start + at
      markers.set(line.start, marker)
    }
    if (marker < 0) return false
    if (!YAML_NAME.test(file)) return true
    inValue ??= yamlMarkerInValue(text)
    return !inValue(marker, secretStart)
  }
}

/**
 * The other matched spans in what a report prints of `candidate`'s line, relative to the line: a
 * short line whole, a long one up to {@link REDACT_CONTEXT} characters around the secret.
 */
function othersNear(
  union: readonly [number, number][],
  candidate: Candidate,
  line: LineSpan,
): [number, number][] {
  const short = line.end - line.start <= REDACT_MAX_LINE
  const from = short ? line.start : Math.max(line.start, candidate.start - REDACT_CONTEXT)
  const to = short ? line.end : Math.min(line.end, candidate.end + REDACT_CONTEXT)
  return spansIn(union, from, to, line.start)
}

/** The reported severity: a passphrase-protected key is still reported, one level lower, as it must be cracked first. */
function reportedSeverity(info: RuleInfo, secret: string): Finding['severity'] {
  return info.severity === 'high' && passphraseProtected(info.id, secret) ? 'medium' : info.severity
}

/** What a finding needs beyond its candidate and rule: where it sits and how it is told apart. */
interface FindingPlace {
  file: string
  text: string
  lines: LineMap
  /** Every span any rule matched in the file, masked in the reported line. */
  union: readonly [number, number][]
  startLine: LineSpan
  name: string
  rank: number
}

/** The reported finding for one kept candidate: positions, masked line and fingerprint. */
function findingFor(candidate: Candidate, info: RuleInfo, place: FindingPlace): Finding {
  const { file, text, lines, startLine } = place
  const start = lines.position(candidate.start)
  const end = lines.position(candidate.end)
  return {
    ruleId: info.id,
    title: info.title,
    severity: reportedSeverity(info, candidate.secret),
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    secret: candidate.secret,
    redactedLine: redactLine(
      text.slice(startLine.start, startLine.end),
      candidate.start - startLine.start,
      candidate.end - startLine.start,
      othersNear(place.union, candidate, startLine),
    ),
    fingerprint: fingerprintOf(info.id, file, place.name, place.rank),
    remediation: info.remediation,
  }
}

/** What {@link buildFindings} leaves out, and where it says what it could not report. */
export interface FindingLimits {
  /** Rules whose findings are not reported (`scan.disabledRules`): they take no place in the report. */
  disabled?: ReadonlySet<string>
  /** Gets why the file is not fully reported, past {@link MAX_FINDINGS_PER_FILE}. */
  problems?: string[]
  /** Gets the lines of each finding an inline `gitseal:allow` comment silenced, for the report's count. */
  allowedInline?: LineRange[]
  /** Ranges where a `gitseal:allow` marker is part of a Secret's value (see Analysis.valueBlocks). */
  valueBlocks?: readonly [number, number][]
}

/**
 * Turn candidates into findings for `file`: at most {@link MAX_FINDINGS_PER_FILE}. Past it the rest
 * are counted, not built, and the count goes to `limits.problems` (a `scan-incomplete` finding whose
 * fingerprint follows its reason: a baseline that accepted the file no longer matches once one more
 * is left out).
 */
export function buildFindings(
  file: string,
  text: string,
  candidates: Candidate[],
  infos: ReadonlyMap<string, RuleInfo>,
  allowlist: Allowlist,
  limits: FindingLimits = {},
): Finding[] {
  if (candidates.length === 0) return []
  forgetRedactions()
  const lines = new LineMap(text)
  // Every span any rule matched, so a reported line masks all of them, not only its own finding.
  const union = spanUnion(candidates)
  const allowedInline = inlineAllowChecker(file, text, limits.valueBlocks)
  const out: Finding[] = []
  let left = 0
  // Findings so far per rule and assigned name: the rank that tells equal ones apart in a fingerprint.
  const ranks = new Map<string, number>()
  let names: ReadonlySet<string> | undefined // built when a value first needs them
  const namesOfFile = (): ReadonlySet<string> => (names ??= fileNames(file, text))
  for (const resolved of resolveOverlaps(candidates)) {
    const candidate = relabelTypedWords(resolved, namesOfFile)
    const info = infos.get(candidate.ruleId)
    if (info === undefined || limits.disabled?.has(info.id) === true) continue
    if (allowlist.secretAllowed(candidate.secret)) continue
    const startLine = lines.lineBounds(candidate.start)
    const endLine = lines.lineBounds(Math.max(candidate.start, candidate.end - 1))
    const allowed =
      allowedInline(startLine, candidate.start) ||
      (endLine.start !== startLine.start && allowedInline(endLine, candidate.start))
    if (allowed) {
      const line = lines.position(candidate.start).line
      limits.allowedInline?.push({ line, endLine: lines.position(candidate.end).line })
      continue
    }
    if (out.length >= MAX_FINDINGS_PER_FILE) {
      left++
      continue
    }
    const name = assignedName(text, candidate.start, startLine.start)
    const rankKey = `${info.id}\0${name}`
    const rank = ranks.get(rankKey) ?? 0
    ranks.set(rankKey, rank + 1)
    out.push(findingFor(candidate, info, { file, text, lines, union, startLine, name, rank }))
  }
  if (left > 0)
    limits.problems?.push(
      `more than ${MAX_FINDINGS_PER_FILE} findings in one file: ${left} more were not reported`,
    )
  return out
}
