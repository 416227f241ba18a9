/**
 * The reference keyword prefilter (the engine uses `src/scan/keyword-automaton.ts`; tests compare the two): which rule keywords occur in a text, found in one pass over it. Testing
 * each of ~300 keywords with `includes` would read a 20 MB file 300 times; this reads it once,
 * looking keywords up by their first two characters.
 */

/** A set of lowercase keywords (each at least 2 characters) to look for. */
export class KeywordIndex {
  readonly #table = new Int32Array(65536).fill(-1)
  readonly #buckets: string[][] = []
  readonly #short: string[] = []

  constructor(keywords: Iterable<string>) {
    for (const keyword of new Set(keywords)) {
      if (keyword.length < 2) {
        this.#short.push(keyword)
        continue
      }
      const key = this.#key(keyword.charCodeAt(0), keyword.charCodeAt(1))
      let index = this.#table[key] ?? -1
      if (index < 0) {
        index = this.#buckets.length
        this.#buckets.push([])
        this.#table[key] = index
      }
      this.#buckets[index]?.push(keyword)
    }
  }

  #key(a: number, b: number): number {
    return ((a & 0xff) << 8) | (b & 0xff)
  }

  /** The keywords occurring in `lower` (already lowercased). */
  found(lower: string): Set<string> {
    const found = new Set<string>()
    for (const keyword of this.#short) if (lower.includes(keyword)) found.add(keyword)
    const remaining = this.#buckets.map((bucket) => bucket.length)
    let left = this.#buckets.length
    const end = lower.length - 1
    for (let i = 0; i < end && left > 0; i++) {
      const index = this.#table[this.#key(lower.charCodeAt(i), lower.charCodeAt(i + 1))] ?? -1
      if (index < 0 || remaining[index] === 0) continue
      for (const keyword of this.#buckets[index] ?? []) {
        if (!found.has(keyword) && lower.startsWith(keyword, i)) {
          found.add(keyword)
          const rest = (remaining[index] ?? 1) - 1
          remaining[index] = rest
          if (rest === 0) left--
        }
      }
    }
    return found
  }
}
