/**
 * The keyword automaton of the built-in rule set, made at build time: scripts/bundle.mjs writes
 * its tables into the engine script in this module's place. The library as tsc writes it has none
 * and builds the automaton for each detector (~20 ms of a start, most of it the building code's
 * first, unoptimised run).
 */
import type { KeywordTables } from './keyword-automaton.js'

/** The tables, and the key of what they were built from (see `keywordsKey` in matcher.ts). */
export interface PrebuiltKeywords {
  key: string
  tables: KeywordTables
}

export const PREBUILT_KEYWORDS: PrebuiltKeywords | undefined = undefined
