/**
 * Anchors for rule regexes: the literal every match of a regex starts with, when its source shows
 * one. A rule with an anchor runs only where `indexOf` finds the literal (a native, vectorised
 * search) with a sticky copy of its regex, instead of letting the regex engine try every position
 * of the file: the lookbehind most rules start with defeats the engine's own literal scan. The
 * matches are exactly those of the global regex, since every match begins at an anchor.
 */

/** A regex with the literal its matches start with, and the sticky copy run at each occurrence. */
export interface AnchoredRegex {
  literal: string
  sticky: RegExp
  /** When set, matches start at the run of these characters that ends at the literal (URL schemes). */
  before?: (code: number) => boolean
}

// URL rules: `(?<![A-Za-z0-9+.-])(?:postgres|mongodb\+srv|…):\/\/…`. Every match starts where the
// run of scheme characters in front of a `://` starts, so `://` anchors them (case-insensitively too).
const SCHEME_RULE = /^\(\?<!\[A-Za-z0-9\+\.-\]\)\(\?:(?:[A-Za-z0-9]|\\\+|\\\.|-|\?|\|)+\):\\\/\\\//
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
const BOUNDARY = '(?:(?<![A-Za-z0-9_-])|(?<=\\\\[nrt]))'
const PLAIN = /[A-Za-z0-9_"'=:@,;%&<>!~# -]/
const QUANTIFIER = /[?*+{]/

/**
 * True when `source`, read from `from` until the group holding `from` closes, has a `|` outside
 * nested groups and character classes: an alternation at that level.
 */
function alternation(source: string, from: number): boolean {
  let depth = 0
  let inClass = false
  for (let i = from; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')' && --depth < 0) return false
    else if (c === '|' && depth === 0) return true
  }
  return false
}

/** The literal every match of `regex` starts with (at least 2 characters), if its source shows one. */
export function anchorOf(regex: RegExp): AnchoredRegex | undefined {
  const source = regex.source
  if (!regex.flags.includes('y') && SCHEME_RULE.test(source))
    return {
      literal: '://',
      sticky: new RegExp(source, `${regex.flags.replace('g', '')}gy`),
      before: schemeChar,
    }
  if (regex.flags.includes('i') || regex.flags.includes('y')) return undefined
  if (alternation(source, 0)) return undefined
  let at = source.startsWith(BOUNDARY) ? BOUNDARY.length : 0
  // A capturing group opening (plain or named) is zero-width too.
  const group = /^\((?:\?<[A-Za-z_]\w*>)?/.exec(source.slice(at))
  if (group !== null && !source.startsWith('(?:', at) && !source.startsWith('(?=', at)) {
    at += group[0].length
    if (alternation(source, at)) return undefined
  }
  let end = at
  while (end < source.length && PLAIN.test(source.charAt(end))) end++
  if (end < source.length && QUANTIFIER.test(source.charAt(end))) end--
  const literal = source.slice(at, end)
  if (literal.length < 2) return undefined
  return { literal, sticky: new RegExp(source, `${regex.flags.replace('g', '')}gy`) }
}

/** Every match of `anchored`'s regex in `text`, in order, as the global regex would find them. */
export function* anchoredMatches(anchored: AnchoredRegex, text: string): Generator<RegExpExecArray> {
  const { literal, sticky, before } = anchored
  let from = 0
  let searched = 0
  for (;;) {
    const hit = text.indexOf(literal, searched)
    if (hit < 0) return
    searched = hit + 1
    let at = hit
    // Runs in front of different hits do not overlap (the literal is not made of run characters).
    if (before !== undefined) {
      while (at > 0 && before(text.charCodeAt(at - 1))) at--
      if (at === hit) continue // no scheme in front: no match can start here
    }
    if (at < from) continue // inside the previous match: the global regex resumes after it
    sticky.lastIndex = at
    const match = sticky.exec(text)
    if (match === null) {
      from = Math.max(from, at + 1)
      continue
    }
    yield match
    from = match.index + Math.max(match[0].length, 1)
    searched = Math.max(searched, from)
  }
}
