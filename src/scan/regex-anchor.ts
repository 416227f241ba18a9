/**
 * Anchors for rule regexes: the literal every match of a regex starts with, when its source shows
 * one. A rule with an anchor runs only where `indexOf` finds the literal (a native, vectorised
 * search) with a sticky copy of its regex, instead of letting the regex engine try every position
 * of the file: the lookbehind most rules start with defeats the engine's own literal scan. The
 * matches are exactly those of the global regex, since every match begins at an anchor.
 */
import { START } from './rules/define.js'

import type { Offsets } from './keyword-automaton.js'

/** A regex with the literal its matches start with, and the sticky copy run at each occurrence. */
export interface AnchoredRegex {
  literal: string
  sticky: RegExp
  /**
   * Set for URL rules: matches start at the run of scheme characters that ends at the `://`
   * literal, and a run longer than this holds no match.
   */
  longestRun?: number
  /**
   * Set when matches start with one of several literals (`(?:AKIA|ASIA|A3T[A-Z0-9])…`): their hits,
   * merged in order, are where the sticky regex runs; `literal` is then the first of them.
   */
  literals?: readonly string[]
  /**
   * Set for URL rules: the schemes a match starts with (lowercased when `caseless`), as the run
   * in front of a `://` must spell one exactly.
   */
  schemes?: ReadonlySet<string>
  caseless?: boolean
  /** Set for URL rules whose `://` must be followed by a user name and a `:` (see USERINFO). */
  userinfo?: boolean
  /**
   * Set when matches start this many characters before `literal` (a fixed-width run of classes in
   * front of it: `([0-9a-f]{32}-us\d{1,2})` has `-us` 32 characters in).
   */
  offset?: number
}

// URL rules: `(?<![A-Za-z0-9+.-])(?:postgres|mongodb\+srv|…):\/\/…`. Every match starts where the
// run of scheme characters in front of a `://` starts, so `://` anchors them (case-insensitively too).
const SCHEME_RULE = /^\(\?<!\[A-Za-z0-9\+\.-\]\)\(\?:((?:[A-Za-z0-9]|\\\+|\\\.|-|\?|\|)+)\):\\\/\\\//
// Longest scheme run walked back over from a `://`; URL rules with a longer scheme are not anchored.
const MAX_SCHEME_RUN = 32
// What the URL password rules require after `://`: a user name, then `:`. Checked once per `://`
// for all of them, with this very pattern, before any rule's regex runs there.
const USERINFO = '(?=([^\\s:@/"\'<>`]{0,256}))\\1:'
const USERINFO_AT = new RegExp(USERINFO, 'y')

/** Every spelling of scheme alternatives such as `https?|git\+https?` (a `?` makes one character optional). */
function schemeSpellings(alternatives: string, caseless: boolean): Set<string> {
  const spellings = new Set<string>()
  for (const alternative of alternatives.split('|')) {
    let forms = ['']
    for (const [, escaped, char, optional] of alternative.matchAll(/(?:\\(.)|([^\\?]))(\?)?/g)) {
      const c = escaped ?? char ?? ''
      forms = optional === '?' ? [...forms, ...forms.map((form) => form + c)] : forms.map((form) => form + c)
    }
    for (const form of forms) spellings.add(caseless ? form.toLowerCase() : form)
  }
  return spellings
}

/** `[A-Za-z0-9+.-]` by character code: tested for every character walked back over. */
function schemeChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 43 ||
    code === 45 ||
    code === 46
  )
}

