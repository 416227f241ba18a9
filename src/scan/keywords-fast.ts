/**
 * Fast keyword prefilter: one native regex pass instead of a JS loop over every character. The
 * regex (an alternation of the escaped keywords) only stops where some keyword starts; there the
 * keywords sharing its first two characters are checked with `startsWith`, exactly like a scan of
 * every position would, so the result is the same set.
 */

const SPECIAL = /[.*+?^${}()|[\]\\/]/g

function escape(keyword: string): string {
  return keyword.replace(SPECIAL, '\\$&')
}

// Rebuild the search regex without the keywords already found once this many stops found nothing
// new: common keywords (`://`, `key`) would otherwise stop the scan at each occurrence.
const STALE_STOPS = 32

/** A set of lowercase keywords to look for in one pass. */
export class FastKeywordIndex {
  readonly #short: string[] = []
  readonly #buckets = new Map<string, string[]>()
  readonly #all: RegExp | undefined

  constructor(keywords: Iterable<string>) {
    const long: string[] = []
    for (const keyword of new Set(keywords)) {
      if (keyword.length < 2) {
        this.#short.push(keyword)
        continue
      }
      long.push(keyword)
      const head = keyword.slice(0, 2)
      const bucket = this.#buckets.get(head)
      if (bucket === undefined) this.#buckets.set(head, [keyword])
      else bucket.push(keyword)
    }
    this.#all = FastKeywordIndex.#compile(long)
  }

  static #compile(keywords: readonly string[]): RegExp | undefined {
    if (keywords.length === 0) return undefined
    // Longest first is irrelevant for correctness (every stop re-checks its whole bucket) but lets
    // the regex stop once per keyword start rather than once per shorter alternative.
    const sorted = [...keywords].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    return new RegExp(sorted.map(escape).join('|'), 'g')
  }

  /** The keywords occurring in `lower` (already lowercased). */
  found(lower: string): Set<string> {
    const found = new Set<string>()
    for (const keyword of this.#short) if (lower.includes(keyword)) found.add(keyword)
    let regex = this.#all
    if (regex === undefined) return found
    regex.lastIndex = 0
    let stale = 0
    let match: RegExpExecArray | null
    while ((match = regex.exec(lower)) !== null) {
      const at = match.index
      let fresh = false
      for (const keyword of this.#buckets.get(lower.slice(at, at + 2)) ?? []) {
        if (!found.has(keyword) && lower.startsWith(keyword, at)) {
          found.add(keyword)
          fresh = true
        }
      }
      // Overlapping keyword starts (`ab`, `bc` in `abc`) must not be skipped: resume one further.
      const next = at + 1
      if (fresh) stale = 0
      else if (++stale >= STALE_STOPS) {
        stale = 0
        const rest = [...this.#buckets.values()].flat().filter((keyword) => !found.has(keyword))
        const smaller = FastKeywordIndex.#compile(rest)
        if (smaller === undefined) break
        regex = smaller
      }
      regex.lastIndex = next
    }
    return found
  }
}
