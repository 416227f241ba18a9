/**
 * A regular expression made on its first use. V8 parses a regex when it is made, and the first one
 * with a Unicode property class (`\p{L}`) loads ICU's property data: made at load, the engine's
 * eight cost ~22 M instructions (5 %) of a `scan --staged` of 20 files that never used them, in
 * every process and worker.
 */
export function lazyRegExp(make: () => RegExp): () => RegExp {
  let regex: RegExp | undefined
  return () => (regex ??= make())
}
