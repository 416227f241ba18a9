/**
 * How many documents a YAML text holds, counted before the `yaml` library reads it: the library keeps
 * about 1.3 KB per document, even an empty one, so a 32 MiB file of `---` lines (8 million documents)
 * would need some 10 GB.
 */

/** Most YAML documents gitseal reads from one text (manifests and sops files hold a handful). */
export const MAX_YAML_DOCUMENTS = 10_000

// A document starts or ends only at a `---` or `...` marker at the start of a line.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm

/** True when `text` has more document markers than {@link MAX_YAML_DOCUMENTS} (linear, stops early). */
export function tooManyYamlDocuments(text: string): boolean {
  MARKER.lastIndex = 0
  let count = 0
  while (MARKER.exec(text) !== null) if (++count > MAX_YAML_DOCUMENTS) return true
  return false
}

/** What gitseal says of a text {@link tooManyYamlDocuments} refuses. */
export const TOO_MANY_DOCUMENTS_TEXT = `holds more than ${MAX_YAML_DOCUMENTS} YAML documents`
