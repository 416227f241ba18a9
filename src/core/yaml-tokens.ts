/**
 * How much the `yaml` library would build from a text, bounded before it reads it: it keeps
 * 0.4–1.6 KB per token (a flow-list `,`, an anchor, a line), so 1 MiB of `[a,a,a,…]` took 5 s and
 * 550 MB, and the 32 MiB gitseal reads would need some 16 GB. Long plain and single-quoted values
 * cost ~2 bytes per byte, but a double-quoted one ~37 (it is built a character at a time): a 20 MB
 * one-line JSON Secret took 4 s and 820 MB before `seal` could say it is too large.
 */
import { GitsealError } from './errors.js'
import { printable } from './printable.js'

/**
 * Most token starts (see {@link tooManyYamlTokens}) in one YAML/JSON text: ~300 MB and ~3 s for the
 * yaml library at worst. 80,000 `key: value` lines count 160,000; the largest manifests of the
 * benchmark trees (2.6 MB CustomResourceDefinitions) stay below it; a sops file holds ~25,000 values.
 */
export const MAX_YAML_TOKENS = 200_000

/** What gitseal says of a text {@link tooManyYamlTokens} refuses. */
export const TOO_MANY_TOKENS_TEXT = `holds more than ${MAX_YAML_TOKENS} YAML tokens (keys, values, list entries, lines): not read`

/**
 * Most characters in double-quoted scalars (between their quotes, escapes as written) read: ~300 MB
 * for the yaml library. A Kubernetes object is at most 1.5 MiB (etcd's limit), so a JSON manifest
 * of several fits; the largest quoted value in the benchmark trees is 2.3 MB (an HTTP cassette).
 */
export const MAX_DOUBLE_QUOTED_CHARS = 8 * 1024 * 1024

/** What gitseal says of a text {@link doubleQuotedOverflowAt} refuses. */
export const TOO_MUCH_QUOTED_TEXT = `holds more than ${MAX_DOUBLE_QUOTED_CHARS} characters of double-quoted values: not read`

/** True for space and tab. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9
}

/** True for the characters after which a quote opens a quoted scalar (or follows one). */
function quoteMayOpen(previous: number): boolean {
  // newline, space, tab, `"` `'` `,` `:` `[` `{`
  return (
    previous === 10 ||
    isBlank(previous) ||
    previous === 34 ||
    previous === 39 ||
    previous === 44 ||
    previous === 58 ||
    previous === 91 ||
    previous === 123
  )
}

/**
 * True when `text` has more than {@link MAX_YAML_TOKENS} places where a token may start (linear,
 * stops early). Every token the library makes starts at, or just after, one of the places counted:
 * a newline, a run of blanks within a line, a flow indicator `, [ ] { }` and a quote that may open
 * a quoted scalar. Counted wherever they stand (inside quoted or plain scalars too): an estimate
 * that follows YAML's flow and quoting could be steered to count too few.
 */
export function tooManyYamlTokens(text: string): boolean {
  let count = 0
  let previous = 10
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const start = isBlank(c)
      ? !isBlank(previous) && previous !== 10 // indentation goes with its newline
      : c === 10 ||
        c === 44 ||
        c === 91 ||
        c === 93 ||
        c === 123 ||
        c === 125 ||
        ((c === 34 || c === 39) && quoteMayOpen(previous))
    if (start && ++count > MAX_YAML_TOKENS) return true
    previous = c
  }
  return false
}

/**
 * Offset of the quote that may open a double-quoted scalar where the characters from such quotes
 * to the next unescaped `"` pass {@link MAX_DOUBLE_QUOTED_CHARS} in all, or -1 (linear: each stretch
 * between two quotes is walked once). Every quote is tried as an opener, the one that ended a walk
 * too, so a stray quote in a plain scalar or comment cannot hide a real value: it can only make more
 * characters count.
 */
export function doubleQuotedOverflowAt(text: string): number {
  let total = 0
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 34 || !quoteMayOpen(i === 0 ? 10 : text.charCodeAt(i - 1))) continue
    let end = i + 1
    while (end < text.length && text.charCodeAt(end) !== 34) end += text.charCodeAt(end) === 92 ? 2 : 1
    total += Math.min(end, text.length) - i - 1
    if (total > MAX_DOUBLE_QUOTED_CHARS) return i
    // A quote that may open is never preceded by `\`, so no walk steps over one: try the closing quote next.
    i = end - 1
  }
  return -1
}

/** Why the yaml library must not read `text` (too many tokens, too much double-quoted text), if it must not. */
export function costlyYaml(text: string): { reason: string; hint: string; line?: number } | undefined {
  if (tooManyYamlTokens(text)) {
    return {
      reason: TOO_MANY_TOKENS_TEXT,
      hint: 'Split it over several files: a Kubernetes Secret holds at most 1 MiB, and no manifest needs this many entries.',
    }
  }
  const at = doubleQuotedOverflowAt(text)
  if (at === -1) return undefined
  return {
    reason: TOO_MUCH_QUOTED_TEXT,
    hint: 'A Kubernetes Secret holds at most 1 MiB: check where the file comes from. Long values that belong in a YAML file can be written as block scalars (`|`), or split over several files.',
    line: lineOfOffset(text, at),
  }
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/**
 * Refuse a YAML/JSON text too costly for the yaml library, before it reads it.
 * @throws GitsealError `E_TOO_LARGE` naming `file` (and the line), the limit and what to do.
 */
export function refuseCostlyYaml(text: string, file: string): void {
  const costly = costlyYaml(text)
  if (costly === undefined) return
  const at = costly.line === undefined ? '' : `:${costly.line}`
  throw new GitsealError('E_TOO_LARGE', `${printable(file)}${at}: ${costly.reason}`, {
    file,
    ...(costly.line === undefined ? {} : { line: costly.line }),
    hint: costly.hint,
  })
}
