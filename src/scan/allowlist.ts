/** The `scan.allowlist` of `gitseal.yaml`: paths never reported, secrets matching regexes, stop words. */
import { globToRegExp } from '../config/glob.js'
import { goRegExp } from '../core/go-regexp.js'

/** Allowlist settings as written in `gitseal.yaml`. */
export interface AllowlistOptions {
  /** Globs of paths never reported. */
  paths?: string[]
  /** Regexes of secrets never reported (matched against the secret, unanchored). */
  regexes?: string[]
  /** Words that mark a match as a placeholder (case-insensitive substrings of the secret). */
  stopwords?: string[]
}

/** A compiled allowlist. */
export interface Allowlist {
  pathAllowed(path: string): boolean
  secretAllowed(secret: string): boolean
  stopwords: readonly string[]
}

/**
 * Compile an allowlist.
 * @throws GitsealError `E_BAD_CONFIG` for a bad glob or a regex that is not RE2.
 */
export function compileAllowlist(options: AllowlistOptions = {}): Allowlist {
  const paths = (options.paths ?? []).map((glob) => globToRegExp(glob))
  const regexes = (options.regexes ?? []).map((source, index) =>
    goRegExp(source, `gitseal.yaml: scan.allowlist.regexes[${index}]`),
  )
  const stopwords = (options.stopwords ?? []).map((word) => word.toLowerCase()).filter((word) => word !== '')
  return {
    pathAllowed: (path) => paths.some((regex) => regex.test(path)),
    secretAllowed: (secret) => regexes.some((regex) => regex.test(secret)),
    stopwords,
  }
}
