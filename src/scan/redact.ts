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

/**
 * Mask what may be a secret in `text` (a piece of a line outside any matched span): tokens that are
 * not plain words, values under secret-like names and values after password flags.
 */
function maskTokens(text: string): string {
  // Most pieces of a line between matched spans are a few characters: `, ` or `: `.
  if (text.length === 0) return text
  let masked: Set<number> | undefined
  if (ASSIGNS.test(text)) {
    for (const match of assignments(text)) {
      const [whole, name = '', value = ''] = match
      if (value.length >= 4 && (MASKED_NAME.test(name) || secretLikeName(name) !== undefined)) {
        ;(masked ??= new Set()).add(match.index + whole.length - value.length)
      }
    }
  }
  if (text.includes('-')) {
    for (const match of text.matchAll(PASSWORD_FLAG)) {
      const value = match[1] ?? ''
      ;(masked ??= new Set()).add(match.index + match[0].length - value.length)
    }
  }
  return text.replace(TOKEN, (token, offset: number) => {
    if (masked?.has(offset) === true) return MASK
    return plainWordCached(token) ? token : MASK
  })
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
const maskTokensCached = (text: string): string => remembered(maskedPieces, text, maskTokens)

/**
 * Free text a report prints beside a finding (a commit subject) with every secret-looking token
 * masked, by the same rule as the rest of a reported line: a commit message is written by people
 * and may hold the very secret the commit adds (`add key ghp_…`).
 */
export function redactText(text: string): string {
  return maskTokens(text)
}

// One character that ends a token.
const SEPARATOR = new RegExp(`[${SEPARATORS}]`)

/**
 * `at` moved in direction `step` (1: right, -1: left) past the token it cuts, stopping at `limit`:
 * a window edge inside a token would print a piece of it, and a piece of a secret is a secret.
 */
function tokenEdge(line: string, at: number, step: 1 | -1, limit: number): number {
  let i = at
  // The window starts at `i` (step 1) or ends before `i` (step -1): is a token cut there?
  const inside = (k: number): boolean =>
    k > 0 && k < line.length && !SEPARATOR.test(line.charAt(k - 1)) && !SEPARATOR.test(line.charAt(k))
  while (i !== limit && inside(i)) i += step
  return i
}

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
  const piece = (a: number, b: number): void => {
    let at = a
    for (const [s, e] of spans) {
      if (e <= at || s >= b) continue
      if (s > at) out.push(maskTokensCached(line.slice(at, s)))
      out.push(MASK)
      at = Math.max(at, e)
    }
    if (at < b) out.push(maskTokensCached(line.slice(at, b)))
  }
  piece(head, Math.max(head, from))
  out.push(MASK)
  piece(Math.max(end, head), tail)
  if (tail < line.length) out.push('…')
  return out.join('').trim()
}
