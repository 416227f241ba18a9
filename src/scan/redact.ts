/**
 * Masking secrets for output: reporters print these, never the raw value.
 *
 * Redaction is by construction, not by finding: a reported line never shows any candidate secret.
 * On the line of a finding, (1) the finding's own secret is masked whole — not even a prefix is
 * kept, since a prefix is a fragment of the secret (and `ghp_`-style public prefixes tell nothing
 * the rule id does not), (2) every other span the engine matched on that line is masked whole,
 * and (3) every remaining token that is not a plain word (identifier-like names, short numbers,
 * punctuation) is masked too, as is any value assigned to a secret-like name. What stays readable is the line's structure:
 * `AWS_ACCESS_KEY_ID=***** AWS_SECRET_ACCESS_KEY=***** stripe=*****`. On a long line the window
 * around the secret drops a token cut by the window's edge, so no piece of one shows either.
 */
import { looksLikeWords } from './demo-value.js'
import { MASK } from './mask.js'
import { secretLikeName } from './rules/generic.js'

/** Longest line a report prints whole; a longer one is cut around the secret. */
export const REDACT_MAX_LINE = 200
/** Characters of context kept on each side of the secret on a long line, at most. */
export const REDACT_CONTEXT = 80
export { MASK }

// A token: a run of characters that are not whitespace, quotes, brackets or assignment/list
// punctuation. In `postgres://app:pw@db` the credential part `pw@db` is one token (masked: `@` gitseal:allow
// is no word character), the scheme and user stay readable.
const SEPARATORS = '\\s"\'`,;=:(){}[\\]<>|\\\\'
const TOKEN = new RegExp(`[^${SEPARATORS}]+`, 'g')
// One part of a plain word: lowercase, UPPERCASE, Capitalised or camelCase letters, with at most a
// two-digit suffix (`v1`, `key2`). Random strings almost always have digits or case noise.
const WORD_PART = /^(?:[a-z]{1,24}|[A-Z]{1,24}|[A-Z]?[a-z]{1,24}(?:[A-Z][a-z]{2,24}){0,4})\d{0,2}$/
// Four of the same character in a row is padding or a planted value, not a word.
const RUN = /(.)\1{3}/

// plainWord's answers for the tokens seen lately: the windows of neighbouring findings on one line
// overlap, so each token was judged again for each of them (a line dense in findings spent 70 µs a
// finding in the word lexicon). Cleared when full, so memory stays bounded, and for each file.
const judged = new Map<string, boolean>()
const MAX_JUDGED = 4096

/** `compute(key)`, remembered in `memo` (cleared when it holds {@link MAX_JUDGED} answers). */
function remembered<T>(memo: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = memo.get(key)
  if (value === undefined) {
    if (memo.size >= MAX_JUDGED) memo.clear()
    value = compute(key)
    memo.set(key, value)
  }
  return value
}

/** {@link plainWord}, remembered. */
const plainWordCached = (token: string): boolean => remembered(judged, token, plainWord)

/** True when `token` may be shown: a plain word (or dotted/dashed/slashed name of them), or short. */
function plainWord(token: string): boolean {
  if (token.length <= 3) return true
  if (/^\d{1,6}$/.test(token)) return true
  if (token.length > 64 || RUN.test(token)) return false
  const parts = token.split(/[_.\-/]+/)
  // A long part must also read as words: random strings are camelCase-shaped often enough
  // (`rAfhAwgArpt8` is r·Afh·Awg·Arpt·8) to leak a password that shares a line with a finding.
  return parts.every(
    (part) => part === '' || (WORD_PART.test(part) && (part.length < 8 || looksLikeWords(part))),
  )
}

// `name = value`, `name: value`, `"name": "value"` inside a segment of the line.
const ASSIGNMENT = /([\w.-]{1,80})["']?[ \t]*(?::=|=>|=|:)[ \t]*["'`]?([^\s"'`,;]+)/y

const isNameChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45

/**
 * The matches a global search for {@link ASSIGNMENT} finds in `text`, tried once per run of name
 * characters instead of at each of them (up to 80 tries of the name each: a line dense in findings
 * spent most of its report there). Only a start in a run's last 80 characters reaches the run's end,
 * and the character after the run decides the rest, so the leftmost of them matches when any does.
 */
export function* assignments(text: string): Generator<RegExpExecArray> {
  let at = 0
  while (at < text.length) {
    while (at < text.length && !isNameChar(text.charCodeAt(at))) at++
    let end = at
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++
    if (end === at) return
    ASSIGNMENT.lastIndex = Math.max(at, end - 80)
    const match = ASSIGNMENT.exec(text)
    if (match === null) {
      at = end
      continue
    }
    yield match
    at = ASSIGNMENT.lastIndex
  }
}

// Names the detector leaves to other signals that still hold passwords (`pw=`, `pin:`, `auth=`):
// on a line already reported their values are masked whatever they read as. Masking more costs
// only readability.
const MASKED_NAME = /pw|pin|pass|auth|cred|key|salt|seed|cookie|session|sig/i
// A password given as a command-line flag's next word: `mysql -p pw`, `sshpass -p pw`, `--password pw`.
const PASSWORD_FLAG =
  /(?:^|\s)(?:-p|--?pass(?:word)?|--pw|--pwd|--secret|--token)[ \t]+["']?([^\s"'`,;]{4,})/g

