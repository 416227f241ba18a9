/** Running text rules over decoded content: keyword prefilter, regex or finder, then checks. */
import { shannonEntropy } from './entropy.js'
import { holdsStopword, isPlaceholder } from './placeholder.js'
import { isPublishedExample } from './published-examples.js'
import { KeywordAutomaton } from './keyword-automaton.js'
import { PREBUILT_KEYWORDS } from './prebuilt-keywords.js'
import type { PrebuiltKeywords } from './prebuilt-keywords.js'
import { LineMap } from './text.js'
import type { KeywordHits, Offsets } from './keyword-automaton.js'
import {
  anchorOf,
  anchorWords,
  anchoredMatches,
  foldedAnchorOf,
  leadMatches,
  leadOf,
  matchesAt,
} from './regex-anchor.js'
import type { AnchoredRegex, FoldedAnchor, LeadRegex } from './regex-anchor.js'
import { ASSIGNMENT_WORDS, GENERIC_KEYWORDS, findGeneric } from './rules/index.js'
import type { RawMatch, Rule } from './rules/index.js'

/** A match waiting for de-duplication: lower priority wins an overlap (analysers 0, providers 1, generic 2). */
export interface Candidate extends RawMatch {
  ruleId: string
  priority: number
}

function inQuiet(quiet: readonly [number, number][], start: number): boolean {
  for (const [from, to] of quiet) if (start >= from && start < to) return true
  return false
}

/** A line of standard base64 long enough to be a wrapped blob (PEM bodies wrap at 64 or 70). */
const BASE64_LINE = /^[A-Za-z0-9+/]{60,}={0,2}$/
/** Lines longer than this are not blobs a token hides in by chance. */
const MAX_BLOB_LINE = 4096

/**
 * Per text: is the match a fragment of a longer line of base64 (a key or certificate body, a
 * wrapped blob)? A token shape found there is chance. Real ecdsa-521 key bodies hold `/EAAA` (a
 * Square token's prefix) in their length fields, so about 1 in 400 of them, shuffled or cut short,
 * "held" a Square token. A match that spans the whole line (a Twitter bearer token's 22 `A`s lie
 * outside its secret) is a fragment only when a base64 line stands next to it: alone on its line
 * it is the token. Each line is looked at once (a crafted line with a match every few bytes
 * cost 8 KiB of look-around per match): the trimmed length of a base64 line, or -1.
 */
function base64Lines(text: string): (start: number, end: number, whole: number) => boolean {
  let lines: LineMap | undefined
  const blobLength = new Map<number, number>()
  const wrapped = new Map<number, boolean>()
  const base64LineAt = (offset: number): number => {
    lines ??= new LineMap(text)
    const bounds = lines.lineBounds(offset)
    const line = bounds.end - bounds.start <= MAX_BLOB_LINE ? text.slice(bounds.start, bounds.end).trim() : ''
    return BASE64_LINE.test(line) ? line.length : -1
  }
  return (start, end, whole) => {
    // A character beside or in the match, on its line, that a base64 line cannot hold (a quote,
    // a colon) settles it without the line map, which reads the text up to the match: 52 A's as
    // a JSON value, matched 10,000 times deep in headscale's 1 MB test files, cost 19 % of its scan.
    if (notOnBase64Line(text, start, end)) return false
    lines ??= new LineMap(text)
    const index = lines.lineIndex(start)
    let length = blobLength.get(index)
    if (length === undefined) {
      length = base64LineAt(start)
      blobLength.set(index, length)
    }
    if (length <= end - start) return false
    if (whole < length) return true
    let inBlob = wrapped.get(index)
    if (inBlob === undefined) {
      const bounds = lines.lineBounds(start)
      inBlob =
        (bounds.start > 0 && base64LineAt(bounds.start - 1) > 0) ||
        (bounds.end < text.length && base64LineAt(text.indexOf('\n', bounds.end) + 1) > 0)
      wrapped.set(index, inBlob)
    }
    return inBlob
  }
}