// Zero-width prefixes a match may begin with: the token-start boundary of the rule tables.
const BOUNDARY = START
const PLAIN = /[A-Za-z0-9_"'=:@,;%&<>!~# -]/
const QUANTIFIER = /[?*+{]/

/**
 * The `|` of the level `from` stands in (outside nested groups and character classes), and the
 * position of the `)` closing that level (-1 when the source ends first).
 */
function levelStops(source: string, from: number): { bars: number[]; close: number } {
  const bars: number[] = []
  let depth = 0
  let inClass = false
  for (let i = from; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')' && --depth < 0) return { bars, close: i }
    else if (c === '|' && depth === 0) bars.push(i)
  }
  return { bars, close: -1 }
}

/** True when `source` has a `|` at the level of `from`: an alternation at that level. */
function alternation(source: string, from: number): boolean {
  return levelStops(source, from).bars.length > 0
}

/** The literal every match of `regex` starts with (at least 2 characters), if its source shows one. */
export function anchorOf(regex: RegExp): AnchoredRegex | undefined {
  const source = regex.source
  const schemes = regex.flags.includes('y') ? null : SCHEME_RULE.exec(source)
  // A scheme alternative is never longer than its source (`\+` is one character, `s?` at most
  // one), so the walk back stops there: a `://` after a long run of letters costs a few steps
  // instead of the whole run (one 256 KiB line ran at 7 MB/s).
  const longestRun = Math.max(...(schemes?.[1] ?? '').split('|').map((scheme) => scheme.length))
  if (schemes !== null && longestRun <= MAX_SCHEME_RUN) {
    const caseless = regex.flags.includes('i')
    return {
      literal: '://',
      sticky: stickyCopy(regex),
      longestRun,
      schemes: schemeSpellings(schemes[1] ?? '', caseless),
      caseless,
      userinfo: source.startsWith(USERINFO, schemes[0].length),
    }
  }
  if (regex.flags.includes('i') || regex.flags.includes('y')) return undefined
  // Alternatives often share their literal (`glpat-…|glpat-…`): each hit is tried once.
  const found = startLiterals(source)
  const literals = found === undefined ? undefined : [...new Set(found)]
  const first = literals?.[0]
  if (literals === undefined || first === undefined) return fixedWidthAnchor(regex)
  return literals.length === 1
    ? { literal: first, sticky: stickyCopy(regex) }
    : { literal: first, sticky: stickyCopy(regex), literals }
}

// One character class, class escape or escaped punctuation, and an exact count after it, if any.
const WIDTH_ONE =
  /^(?:\[(?!\^?\])(?:\\.|[^\\\]])*\]|\\[dDwWsS]|\\[^A-Za-z0-9]|[A-Za-z0-9_:@,;%&<>!~# -])(?:\{(\d+)\})?(?![?*+{])/

/**
 * For a regex whose matches start with a fixed-width run (classes with exact counts, single
 * characters) and then a literal of 2+ characters (`([0-9a-f]{32}-us\d{1,2})`): that literal and its
 * offset. Without `u`/`v`, a class matches one code unit, so every match starts exactly `offset`
 * characters before an occurrence of the literal.
 */
function fixedWidthAnchor(regex: RegExp): AnchoredRegex | undefined {
  const source = regex.source
  if (/[uvy]/.test(regex.flags) || alternation(source, 0)) return undefined
  let at = source.startsWith(BOUNDARY) ? BOUNDARY.length : 0
  const group = /^\((?:\?<[A-Za-z_]\w*>)?(?![?])/.exec(source.slice(at))
  if (group !== null) {
    at += group[0].length
    if (alternation(source, at)) return undefined
  }
  let offset = 0
  for (;;) {
    const literal = leadingLiteral(source, at)
    if (literal.length >= 2) return offset > 0 ? { literal, sticky: stickyCopy(regex), offset } : undefined
    const atom = WIDTH_ONE.exec(source.slice(at))
    if (atom === null) return undefined
    offset += atom[1] === undefined ? 1 : Number(atom[1])
    at += atom[0].length
  }
}

/**
 * A regex without an anchor whose source opens with lookbehinds (the token-start boundary):
 * `body`, the source past them, global, finds the places where a match may start. The engine
 * tries a lookbehind at every position, which defeats its own scan for the first characters
 * (password-hash over argo-cd and argocd-operator, 120 MB: 1.0 s of CPU, 0.17 s so). Every match
 * of the regex starts where the body matches, since the lookbehinds are zero-width.
 */
export interface LeadRegex {
  body: RegExp
  sticky: RegExp
}

/** {@link LeadRegex} of `regex`, unless its source opens with no lookbehind or one that captures. */
export function leadOf(regex: RegExp): LeadRegex | undefined {
  if (regex.flags.includes('y')) return undefined
  const source = regex.source
  const at = pastLookbehinds(source, source.startsWith(BOUNDARY) ? BOUNDARY.length : 0)
  // A capturing group in what is left out would renumber the groups (and backreferences) after it.
  if (at === 0 || /\((?!\?[:=!]|\?<[=!])/.test(source.slice(0, at).replace(/\\./g, ''))) return undefined
  return {
    body: new RegExp(source.slice(at), `${regex.flags.replace(/[gd]/g, '')}g`),
    sticky: stickyCopy(regex),
  }
}

/** Every match of `lead`'s regex in `text`, in order, as the global regex finds them. */
export function* leadMatches(lead: LeadRegex, text: string): Generator<RegExpExecArray> {
  const { body, sticky } = lead
  body.lastIndex = 0
  for (let hit = body.exec(text); hit !== null; hit = body.exec(text)) {
    const at = hit.index
    sticky.lastIndex = at
    const match = sticky.exec(text)
    if (match === null) {
      body.lastIndex = at + 1 // the global regex tries every position after a failed one
      continue
    }
    yield match
    body.lastIndex = at + Math.max(match[0].length, 1)
  }
}

/** A sticky copy of `regex`, run at each place a match may start. */
function stickyCopy(regex: RegExp): RegExp {
  return new RegExp(regex.source, `${regex.flags.replace('g', '')}gy`)
}

/** A case-insensitive regex with the lowercase literals one of which every match starts with. */
export interface FoldedAnchor {
  literals: readonly string[]
  sticky: RegExp
}

// A class of one letter's two cases (`[Tt]`), as case-sensitive rules spell a word's capitalisations.
const CASE_PAIR = /\[([A-Za-z])([A-Za-z])\]/g

/**
 * For a case-insensitive regex (`(?:session[_-]?token)…`/i), or a case-sensitive one spelling a
 * word's capitalisations (`(?:[Tt]oken|TOKEN)…`), the literals every match starts with,
 * lowercased: the keyword pass records where they occur, and the regex runs only there (a match,
 * lowercased, starts with one of them). Only without `u`/`v`: with them `k` also matches the
 * Kelvin sign and `s` the long s, which the keyword pass does not fold.
 */
export function foldedAnchorOf(regex: RegExp): FoldedAnchor | undefined {
  if (/[uvy]/.test(regex.flags)) return undefined
  // Read as its lowercase letter, a case pair leaves the literals lowercased the same.
  const source = regex.flags.includes('i')
    ? regex.source
    : regex.source.replace(CASE_PAIR, (pair, a: string, b: string) =>
        a !== b && a.toLowerCase() === b.toLowerCase() ? a.toLowerCase() : pair,
      )
  if (!regex.flags.includes('i') && source === regex.source) return undefined
  const literals = startLiterals(source)
  if (literals === undefined || !literals.every((literal) => /^[ -~]+$/.test(literal))) return undefined
  return {
    literals: [...new Set(literals.map((literal) => literal.toLowerCase()))],
    sticky: stickyCopy(regex),
  }
}

/**
 * Past the lookbehinds at `at` (zero-width: a match starts where they end), and past groups whose
 * every alternative is lookbehinds only: boundaries spelt like START with other characters
 * (`(?:(?<![A-Za-z0-9_+/-])|(?<=\\[nrt]))YC…` of yandex-static-key-secret, which ran as a global
 * regex trying both lookbehinds at every position of every file holding `yc`: 8 % of a scan).
 */
function pastLookbehinds(source: string, at: number): number {
  for (;;) {
    if (source.startsWith('(?<=', at) || source.startsWith('(?<!', at)) {
      const { close } = levelStops(source, at + 4)
      if (close < 0) return at
      at = close + 1
      continue
    }
    const past = pastLookbehindGroup(source, at)
    if (past === at) return at
    at = past
  }
}

/** The end of a `(?:…|…)` group at `at` each of whose alternatives is one or more lookbehinds, else `at`. */
function pastLookbehindGroup(source: string, at: number): number {
  if (!source.startsWith('(?:', at)) return at
  const { bars, close } = levelStops(source, at + 3)
  if (close < 0) return at
  let from = at + 3
  for (const end of [...bars, close]) {
    if (!source.startsWith('(?<', from) || pastLookbehinds(source.slice(0, end), from) !== end) return at
    from = end + 1
  }
  return close + 1
}

/** The literals (2+ characters each) one of which every match of `source` starts with, if it shows them. */
function startLiterals(source: string): string[] | undefined {
  if (alternation(source, 0)) return undefined
  let at = pastLookbehinds(source, source.startsWith(BOUNDARY) ? BOUNDARY.length : 0)
  // A capturing group opening (plain or named) is zero-width too.
  const group = /^\((?:\?<[A-Za-z_]\w*>)?/.exec(source.slice(at))
  if (group !== null && !source.startsWith('(?:', at) && !source.startsWith('(?=', at)) {
    at += group[0].length
    if (alternation(source, at)) return alternativesFrom(source, at)
  }
  if (source.startsWith('(?:', at)) return alternativesFrom(source, at + 3)
  const literal = leadingLiteral(source, at)
  return literal.length < 2 ? undefined : [literal]
}

// An exact count after a plain character (`A{22}`), not made lazy or repeated again; longer ones
// are left as they are (the literal would be no rarer).
const EXACT_COUNT = /^\{([1-9]\d?)\}(?![?*+{])/

/**
 * The plain characters at `at` that every match of what follows must start with; a plain character
 * with an exact count stands for that many of it (twitter-bearer-token's `A{22}…`, which ran as a
 * global regex over every file holding 21 `a`s in any case, now runs where `indexOf` finds 22 `A`s).
 */
function leadingLiteral(source: string, at: number): string {
  let literal = ''
  let from = at
  for (;;) {
    let end = from
    while (end < source.length && PLAIN.test(source.charAt(end))) end++
    if (end >= source.length || !QUANTIFIER.test(source.charAt(end))) return literal + source.slice(from, end)
    // The last plain character is quantified: an exact count repeats it, any other ends the literal before it.
    const count = end > from ? EXACT_COUNT.exec(source.slice(end)) : null
    if (count === null) return literal + source.slice(from, end - 1)
    literal += source.slice(from, end - 1) + source.charAt(end - 1).repeat(Number(count[1]))
    from = end + count[0].length
  }
}

/**
 * For a group opened just before `start` (`(?:AKIA|ASIA|A3T[A-Z0-9])`, `(EAAA…|sq0atp-…)`,
 * `(?:session[_-]?token)`), the literals its alternatives start with: one each, or those of a
 * group an alternative opens with (`(?:dest|source)key`); undefined unless each has 2+ characters
 * and no group is optional or repeated (then a match could start after it).
 */
function alternativesFrom(source: string, start: number): string[] | undefined {
  const { bars, close } = levelStops(source, start)
  if (close < 0) return undefined
  if (close + 1 < source.length && QUANTIFIER.test(source.charAt(close + 1))) return undefined
  const literals: string[] = []
  let from = start
  for (const end of [...bars, close]) {
    // Only what lies inside this alternative counts: the literal stops where it ends.
    const inside = source.slice(0, end)
    const nested = inside.startsWith('(?:', from) ? alternativesFrom(inside, from + 3) : undefined
    const literal = leadingLiteral(inside, from)
    if (nested !== undefined) literals.push(...nested)
    else if (literal.length >= 2) literals.push(literal)
    else return undefined
    from = end + 1
  }
  return literals
}

/**
 * `://` hits with a run of scheme characters in front, as [run start or -1 when longer than
 * MAX_SCHEME_RUN, hit, 1 when a user name and `:` follow (USERINFO) else 0]; and, made on first
 * use, the hits' indices (in `hits`) by scheme as spelt (`exact`) and lowercased (`lower`).
 */
interface SchemeRuns {
  text: string
  hits: number[]
  /** True when some hit has a user name and `:` after it (most texts have none: no URL password). */
  userinfo: boolean
  exact?: Map<string, number[]>
  lower?: Map<string, number[]>
}
let schemeHits: SchemeRuns | undefined

/**
 * The `://` hits of `text` that have a scheme run in front, found once per text: every URL rule
 * needs the same list, and a line dense in `://` made each of them walk it again (17 MB/s).
 */
function schemeRuns(text: string): SchemeRuns {
  if (schemeHits?.text === text) return schemeHits
  const hits: number[] = []
  let userinfo = false
  for (let hit = text.indexOf('://'); hit >= 0; hit = text.indexOf('://', hit + 1)) {
    // Runs in front of different hits do not overlap (`:` is not a scheme character).
    const stop = Math.max(0, hit - MAX_SCHEME_RUN - 1)
    let at = hit
    while (at > stop && schemeChar(text.charCodeAt(at - 1))) at--
    if (at === hit) continue // no scheme in front: no match can start here
    USERINFO_AT.lastIndex = hit + 3
    const named = USERINFO_AT.test(text)
    userinfo ||= named
    hits.push(at > 0 && schemeChar(text.charCodeAt(at - 1)) ? -1 : at, hit, named ? 1 : 0)
  }
  schemeHits = { text, hits, userinfo }
  return schemeHits
}

/**
 * The indices in `runs.hits` of the hits whose scheme is one of `schemes`, in text order: each URL
 * rule reads only its own schemes' hits (each of ~15 rules slicing every scheme of a line dense in
 * `://` was half of its scan).
 */
function hitsOfSchemes(runs: SchemeRuns, schemes: ReadonlySet<string>, caseless: boolean): number[] {
  let index = caseless ? runs.lower : runs.exact
  if (index === undefined) {
    index = new Map()
    for (let i = 0; i < runs.hits.length; i += 3) {
      const at = runs.hits[i] ?? -1
      if (at < 0) continue
      const spelt = runs.text.slice(at, runs.hits[i + 1])
      const scheme = caseless ? spelt.toLowerCase() : spelt
      const list = index.get(scheme)
      if (list === undefined) index.set(scheme, [i])
      else list.push(i)
    }
    if (caseless) runs.lower = index
    else runs.exact = index
  }
  const out: number[] = []
  for (const scheme of schemes) for (const i of index.get(scheme) ?? []) out.push(i)
  return out.sort((a, b) => a - b)
}

/**
 * Where the keyword pass saw a lowercase word start (case folded), in order; undefined for a word
 * it did not record.
 */
export type FoldedStarts = (word: string) => Offsets | undefined

/**
 * Every offset where `word` occurs in `text`, in order: the keyword pass's case-folded starts of it
 * that hold it in its own case, when the pass recorded it (no search of the text at all), else
 * found by `indexOf`.
 */
function* occurrences(text: string, word: string, folded: FoldedStarts | undefined): Generator<number> {
  const list = folded?.(word.toLowerCase())
  if (list === undefined) {
    for (let hit = text.indexOf(word); hit >= 0; hit = text.indexOf(word, hit + 1)) yield hit
    return
  }
  for (const at of list) if (text.startsWith(word, at)) yield at
}

/** The ascending offsets of `lists` (each ascending), merged, each once. */
function* mergedInOrder(lists: Iterator<number>[]): Generator<number> {
  const heads = lists.map((list) => list.next())
  let last = -1
  for (;;) {
    let least = -1
    let value = Infinity
    heads.forEach((head, i) => {
      if (head.done !== true && head.value < value) [least, value] = [i, head.value]
    })
    if (least < 0) return
    heads[least] = (lists[least] as Iterator<number>).next()
    if (value !== last) yield (last = value)
  }
}

/** Where matches of `anchored`'s regex may start, in order: its literal's hits, or the scheme runs before `://`. */
function* starts(anchored: AnchoredRegex, text: string, folded: FoldedStarts | undefined): Generator<number> {
  const { literal, longestRun, literals, offset } = anchored
  if (offset !== undefined) {
    for (const hit of occurrences(text, literal, folded)) if (hit >= offset) yield hit - offset
    return
  }
  if (literals !== undefined) {
    // Every literal's hits (each in text order), merged as they come: a match may start at any of
    // them. Collected and sorted, 75,000 hits of a crafted line were half of a rule's scan.
    yield* mergedInOrder(literals.map((word) => occurrences(text, word, folded)))
    return
  }
  if (longestRun === undefined) {
    yield* occurrences(text, literal, folded)
    return
  }
  const runs = schemeRuns(text)
  const { hits } = runs
  const { schemes, caseless, userinfo } = anchored
  // A rule that needs a user name after `://` (the URL password rules) has nothing to do in a text
  // where no `://` has one, as most have not.
  if (userinfo === true && !runs.userinfo) return
  // A run spelling none of the rule's schemes holds no match; nor one longer than any of them.
  const picked =
    schemes === undefined
      ? Array.from({ length: hits.length / 3 }, (_, k) => 3 * k)
      : hitsOfSchemes(runs, schemes, caseless === true)
  for (const i of picked) {
    const at = hits[i] ?? -1
    if (at < 0 || (hits[i + 1] ?? 0) - at > longestRun || (userinfo === true && hits[i + 2] !== 1)) continue
    yield at
  }
}

/**
 * Every match of `anchored`'s regex in `text`, in order, as the global regex would find them;
 * `folded`: the keyword pass's starts of the literals, when it recorded them.
 */
export function anchoredMatches(
  anchored: AnchoredRegex,
  text: string,
  folded?: FoldedStarts,
): Generator<RegExpExecArray> {
  return matchesAt(anchored.sticky, starts(anchored, text, folded), text)
}

/** The literals the keyword pass can record for `anchored` (ASCII, matched case-folded), or none. */
export function anchorWords(anchored: AnchoredRegex): string[] {
  if (anchored.longestRun !== undefined) return []
  const words = (anchored.literals ?? [anchored.literal]).map((word) => word.toLowerCase())
  return words.every((word) => /^[ -~\t\n\r]+$/.test(word)) ? words : []
}

/**
 * The matches of `sticky` (a sticky copy of a regex) tried at `at`, the ascending offsets where a
 * match may start: the global regex's matches when every match starts at one of them.
 */
export function* matchesAt(
  sticky: RegExp,
  starts: Iterable<number>,
  text: string,
): Generator<RegExpExecArray> {
  let from = 0
  for (const at of starts) {
    if (at < from) continue // inside the previous match: the global regex resumes after it
    sticky.lastIndex = at
    const match = sticky.exec(text)
    if (match === null) continue
    yield match
    from = match.index + Math.max(match[0].length, 1)
  }
}
