/** Shannon entropy, the gate that tells random-looking secrets from words and placeholders. */

/** Shannon entropy of `value` in bits per character (0 for empty strings; log2(64) = 6 at most for base64). */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0
  const counts = new Map<number, number>()
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    counts.set(code, (counts.get(code) ?? 0) + 1)
  }
  let entropy = 0
  for (const count of counts.values()) {
    const p = count / value.length
    entropy -= p * Math.log2(p)
  }
  return entropy
}