/**
 * A character a trimmed base64 line cannot hold: neither `[A-Za-z0-9+/=]` nor the white space
 * `trim()` removes (which `\s` is); or a `\n`, where the line ends.
 */
const NOT_BASE64_LINE = /[^A-Za-z0-9+/=\s]|\n/

/**
 * True when the line holding `start` is surely no base64 line: the character before `start`, or
 * one from `start` to `end` (the character after the match), before any line break, is neither
 * base64 nor white space. Such a character lies on that line and inside its trimmed text.
 */
export function notOnBase64Line(text: string, start: number, end: number): boolean {
  const from = start > 0 && text.charCodeAt(start - 1) !== 10 ? start - 1 : start
  const found = NOT_BASE64_LINE.exec(text.slice(from, end + 1))
  return found !== null && found[0] !== '\n'
}

/** `compute(regex)`, worked out once per regex (`null` remembers "none"). */
function rememberedPerRegex<T>(compute: (regex: RegExp) => T | undefined): (regex: RegExp) => T | undefined {
  const memo = new WeakMap<RegExp, T | null>()
  return (regex) => {
    let value = memo.get(regex)
    if (value === undefined) {
      value = compute(regex) ?? null
      memo.set(regex, value)
    }
    return value ?? undefined
  }
}

/** {@link anchorOf}, {@link foldedAnchorOf} and {@link leadOf}, remembered per regex. */
const anchor = rememberedPerRegex<AnchoredRegex>(anchorOf)
const foldedAnchor = rememberedPerRegex<FoldedAnchor>(foldedAnchorOf)
const lead = rememberedPerRegex<LeadRegex>(leadOf)

/** A case-insensitive rule runs at its anchors when they are fewer than one per this many characters. */
const DENSE_ANCHORS = 64

/** How a rule's regex is run over a text; `rule` for its own faster search, if it has one. */
type Exec = (regex: RegExp, text: string, rule?: Rule) => Iterable<RegExpExecArray>

/**
 * Where the keyword pass saw one of `literals` start, merged in order; undefined when it did not
 * record one of them (then the caller searches the text itself).
 */
export function literalStarts(
  hits: KeywordHits | undefined,
  literals: readonly string[],
): Offsets | undefined {
  if (hits === undefined) return undefined
  const lists: Offsets[] = []
  for (const literal of literals) {
    const list = hits.starts(literal)
    if (list === undefined) return undefined
    if (list.length > 0) lists.push(list)
  }
  let merged: Offsets = lists[0] ?? []
  for (let i = 1; i < lists.length; i++) merged = mergeSorted(merged, lists[i] ?? [])
  return merged
}

/** Two ascending lists merged into one, each offset once. */
function mergeSorted(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i] ?? Infinity
    const y = b[j] ?? Infinity
    const next = x <= y ? x : y
    if (x === next) i++
    if (y === next) j++
    out.push(next)
  }
  return out
}

/**
 * The rule's regex matches: by its own search, at its anchor's occurrences (the keyword pass's
 * `hits` for a case-insensitive anchor), where its body past leading lookbehinds matches, else by
 * a global scan.
 */
function* execAll(regex: RegExp, text: string, rule?: Rule, hits?: KeywordHits): Generator<RegExpExecArray> {
  if (rule?.search !== undefined) {
    yield* rule.search(regex, text)
    return
  }
  const anchored = anchor(regex)
  if (anchored !== undefined) {
    yield* anchoredMatches(anchored, text, hits === undefined ? undefined : (word) => hits.starts(word))
    return
  }
  const folded = foldedAnchor(regex)
  const starts = folded === undefined ? undefined : literalStarts(hits, folded.literals)
  // Dense anchors (a crafted line of `cohere cohere …`) cost one call each: the regex engine's own
  // scan is cheaper there. Both give the same matches.
  if (folded !== undefined && starts !== undefined && starts.length * DENSE_ANCHORS <= text.length) {
    yield* matchesAt(folded.sticky, starts, text)
    return
  }
  const leading = lead(regex)
  if (leading !== undefined) {
    yield* leadMatches(leading, text)
    return
  }
  regex.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = regex.exec(text)) !== null) {
    if (match[0].length === 0) {
      regex.lastIndex++
      continue
    }
    yield match
  }
}

