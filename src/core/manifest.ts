/**
 * Multi-document YAML and JSON manifests, read and written without losing comments,
 * key order or documents gitseal does not understand. Pure: text in, text out.
 */
import { Document, LineCounter, YAMLParseError, isNode } from 'yaml'
import type { Node, ParsedNode, ToStringOptions } from 'yaml'
import { GitsealError, where } from './errors.js'
import { firstDuplicateKey } from './yaml-unique.js'
import { withoutStackTraces } from './stackless.js'
import { TOO_DEEP_TEXT, parseAllDocumentsBounded } from './yaml-depth.js'
import { TOO_MANY_DOCUMENTS_TEXT, tooManyYamlDocuments } from './yaml-documents.js'
import { refuseCostlyYaml } from './yaml-tokens.js'
import { yamlErrorText } from './yaml-error.js'

/** Serialisation of a manifest file. */
export type ManifestFormat = 'yaml' | 'json'

/** A parsed manifest file: its documents in order, with enough context for `file:line` messages. */
export interface Manifest {
  readonly file: string
  readonly format: ManifestFormat
  /** The text the manifest was parsed from, as written (comments, key order, quoting). */
  readonly text: string
  readonly documents: Document.Parsed[]
  /** 1-based line in the original text of an offset into the parsed source. */
  readonly lineAt: (offset: number) => number
}

/** Limits that keep hostile input from using unbounded memory or time. */
export const MANIFEST_LIMITS = {
  /** Largest manifest accepted, in bytes. The API server's own limit for a Secret is 1 MiB. */
  maxBytes: 32 * 1024 * 1024,
  /** Aliases a document may expand (the `yaml` default; stops "billion laughs"). */
  maxAliasCount: 100,
}

/** Options used for every YAML string gitseal writes: close to what kubectl and kubeseal produce. */
export const YAML_OUTPUT: ToStringOptions = {
  lineWidth: 0,
  flowCollectionPadding: false,
}

/** `json` when the text starts with `{` or `[`, else `yaml`. */
export function detectFormat(text: string): ManifestFormat {
  const first = /\S/.exec(text)?.[0]
  return first === '{' || first === '[' ? 'json' : 'yaml'
}

/**
 * Parse a YAML (multi-document, `---`) or JSON (one value or a stream of objects) manifest.
 * @throws GitsealError `E_BAD_MANIFEST` naming the file and line of the first syntax error.
 */
export function parseManifest(text: string, file: string): Manifest {
  if (text.length > MANIFEST_LIMITS.maxBytes) {
    throw new GitsealError(
      'E_TOO_LARGE',
      `${file}: manifest is larger than ${MANIFEST_LIMITS.maxBytes} bytes`,
      {
        file,
      },
    )
  }
  refuseBeforeParsing(text, file)
  const format = detectFormat(text)
  const lines = new LineCounter()
  const { source, inserted } = format === 'json' ? joinJsonStream(text) : { source: text, inserted: [] }
  // Each `---` line inserted between JSON objects shifts later lines by 2.
  const lineAt = (offset: number): number =>
    lines.linePos(offset).line - 2 * inserted.filter((at) => at < offset).length
  // uniqueKeys: false, then our own linear check (the library's is quadratic in the keys).
  // logLevel 'error': the yaml library would print Node warnings (e.g. "Keys with collection values will
  // be stringified" for Helm's `{{ … }}`) on the user's terminal; gitseal reports problems itself.
  const documents = withoutStackTraces(() =>
    parseAllDocumentsBounded(source, { lineCounter: lines, uniqueKeys: false, logLevel: 'error' }),
  )
  if (documents === undefined) {
    throw new GitsealError('E_BAD_MANIFEST', `${file}: invalid YAML/JSON: ${TOO_DEEP_TEXT}`, {
      file,
      hint: 'No Kubernetes manifest nests this deep: check where the file comes from.',
    })
  }
  const parsed: Document.Parsed[] = []
  for (const doc of documents) {
    const error = doc.errors[0]
    if (error !== undefined) throw syntaxError(error, file, lineAt)
    const duplicate = firstDuplicateKey(doc)
    if (duplicate !== undefined) {
      const offset = duplicate.range?.[0] ?? 0
      const line = lineAt(offset)
      throw new GitsealError(
        'E_BAD_MANIFEST',
        `${file}:${line}:${lines.linePos(offset).col}: invalid YAML/JSON: Map keys must be unique`,
        { file, line, hint: 'Remove or rename the repeated key, then run the command again.' },
      )
    }
    parsed.push(doc)
  }
  // An empty document between separators (`---\n---`) carries nothing: drop it as kubectl does.
  const documentsWithContent = parsed.filter((doc) => doc.contents !== null || doc.commentBefore != null)
  return { file, format, text, documents: documentsWithContent, lineAt }
}

