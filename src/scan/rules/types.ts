/** What a detection rule is: catalogue data for reporters plus how to find and confirm a match. */
import type { Severity } from '../types.js'

/** A rule's catalogue entry (reporters use it for SARIF rules and help). */
export interface RuleInfo {
  id: string
  title: string
  severity: Severity
  description: string
  remediation: string
}

/** A match in the decoded text: UTF-16 offsets of the secret and the secret itself. */
export interface RawMatch {
  start: number
  end: number
  secret: string
  /** A place the rule could not check in full (no secret): the file is not fully scanned for it. */
  unchecked?: true
}

/** A text rule: cheap keyword prefilter, then a regex (or a custom finder), then checks. */
export interface Rule extends RuleInfo {
  /** Lowercase substrings; the rule runs only when the lowercased text holds one of them. */
  keywords: readonly string[]
  /** Global regex with indices (`dg`); the secret is group `secret`, else group 1, else the match. */
  regex?: RegExp
  /**
   * The matches of `regex` (the rule's own copy, passed in) found faster than by a global run, with
   * the same matches in the same order: for regexes a global run would scan in more than linear time
   * (see gapped.ts).
   */
  search?: (regex: RegExp, text: string) => Iterable<RegExpExecArray>
  /** A finder for what a regex cannot do in linear time (PEM blocks). */
  find?: (text: string) => Iterable<RawMatch>
  /** Format check on the secret (checksums, structure); false drops the match. */
  validate?: (secret: string, match: RegExpExecArray | undefined) => boolean
  /**
   * Proof of the format (a checksum, a parsed structure): when it holds, the placeholder filter is
   * skipped, since a value that proves itself real cannot be a placeholder.
   */
  verified?: (secret: string) => boolean
  /** Skip the placeholder filter (formats that start like a template, e.g. `$2y$` hashes). */
  skipPlaceholder?: boolean
  /** Minimum Shannon entropy (bits per character) of the secret. */
  minEntropy?: number
  /** Provider rules outrank generic ones when two findings overlap. */
  kind: 'provider' | 'generic'
  /**
   * Matches checked per file at most (the engine's MAX_CHECKED_PER_RULE otherwise), for rules whose
   * check is costly (a key derivation): past it the file is scan-incomplete for the rule.
   */
  maxChecked?: number
  /** Only files whose path matches (e.g. `.npmrc`). */
  paths?: RegExp
}