/** Every match of a rule in `text`, with the secret's offsets. */
function* regexMatches(
  rule: Rule,
  text: string,
  exec: Exec,
): Generator<{ raw: RawMatch; match: RegExpExecArray | undefined }> {
  if (rule.find !== undefined) {
    for (const raw of rule.find(text)) yield { raw, match: undefined }
    return
  }
  const regex = rule.regex
  if (regex === undefined) return
  for (const match of exec(regex, text, rule)) {
    const group = match.groups?.secret !== undefined ? 'secret' : match.length > 1 ? 1 : 0
    const indices = match.indices
    const span = typeof group === 'string' ? indices?.groups?.[group] : indices?.[group]
    const secret = (typeof group === 'string' ? match.groups?.[group] : match[group]) ?? match[0]
    const start = span?.[0] ?? match.index
    yield { raw: { start, end: span?.[1] ?? start + secret.length, secret }, match }
  }
}

/**
 * The keyword automaton for a rule set plus `more` words (built once per detector); it also records
 * where the generic assignments' words and the rules' anchors occur, so an anchored rule runs at
 * them without a search of its own. Only anchors that are keywords of their own rule are recorded:
 * the rule then runs wherever they occur, and needs their every start. Other anchors (`co` of
 * cohere-api-key, `http` of slack-webhook-url, `server` of jdbc-password) occur in most files, where
 * their rules do not run (recording them was half the hits of the pass over argo-cd); a rule
 * searches for them itself in the few files that hold its keywords, with the same matches.
 * `prebuilt`: tables made at build time (the engine script's), read instead when made from the
 * same rules and words.
 */
export function keywordAutomatonFor(
  rules: readonly Rule[],
  more: readonly string[] = [],
  prebuilt: PrebuiltKeywords | undefined = PREBUILT_KEYWORDS,
): KeywordAutomaton {
  const keywords = [...rules.flatMap((rule) => rule.keywords), ...GENERIC_KEYWORDS, ...more]
  if (prebuilt !== undefined && prebuilt.key === keywordsKey(rules, keywords))
    return KeywordAutomaton.fromTables(prebuilt.tables)
  return new KeywordAutomaton(keywords, positionalWords(rules))
}

/** The words whose starts the automaton for `rules` records (see {@link keywordAutomatonFor}). */
function positionalWords(rules: readonly Rule[]): Set<string> {
  const positional = new Set(ASSIGNMENT_WORDS)
  for (const rule of rules) {
    if (rule.regex === undefined || rule.search !== undefined) continue
    const anchored = anchor(rule.regex)
    // An anchored rule runs at its anchor's starts only, never at folded literals it may also have.
    const words = anchored === undefined ? (foldedAnchor(rule.regex)?.literals ?? []) : anchorWords(anchored)
    const keywords = new Set(rule.keywords.map((keyword) => keyword.toLowerCase()))
    if (words.every((word) => keywords.has(word))) for (const word of words) positional.add(word)
  }
  return positional
}

/**
 * What the automaton for `rules` is built from: its keywords and what its positional words come
 * from (each rule's regex, and whether it searches by itself). Prebuilt tables are used only for
 * the same key: a rule disabled or added in gitseal.yaml changes it.
 */
function keywordsKey(rules: readonly Rule[], keywords: readonly string[]): string {
  return JSON.stringify([
    keywords,
    rules.map((rule) => [rule.regex?.source ?? null, rule.regex?.flags ?? null, rule.search !== undefined]),
  ])
}

/** The automaton's tables for `rules` and `more`, with their key (scripts/bundle.mjs). */
export function prebuildKeywords(rules: readonly Rule[], more: readonly string[] = []): PrebuiltKeywords {
  const keywords = [...rules.flatMap((rule) => rule.keywords), ...GENERIC_KEYWORDS, ...more]
  return {
    key: keywordsKey(rules, keywords),
    tables: new KeywordAutomaton(keywords, positionalWords(rules)).toTables(),
  }
}

