/** Lookups in sorted, disjoint `[start, end)` offset spans, shared by findings and template blanking. */

/** The index of the first of the sorted disjoint `spans` that ends after `from` (`spans.length` when none does). */
export function firstSpanEndingAfter(spans: readonly [number, number][], from: number): number {
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((spans[mid]?.[1] ?? 0) <= from) lo = mid + 1
    else hi = mid
  }
  return lo
}
