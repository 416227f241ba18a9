/** Shannon entropy, the gate that tells random-looking secrets from words and placeholders. */

// Counts of ASCII characters, reused across calls (reset after each): a Map per value cost a third
// of a scan of a file dense in long secret-like values.
const ascii = new Uint32Array(128)

/** Shannon entropy of `value` in bits per character (0 for empty strings; log2(64) = 6 at most for base64). */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0
  // Characters in order of first occurrence: the terms are summed in that order, as they always
  // were, so a value right at a rule's threshold is judged the same to the last bit.
  const order: number[] = []
  let other: Map<number, number> | undefined
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 128) {
      const count = ascii[code] ?? 0
      if (count === 0) order.push(code)
      ascii[code] = count + 1
    } else {
      other ??= new Map()
      const count = other.get(code) ?? 0
      if (count === 0) order.push(code)
      other.set(code, count + 1)
    }
  }
  let entropy = 0
  for (const code of order) {
    const count = code < 128 ? (ascii[code] ?? 0) : (other?.get(code) ?? 0)
    if (code < 128) ascii[code] = 0
    const p = count / value.length
    entropy -= p * Math.log2(p)
  }
  return entropy
}
