/**
 * How much the `yaml` library would build from a text, bounded before it reads it: it keeps
 * 0.4–1.6 KB per token (a flow-list `,`, an anchor, a line), so 1 MiB of `[a,a,a,…]` took 5 s and
 * 550 MB, and the 32 MiB gitseal reads would need some 16 GB. Long values cost ~2 bytes per byte.
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
 * Refuse a YAML/JSON text too large for the yaml library, before it reads it.
 * @throws GitsealError `E_TOO_LARGE` naming `file`, the limit and what to do.
 */
export function refuseTooManyYamlTokens(text: string, file: string): void {
  if (!tooManyYamlTokens(text)) return
  throw new GitsealError('E_TOO_LARGE', `${printable(file)}: ${TOO_MANY_TOKENS_TEXT}`, {
    file,
    hint: 'Split it over several files: a Kubernetes Secret holds at most 1 MiB, and no manifest needs this many entries.',
  })
}