/**
 * Texts the yaml library must not see: too many documents (it keeps ~1.3 KB per empty one) or
 * tokens, or over 8 MiB of double-quoted values (core/yaml-tokens.ts). Nesting is bounded while
 * parsing (core/yaml-depth.ts).
 * @throws GitsealError `E_TOO_LARGE` naming the file.
 */
function refuseBeforeParsing(text: string, file: string): void {
  if (tooManyYamlDocuments(text)) {
    throw new GitsealError('E_TOO_LARGE', `${file}: ${TOO_MANY_DOCUMENTS_TEXT}`, {
      file,
      hint: 'Split the manifest over several files.',
    })
  }
  refuseCostlyYaml(text, file)
}

/**
 * The plain JavaScript value of one document (aliases expanded, bounded).
 * @throws GitsealError `E_BAD_MANIFEST` when alias expansion exceeds the limit.
 */
export function documentValue(manifest: Manifest, doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MANIFEST_LIMITS.maxAliasCount })
  } catch (cause) {
    const line = doc.contents ? lineOf(manifest, doc.contents) : undefined
    throw new GitsealError('E_BAD_MANIFEST', `${where(manifest.file, line)}${(cause as Error).message}`, {
      cause,
      file: manifest.file,
      ...(line === undefined ? {} : { line }),
    })
  }
}

/** 1-based line of a node in the manifest's source, if the node came from it. */
export function lineOf(manifest: Manifest, node: Node | ParsedNode | null | undefined): number | undefined {
  const start = node?.range?.[0]
  return start === undefined ? undefined : manifest.lineAt(start)
}

/** Find the node at `path` (keys / indexes) in a document, for line numbers in messages. */
export function nodeAt(doc: Document.Parsed, path: readonly (string | number)[]): Node | undefined {
  const node: unknown = doc.getIn(path, true)
  return isNode(node) ? node : undefined
}

/** Serialise a manifest back to text in its own format, keeping comments and order (YAML). */
export function stringifyManifest(manifest: Manifest): string {
  if (manifest.format === 'json') {
    return stringifyObjects(
      manifest.documents.map((doc): unknown => doc.toJS()),
      'json',
    )
  }
  return manifest.documents.map((doc) => doc.toString(YAML_OUTPUT)).join('')
}

/**
 * Serialise plain objects as a manifest: YAML documents separated by `---`, or JSON objects
 * each followed by a newline (the stream kubectl and kubeseal write).
 */
export function stringifyObjects(objects: readonly unknown[], format: ManifestFormat): string {
  if (format === 'json') return objects.map((value) => `${JSON.stringify(value, null, 2)}\n`).join('')
  return objects
    .map((value, index) => {
      const doc = new Document(value)
      if (index > 0 && doc.directives) doc.directives.docStart = true
      return doc.toString(YAML_OUTPUT)
    })
    .join('')
}

function syntaxError(error: YAMLParseError, file: string, lineAt: (offset: number) => number): GitsealError {
  const line = lineAt(error.pos[0])
  const col = error.linePos?.[0].col ?? 1
  const reason = yamlErrorText(error).replace(/ at line \d+, column \d+:?$/, '')
  return new GitsealError('E_BAD_MANIFEST', `${file}:${line}:${col}: invalid YAML/JSON: ${reason}`, {
    cause: error,
    file,
    line,
    hint: 'Fix the syntax at that position (check indentation and quoting), then run the command again.',
  })
}

/**
 * kubectl and kubeseal accept a stream of concatenated JSON objects (`{...}{...}`). YAML does not,
 * so turn the stream into YAML documents separated by `---`, remembering where lines were added.
 */
function joinJsonStream(text: string): { source: string; inserted: number[] } {
  const ends: number[] = []
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) ends.push(i + 1)
      if (depth < 0) break
    }
  }
  // Text after the last complete object (e.g. an unterminated one) stays a chunk of its own,
  // so the parser reports its error at the right place.
  if (text.slice(ends.at(-1) ?? 0).trim() !== '') ends.push(text.length)
  if (ends.length <= 1) return { source: text, inserted: [] }
  let source = ''
  const inserted: number[] = []
  let start = 0
  for (const end of ends) {
    if (start > 0) {
      inserted.push(source.length)
      source += '\n---\n'
    }
    source += text.slice(start, end)
    start = end
  }
  return { source, inserted }
}