// Characters that end a chunk: what a secret's characters cannot cross unquoted (whitespace) and
// quotes. Within a chunk, tokens are joined by punctuation only.
const CHUNK_END = /[\s"'`]/
// What stands between a name and its value (`name=`, `key:`, `cfg={`): a token there is not pulled
// into the masked value to its right. (Before a bracket, `call(`, `A[`, it is: a punctuated random
// value holds those too; so is one before `=>`, `:=` or `::`.)
const NAME_SEP = /^[=:][{([]?$/
// A short token made of letters and other characters (`Bk!`, `?p`, `f/`): a piece of a punctuated
// random value, not a word.
// (Not an option: `-p`, `--x`.)
const SHORT_NOISE = /^(?!-{1,2}[A-Za-z0-9]+$)(?=.*[A-Za-z0-9])(?=.*[^A-Za-z0-9])/

/** True for a token short enough that plainWord shows it whatever it is (≤ 3 characters, or ≤ 6 digits). */
const shortToken = (token: string): boolean => token.length <= 3 || /^\d{1,6}$/.test(token)

/**
 * Mask what may be a secret in `text` (a piece of a line outside any matched span): tokens that are
 * not plain words, values under secret-like names (a quoted one to its closing quote) and values
 * after password flags — and then every token joined to a masked one by punctuation alone, to its
 * right, or to its left unless a name ends there: punctuation splits a random value into tokens of
 * a character or two (`f/:my}K}Bk![?p}gH./K8`), each short enough to read as a word, so a password
 * showed in pieces. Masked tokens joined that way print as one mask, punctuation and all.
 * `maskedLeft`/`maskedRight`: the piece touches a masked span there (no chunk end between);
 * `cutLeft`: the piece starts where a long line's window was cut (its first chunk names nothing).
 */
function maskTokens(text: string, maskedLeft = false, maskedRight = false, cutLeft = false): string {
  // Most pieces of a line between matched spans are a few characters: `, ` or `: `.
  if (text.length === 0) return text
  let ranges: [number, number][] | undefined
  if (ASSIGNS.test(text)) {
    for (const match of assignments(text)) {
      const [whole, name = '', value = ''] = match
      if (value.length >= 4 && (MASKED_NAME.test(name) || secretLikeName(name) !== undefined)) {
        const start = match.index + whole.length - value.length
        // A quoted value is masked to its closing quote: a passphrase has blanks in it.
        const quote = text.charAt(start - 1)
        const close = quote === '"' || quote === "'" || quote === '`' ? text.indexOf(quote, start) : -1
        ;(ranges ??= []).push([start, close < 0 ? start + value.length : close])
      }
    }
  }
  if (text.includes('-')) {
    for (const match of text.matchAll(PASSWORD_FLAG)) {
      const value = match[1] ?? ''
      const start = match.index + match[0].length - value.length
      ;(ranges ??= []).push([start, start + value.length])
    }
  }
  const tokens = [...text.matchAll(TOKEN)]
  // Punctuation alone between two masks (`;{[`): part of one mask.
  if (tokens.length === 0) return maskedLeft && maskedRight && !CHUNK_END.test(text) ? '' : text
  const starts = tokens.map((token) => token.index)
  const ends = tokens.map((token) => token.index + token[0].length)
  // covered[k]: characters before k inside a masked range (ranges may nest: counted, not scanned).
  let covered: Int32Array | undefined
  if (ranges !== undefined) {
    const depth = new Int32Array(text.length + 1)
    for (const [a, b] of ranges) {
      depth[a] = (depth[a] ?? 0) + 1
      depth[b] = (depth[b] ?? 0) - 1
    }
    covered = new Int32Array(text.length + 1)
    let open = 0
    for (let k = 0; k < text.length; k++) {
      open += depth[k] ?? 0
      covered[k + 1] = (covered[k] ?? 0) + (open > 0 ? 1 : 0)
    }
  }
  const hidden = tokens.map(([token], i) => {
    const at = starts[i] as number
    const end = ends[i] as number
    if (covered !== undefined && (covered[end] ?? 0) > (covered[at] ?? 0)) return true
    return (shortToken(token) && SHORT_NOISE.test(token)) || !plainWordCached(token)
  })
  // The text between token i-1 (or the piece's start) and token i (or its end).
  const gap = (i: number): string => text.slice(i === 0 ? 0 : ends[i - 1], starts[i] ?? text.length)
  const joined = (i: number): boolean => !CHUNK_END.test(gap(i))
  const last = tokens.length - 1
  // Short tokens joined by punctuation other than `=`/`:` (`AA]AAA;AA`): a value in pieces, or a
  // bit of code (`f(x)`, `a[0]`), which loses nothing by a mask.
  for (let i = 1; i <= last; i++) {
    if (!joined(i) || /[=:]/.test(gap(i))) continue
    if (shortToken(tokens[i - 1]?.[0] ?? '') && shortToken(tokens[i]?.[0] ?? ''))
      hidden[i - 1] = hidden[i] = true
  }
  // True when token i opens its chunk: nothing but an opening bracket between it and a blank or
  // quote (or the line's start) — a name's place (`pw=`, `{pw:`); `},A[` is inside a value.
  const opens = (i: number): boolean => {
    const before = gap(i)
    let k = before.length
    while (k > 0 && !CHUNK_END.test(before.charAt(k - 1))) k--
    if (k === 0 && i > 0) return false
    if (k === 0 && maskedLeft) return false
    // At a cut window's edge the name a chunk follows may lie outside it (`pass: A=b…` cut to `A=b…`).
    if (i === 0 && cutLeft) return false
    return /^[{([]?$/.test(before.slice(k))
  }
  // Rightward: a token after a masked one (or a masked span) by punctuation alone.
  for (let i = 0; i <= last; i++) {
    if (!hidden[i] && joined(i) && (i === 0 ? maskedLeft : hidden[i - 1] === true)) hidden[i] = true
  }
  // A token inside a range (a value under a secret-like name): masked for its name, not its look.
  const ranged = (i: number): boolean =>
    covered !== undefined && (covered[ends[i] as number] ?? 0) > (covered[starts[i] as number] ?? 0)
  // Leftward: a token before one, unless it is a name. A name is followed by one `=` or `:` (a value
  // opening `AA=>`, `x:=`, `kd::` is a value), and its value is a matched span or a value under a
  // secret-like name: a name before a value masked for its look (`Abc=k9!x…`) may be the first part
  // of one random value, so it is masked with it — only the URL's user (`//app:pw@db`) stays. A long
  // name may stand inside a chunk, but not after `=` or `:` (`other=hunter:k9!x…`: part of the value);
  // a short one opens its chunk (`pw=`; inside a chunk, `xY9;ab3=Qz!`, a piece of the value).
  for (let i = last; i >= 0; i--) {
    const right = i === last ? maskedRight : hidden[i + 1] === true
    if (hidden[i] || !right || !joined(i + 1)) continue
    const between = gap(i + 1)
    const token = tokens[i]?.[0] ?? ''
    const user = between === ':' && token.startsWith('//') && gap(i) === ':'
    const named = i === last || ranged(i + 1) || user
    const name =
      named && NAME_SEP.test(between) && (user || (shortToken(token) ? opens(i) : !/[=:]/.test(gap(i))))
    if (!name) hidden[i] = true
  }
  // The first chunk edge at or after `from` (before `to`), and the last one before `to`.
  const edgeAfter = (from: number, to: number): number => {
    let k = from
    while (k < to && !CHUNK_END.test(text.charAt(k))) k++
    return k
  }
  const edgeBefore = (from: number, to: number): number => {
    let k = to
    while (k > from && !CHUNK_END.test(text.charAt(k - 1))) k--
    return k
  }
  const out: string[] = []
  let at = 0
  for (let i = 0; i <= last; i++) {
    const start = starts[i] as number
    if (!hidden[i]) out.push(text.slice(at, start), tokens[i]?.[0] ?? '')
    // Joined to the mask before it: one mask for both, the punctuation between them too.
    else if (joined(i) && (i === 0 ? maskedLeft : hidden[i - 1] === true)) out.push('')
    // After a name (`pw=`): the punctuation stays.
    else if (i > 0 && joined(i)) out.push(text.slice(at, start), MASK)
    // Opening its chunk: the mask takes the punctuation before it too (a value opening `},;[`).
    else out.push(text.slice(at, edgeBefore(at, start)), MASK)
    at = ends[i] as number
    // Closing its chunk: and the punctuation after it.
    const closes = i === last ? !(maskedRight && joined(last + 1)) : !joined(i + 1)
    if (hidden[i] === true && closes) at = edgeAfter(at, starts[i + 1] ?? text.length)
  }
  // Punctuation between the last masked token and a masked span: part of the same mask.
  if (!(hidden[last] === true && maskedRight && joined(last + 1))) out.push(text.slice(at))
  return out.join('')
}

// A piece without `:`, `=` or `>` holds no assignment (ASSIGNMENT needs one).
const ASSIGNS = /[:=>]/

// maskTokens' results for the pieces seen lately: on a line dense in findings each piece between
// two matched spans is in the window of several neighbouring findings, and was masked again for
// each (a one-line flow Secret spent a sixth of its scan there). Cleared when full, as `judged`.
const maskedPieces = new Map<string, string>()

/**
 * Forget the tokens and pieces remembered (at the start of each file's findings): a key sliced from
 * a file's text keeps the whole text alive, so the memos must not outlive the file.
 */
export function forgetRedactions(): void {
  judged.clear()
  maskedPieces.clear()
}

/** {@link maskTokens}, remembered. */
const maskTokensCached = (text: string, maskedLeft: boolean, maskedRight: boolean, cutLeft = false): string =>
  remembered(maskedPieces, `${maskedLeft ? 1 : 0}${maskedRight ? 1 : 0}${cutLeft ? 1 : 0}${text}`, (key) =>
    maskTokens(key.slice(3), maskedLeft, maskedRight, cutLeft),
  )

/**
 * Free text a report prints beside a finding (a commit subject) with every secret-looking token
 * masked, by the same rule as the rest of a reported line: a commit message is written by people
 * and may hold the very secret the commit adds (`add key ghp_…`).
 */
export function redactText(text: string): string {
  return maskTokens(text)
}

/**
 * `at` moved in direction `step` (1: right, -1: left) past the chunk (a run without blanks or
 * quotes) it cuts, stopping at `limit`: a window edge inside a token would print a piece of it, and
 * a piece of a secret is a secret; inside a chunk, the tokens cut off would no longer mask their
 * punctuated neighbours (see maskTokens).
 */
function tokenEdge(line: string, at: number, step: 1 | -1, limit: number): number {
  let i = at
  // The window starts at `i` (step 1) or ends before `i` (step -1): is a chunk cut there?
  const inside = (k: number): boolean =>
    k > 0 && k < line.length && !CHUNK_END.test(line.charAt(k - 1)) && !CHUNK_END.test(line.charAt(k))
  while (i !== limit && inside(i)) i += step
  return i
}

const DOUBLE_MASK = /(?:\*\*\*\*\*){2,}/g

/**
 * The line holding a secret with every possible secret on it masked, cut to about 200 characters
 * around it. `from`/`to` are the secret's offsets within `line` (`to` may pass the end for
 * multi-line secrets); `others` are the other matched spans (line offsets, any order, may overlap
 * the line partially) — masked whole.
 */
export function redactLine(
  line: string,
  from: number,
  to: number,
  others: readonly (readonly [number, number])[] = [],
): string {
  const end = Math.min(to, line.length)
  // Cut first: the masking below is then bounded by the window, whatever the line's length.
  const head =
    line.length > REDACT_MAX_LINE ? tokenEdge(line, Math.max(0, from - REDACT_CONTEXT), 1, from) : 0
  const tail =
    line.length > REDACT_MAX_LINE
      ? tokenEdge(line, Math.min(line.length, end + REDACT_CONTEXT), -1, end)
      : line.length
  const spans: [number, number][] = []
  for (const [a, b] of others) if (Math.min(b, tail) > Math.max(a, head)) spans.push([a, b])
  spans.sort((x, y) => x[0] - y[0])
  const out: string[] = [head > 0 ? '…' : '']
  // The line from `a` to `b`, a mask before it when `maskedLeft` and after it when `maskedRight`
  // (the secret's): each part between masks knows whether a mask touches it on either side.
  const piece = (a: number, b: number, maskedLeft: boolean, maskedRight: boolean): void => {
    let at = a
    let left = maskedLeft
    for (const [s, e] of spans) {
      if (e <= at || s >= b) continue
      if (s > at) out.push(maskTokensCached(line.slice(at, s), left, true, at === head && head > 0))
      out.push(MASK)
      at = Math.max(at, e)
      left = true
    }
    if (at < b) out.push(maskTokensCached(line.slice(at, b), left, maskedRight, at === head && head > 0))
  }
  piece(head, Math.max(head, from), false, true)
  out.push(MASK)
  piece(Math.max(end, head), tail, true, false)
  if (tail < line.length) out.push('…')
  // A masked piece touching a masked span: one mask.
  return out.join('').replace(DOUBLE_MASK, MASK).trim()
}
