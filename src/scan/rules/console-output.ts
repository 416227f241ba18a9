/**
 * A secret printed by a command in a documentation's console block: the line after a command that
 * reads or makes one is its output, a value with no name on its line:
 *
 *     $ kubectl get secret db -o jsonpath='{.data.password}' | base64 -d
 *     <value>
 *     $ openssl rand -base64 48
 *     <value>
 *
 * and a value a tool prints under a label naming it, the label's own line ending in a colon
 * (`cscli bouncers add` prints `API key for 'traefik':`, a blank line, then the key):
 *
 *     API key for 'crowdsec-bouncer-traefik':
 *
 *        <value>
 *
 * Each such output line is yielded with the name of what the command read (`password`, `token`,
 * `secret`) for the generic rules to judge. Lines are read one at a time, each once.
 */
import type { NamedValue } from './generic-forms.js'

// A command that prints a secret: decodes a Secret's or a file's base64 (`| base64 -d`), prints a
// file named for a credential (`cat /mnt/secrets/db-password`, perhaps piped on), or generates random bytes.
const DECODES = /\bbase64[ \t]+(?:-d|-D|--decode)\b/
const PRINTS_CREDENTIAL_FILE =
  /\bcat[ \t]+\S{0,200}?(?:pass(?:word|wd)?|secret|token|credential|api[_-]?key)\S{0,200}?[ \t]*(?:$|\|)/i
const GENERATES = /\bopenssl[ \t]+rand[ \t]+(?:-hex|-base64)\b/
// A prompt before the command (`$ `, `# `, `~$ `, `user@host:~$ `), or none.
const PROMPT = /^[ \t]*(?:[\w.@:~/-]{0,60}[$#%>][ \t]+)?/
// The longest line read as a command: longer ones are not typed at a prompt (and cost the patterns more).
const MAX_COMMAND = 1000
// An output line: one word, nothing else.
const ONE_WORD = /^([ \t]*)([^\s$#>`]\S{5,299})[ \t]*\r?$/
// A printed label naming a credential, its line ending at a colon: `API key for 'x':`, `Your token:`.
export const LABEL =
  /^[ \t]*[^:\r\n]{0,100}\b(?:api[ _-]?key|token|password|secret)\b[^:\r\n]{0,100}:[ \t]*\r?$/i
const BLANK = /^[ \t]*\r?$/

/**
 * {@link LABEL}'s test, after a cheap one of what it ends with (its colon is the line's last, white
 * space after it): most lines have no such colon, and LABEL's two runs around its words cost 1.5 %
 * of a scan of argo-cd, whose docs have many console blocks.
 */
export function isLabel(line: string): boolean {
  const colon = line.lastIndexOf(':')
  return colon >= 0 && BLANK.test(line.slice(colon + 1)) && LABEL.test(line)
}

/** The credential a command names, as a name the generic rules know (`secret` when it names none). */
function nameOf(command: string): string {
  if (/pass(?:word|wd)?|pwd/i.test(command)) return 'password'
  if (/token/i.test(command)) return 'token'
  return 'secret'
}

/** True when `line` is a command printing a secret: decoding one that names a credential, printing a credential file, making random bytes. */
function printsSecret(line: string): boolean {
  if (line.length > MAX_COMMAND) return false
  const command = line.replace(PROMPT, '')
  if (GENERATES.test(command) || PRINTS_CREDENTIAL_FILE.test(command)) return true
  return DECODES.test(command) && /pass|pwd|secret|token|key|credential/i.test(command)
}

/** The one-word lines right after a secret-printing command, within the `[start, end)` ranges (console blocks). */
export function* commandOutputs(
  text: string,
  ranges: readonly (readonly [number, number])[],
): Generator<NamedValue> {
  for (const [from, to] of ranges) {
    let command: string | undefined
    let lineStart = from
    while (lineStart < to) {
      const newline = text.indexOf('\n', lineStart)
      const lineEnd = newline < 0 || newline > to ? to : newline
      const line = text.slice(lineStart, lineEnd)
      const output = command === undefined ? null : ONE_WORD.exec(line)
      if (command !== undefined && output !== null) {
        // zsh marks output without a final line break with `%` (`… | base64 -d` prints none).
        const value = (output[2] ?? '').replace(/%$/, '')
        const start = lineStart + (output[1] ?? '').length
        yield { name: nameOf(command), value, start, end: start + value.length }
      }
      // A blank line may stand between a label and its value; the label goes on over it.
      if (command !== undefined && isLabel(command) && BLANK.test(line)) {
        lineStart = lineEnd + 1
        continue
      }
      command = printsSecret(line) || (line.length <= MAX_COMMAND && isLabel(line)) ? line : undefined
      lineStart = lineEnd + 1
    }
  }
}
