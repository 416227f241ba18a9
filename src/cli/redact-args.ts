/**
 * The CLI's last line of defence against echoing key material: a private key or token typed in
 * the wrong place (an identity as a recipient, a token as a name) must not come back on stderr,
 * whichever message would have quoted it. Command-line values that look like secrets are masked
 * wherever 8 or more of their characters appear in what is written to stderr.
 */
import { shannonEntropy } from '../scan/entropy.js'

/** Shortest run of a secret's characters that is masked; shorter runs cannot identify it. */
export const FRAGMENT = 8

// Text that is key material whatever its length or entropy: private keys, tokens with a known prefix.
const KEY_MATERIAL = [
  /AGE-SECRET-KEY-/i,
  /PRIVATE KEY/,
  /^gh[pousr]_[A-Za-z0-9]{16,}/,
  /^github_pat_/,
  /^xox[abposr]-/,
  /^(?:AKIA|ASIA)[A-Z0-9]{12,}/,
  /^sk-[\w-]{16,}/,
  /^glpat-/,
  /^npm_[A-Za-z0-9]{20,}/,
  /^eyJ[\w-]{8,}\.eyJ/,
]

/**
 * True when a command-line value looks like a secret: known key material, or a long random-looking
 * string. Public keys (age1…, ssh-…) and paths are not secrets and stay readable in messages.
 */
export function looksSecret(value: string): boolean {
  if (value.length < FRAGMENT) return false
  if (KEY_MATERIAL.some((pattern) => pattern.test(value))) return true
  if (/^(?:age1|ssh-)/.test(value) || /[/\\\s]/.test(value)) return false
  return value.length >= 16 && /\d/.test(value) && /[A-Za-z]/.test(value) && shannonEntropy(value) >= 3.5
}

/** The secret-looking values among `argv`, also the part after `=` of `--opt=value` and `key=value`. */
export function secretArguments(argv: readonly string[]): string[] {
  const found = new Set<string>()
  for (const arg of argv) {
    for (const candidate of [arg, arg.slice(arg.indexOf('=') + 1)]) {
      if (looksSecret(candidate)) found.add(candidate)
    }
  }
  return [...found]
}

/**
 * `text` with every run of {@link FRAGMENT} or more characters of any of `secrets` replaced by `‹redacted›`.
 * Linear in the text for each secret: the secret's 8-character windows go in a set, and text
 * positions whose window is in it are covered.
 */
export function redactArguments(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text.length < FRAGMENT) return text
  const covered = new Uint8Array(text.length)
  let any = false
  for (const secret of secrets) {
    const windows = new Set<string>()
    for (let i = 0; i + FRAGMENT <= secret.length; i++) windows.add(secret.slice(i, i + FRAGMENT))
    for (let i = 0; i + FRAGMENT <= text.length; i++) {
      if (windows.has(text.slice(i, i + FRAGMENT))) {
        covered.fill(1, i, i + FRAGMENT)
        any = true
      }
    }
  }
  if (!any) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    if (covered[i] === 0) out += text.charAt(i)
    else if (i === 0 || covered[i - 1] === 0) out += '‹redacted›'
  }
  return out
}
