/**
 * Looking at manifest text without parsing it: splitting a YAML stream into its documents (a linear
 * walk over line starts) and asking whether a document can be of a kind. Used wherever only some
 * documents of a big multi-document file need the (costly) parser.
 */

/**
 * `[start, end)` of each document of a YAML stream, split at lines starting with `---`; undefined
 * when the text has directives (`%`) or end markers (`...`), whose meaning spans documents, or
 * holds a single document.
 */
export function splitDocuments(text: string): [number, number][] | undefined {
  const bounds: [number, number][] = []
  let start = 0
  for (let at = 0; at < text.length;) {
    const c = text.charCodeAt(at)
    if (c === 37) return undefined // `%` directive
    if ((c === 45 || c === 46) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
      const after = text.charCodeAt(at + 3)
      if (Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13) {
        if (c === 46) return undefined // `...` end marker
        if (at > start) bounds.push([start, at])
        start = at
      }
    }
    const newline = text.indexOf('\n', at)
    if (newline < 0) break
    at = newline + 1
  }
  bounds.push([start, text.length])
  return bounds.length > 1 ? bounds : undefined
}

// Block YAML: a top-level `kind` (a CRD's indented `names.kind: ExternalSecret` is not one), in any
// spelling the API accepts (quoted, tagged, explicit `? kind`, value on the next line). JSON and flow
// style (a document starting with `{` or `[`): a `kind` key anywhere.
const FLOW = /^[{[]/m
const kindTests = new Map<string, { topLevel: RegExp; anywhere: RegExp }>()

/**
 * False only when `text` (a document or a whole file) cannot hold a document whose `kind` contains
 * `word` (`Secret` matches Secret, SealedSecret, SecretStore…). Cheap and linear; may say true wrongly.
 */
export function mayHaveKind(text: string, word: string): boolean {
  let tests = kindTests.get(word)
  if (tests === undefined) {
    const value = `["']?\\s*:[^:]{0,64}?${word.replace(/[^A-Za-z0-9]/g, '\\$&')}`
    tests = {
      topLevel: new RegExp(`^(?:\\?[ \\t]*)?["']?kind${value}`, 'm'),
      anywhere: new RegExp(`kind${value}`),
    }
    kindTests.set(word, tests)
  }
  return (FLOW.test(text) ? tests.anywhere : tests.topLevel).test(text)
}