/**
 * Matches of one rule (or one generic pass) in one file, at most: every match costs its checks,
 * and a crafted file can hold one every few bytes (`pwd=Qz8xK2 ` × 24,000 cost 0.9 s per 256 KiB).
 * A file with more is not checked further for that rule: it holds more secrets than a report
 * lists anyway, and the rule's id goes to `capped`, which the engine reports as scan-incomplete.
 */
export const MAX_MATCHES_PER_RULE = 200

/**
 * Matches of one rule one file may have checked at most, kept or not: a crafted line of
 * a short PostgreSQL URL with a password, × 10,000, holds only matches the filters drop, each costing its checks
 * (256 KiB took 70 ms). The most any file of the 89 eval trees has is 24. Past it the rule stops
 * and the file is scan-incomplete, as at {@link MAX_MATCHES_PER_RULE}.
 */
export const MAX_CHECKED_PER_RULE = 500

/**
 * Candidates of the generic assignment pass one file may have checked at most, kept or not (a
 * crafted `OPENAI_API_KEY=sk-proj-x ` × 10,000 line took 38 ms per 256 KiB); the most any file
 * of the 89 eval trees has is 407 (a Go test of external-secrets).
 */
export const MAX_CHECKED_GENERIC = 2000

/** The rules of a rule list each keyword lets run (by index), and those without keywords. */
interface KeywordIndex {
  byKeyword: Map<string, number[]>
  always: number[]
}

const keywordIndexes = new WeakMap<readonly Rule[], KeywordIndex>()

/**
 * The rules of `rules` that have a keyword in `found`, or none at all, in their order: a file
 * holds a few keywords, and checking each of ~200 rules for them cost more than running the few.
 */
function rulesFound(rules: readonly Rule[], found: ReadonlySet<string>): Rule[] {
  let index = keywordIndexes.get(rules)
  if (index === undefined) {
    const built: KeywordIndex = { byKeyword: new Map(), always: [] }
    rules.forEach((rule, at) => {
      if (rule.keywords.length === 0) built.always.push(at)
      for (const keyword of new Set(rule.keywords)) {
        const list = built.byKeyword.get(keyword)
        if (list === undefined) built.byKeyword.set(keyword, [at])
        else list.push(at)
      }
    })
    keywordIndexes.set(rules, built)
    index = built
  }
  // Marked by index, then read in order: a set of indices spread and sorted per file cost more.
  const picked = new Uint8Array(rules.length)
  for (const at of index.always) picked[at] = 1
  for (const keyword of found) for (const at of index.byKeyword.get(keyword) ?? []) picked[at] = 1
  const out: Rule[] = []
  for (let at = 0; at < rules.length; at++) if (picked[at] === 1) out.push(rules[at] as Rule)
  return out
}

/** Whether a secret is a placeholder or a published example: a proven shape is dropped only for a stopword or a known example. */
function placeholderSecret(rule: Rule, secret: string, stopwords: readonly string[]): boolean {
  return rule.verified?.(secret) === true
    ? holdsStopword(secret.toLowerCase(), stopwords) || isPublishedExample(secret)
    : isPlaceholder(secret, stopwords)
}

/** What a rule's matches are checked against in one file. */
interface MatchFilter {
  /** Gets the rules that left a place unchecked (a match too long to check). */
  unchecked: Set<string> | undefined
  stopwords: readonly string[]
  quiet: readonly [number, number][]
  /** Whether the secret `start`–`end` of a match `whole` characters long is a piece of a base64 line. */
  insideBase64Line: (start: number, end: number, whole: number) => boolean
}

/** Whether a rule's match passes its filters: not empty or quiet, not in a base64 blob, entropic enough, valid, not a placeholder. */
function keepsMatch(
  rule: Rule,
  raw: RawMatch,
  match: RegExpExecArray | undefined,
  filter: MatchFilter,
): boolean {
  if (raw.secret === '' || inQuiet(filter.quiet, raw.start)) return false
  const whole = match?.[0].length ?? raw.end - raw.start
  if (rule.find === undefined && filter.insideBase64Line(raw.start, raw.end, whole)) return false
  // A secret proven by its structure or checksum is kept however plain its characters (a PuTTY
  // DSA key's one short private line, indented in a block scalar, fell below the PuTTY rule's 4 bits).
  if (
    rule.minEntropy !== undefined &&
    shannonEntropy(raw.secret) < rule.minEntropy &&
    rule.verified?.(raw.secret) !== true
  )
    return false
  if (rule.validate !== undefined && !rule.validate(raw.secret, match)) return false
  // A rule with its own search judges its matches itself; a published one (Vagrant's insecure key) is still public.
  if (rule.find !== undefined) return !isPublishedExample(raw.secret)
  return rule.skipPlaceholder === true || !placeholderSecret(rule, raw.secret, filter.stopwords)
}

/** One rule's candidates, appended to `out`; it stops (and is added to `capped`) past either per-rule bound. */
function addRuleCandidates(
  rule: Rule,
  text: string,
  exec: Exec,
  filter: MatchFilter,
  out: Candidate[],
  capped: Set<string> | undefined,
): void {
  let count = 0
  let checked = 0
  for (const { raw, match } of regexMatches(rule, text, exec)) {
    if (++checked > (rule.maxChecked ?? MAX_CHECKED_PER_RULE)) {
      capped?.add(rule.id)
      break
    }
    if (raw.unchecked === true) {
      filter.unchecked?.add(rule.id)
      continue
    }
    if (!keepsMatch(rule, raw, match, filter)) continue
    if (++count > MAX_MATCHES_PER_RULE) {
      capped?.add(rule.id)
      break
    }
    out.push({ ...raw, ruleId: rule.id, priority: 1 })
  }
}

/** The generic assignment pass's candidates, less disabled and quiet ones: they rank below provider rules. */
function genericCandidates(
  text: string,
  path: string,
  hits: KeywordHits | undefined,
  disabled: ReadonlySet<string>,
  filter: MatchFilter,
  capped: Set<string> | undefined,
): Candidate[] {
  const generic = findGeneric(
    text,
    path,
    filter.stopwords,
    MAX_MATCHES_PER_RULE,
    literalStarts(hits, ASSIGNMENT_WORDS),
    MAX_CHECKED_GENERIC,
    hits?.found,
  )
  if (generic.capped) capped?.add('generic rules')
  const out: Candidate[] = []
  for (const match of generic.matches) {
    if (!disabled.has(match.ruleId) && !inQuiet(filter.quiet, match.start))
      out.push({ ...match, priority: 2 })
  }
  return out
}

/**
 * Candidates from provider rules and generic rules; `found`: the keywords the text holds
 * (lowercased); `hits`: the keyword pass that found them, whose positions anchor rules. Rules that
 * stopped at {@link MAX_MATCHES_PER_RULE} are added to `capped`.
 */
export function findMatches(
  text: string,
  path: string,
  rules: readonly Rule[],
  found: ReadonlySet<string>,
  disabled: ReadonlySet<string>,
  stopwords: readonly string[],
  quiet: readonly [number, number][],
  exec?: Exec,
  capped?: Set<string>,
  hits?: KeywordHits,
  unchecked?: Set<string>,
): Candidate[] {
  exec ??= (regex, text, rule) => execAll(regex, text, rule, hits)
  const out: Candidate[] = []
  const filter: MatchFilter = { unchecked, stopwords, quiet, insideBase64Line: base64Lines(text) }
  for (const rule of rulesFound(rules, found)) {
    if (rule.paths !== undefined && !rule.paths.test(path)) continue
    addRuleCandidates(rule, text, exec, filter, out, capped)
  }
  if (GENERIC_KEYWORDS.some((keyword) => found.has(keyword)))
    out.push(...genericCandidates(text, path, hits, disabled, filter, capped))
  return out
}
