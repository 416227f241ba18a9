/**
 * YAML parsing with the nesting bounded. The `yaml` library's parser builds its tree of tokens with
 * a stack of its own (200,000 levels parse), but its composer and `toJS` recurse once per level,
 * and near the stack limit V8 aborts the whole process (a fatal "RegExpCompiler Allocation failed"
 * that no catch stops) instead of throwing. So the depth is measured on the parser's tokens, after
 * the library has read quoted scalars, block scalars, comments and plain scalars as it always does,
 * and a document nested deeper than any manifest is never composed.
 */
import { Composer, Lexer, Parser, YAMLParseError } from 'yaml'
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml'

/** Deepest nesting of collections (block maps and sequences, flow collections) gitseal composes. */
export const MAX_YAML_NESTING = 256

/** What gitseal says of a document nested deeper than {@link MAX_YAML_NESTING}. */
export const TOO_DEEP_TEXT = `nested too deeply to read (more than ${MAX_YAML_NESTING} levels)`

/** Options of the library's `parseAllDocuments` (errors are never "prettified" with source lines). */
export type BoundedParseOptions = ParseOptions & DocumentOptions & SchemaOptions

const COLLECTIONS: ReadonlySet<string> = new Set(['block-map', 'block-seq', 'flow-collection'])

/**
 * True when a token of the library's parser (a document) nests collections more than
 * {@link MAX_YAML_NESTING} deep. Linear in the tokens, with a stack of its own.
 */
function cstTooDeep(root: CST.Token): boolean {
  const tokens: CST.Token[] = [root]
  const depths: number[] = [0]
  const push = (token: CST.Token | null | undefined, depth: number): void => {
    // Scalars, aliases and source tokens hold no tokens: not worth a visit.
    if (!token || !('items' in token || 'props' in token || 'value' in token)) return
    tokens.push(token)
    depths.push(depth)
  }
  for (let token = tokens.pop(); token !== undefined; token = tokens.pop()) {
    let depth = depths.pop() ?? 0
    if (COLLECTIONS.has(token.type) && ++depth > MAX_YAML_NESTING) return true
    if ('value' in token) push(token.value, depth) // a document
    if ('props' in token) for (const prop of token.props) push(prop, depth) // a block scalar (a collection there is an error)
    if ('items' in token) {
      for (const item of token.items) {
        push(item.key, depth)
        push(item.value, depth)
      }
    }
  }
  return false
}

// An alias lexeme whose name, as go-yaml reads names, is followed by a `:` (the library's names run
// to the next space or flow indicator).
const ALIAS_THEN_COLON = /^\*[0-9A-Za-z_-]+:$/

/**
 * True for an alias key written `*app:`, which the parser is then given as the alias and its `:`
 * (same characters, same offsets). YAML 1.2 reads `app:` as the alias name; go-yaml, which
 * Kubernetes and Flux read manifests with, ends names at a character outside `[0-9A-Za-z_-]`, so
 * for them it is the alias `app` as a key (PyYAML agrees) — the spelling bjw-s app-template
 * HelmReleases use under `controllers:`. Read as the library does, the file did not parse.
 */
const isAliasThenColon = (lexeme: string): boolean =>
  lexeme.charCodeAt(0) === 42 && ALIAS_THEN_COLON.test(lexeme)

/** How many of the parser's open tokens are collections. */
function openCollections(stack: readonly CST.Token[]): number {
  let open = 0
  for (const token of stack) if (COLLECTIONS.has(token.type)) open++
  return open
}

/**
 * The yaml library's tokens for `text` (its `Parser().parse(text)`), or undefined when a document
 * nests more than {@link MAX_YAML_NESTING} collections deep. The parser is stopped as soon as it
 * holds more open collections than that (its stack), so crafted nesting costs a few hundred
 * tokens, not the whole file; each finished document is measured too. `stop`, asked after each
 * lexeme with the parser's open tokens, may end the parse early: then the answer is `'stopped'`.
 */
export function parseCstBounded(text: string, onNewLine?: (offset: number) => void): CST.Token[] | undefined
export function parseCstBounded(
  text: string,
  onNewLine: ((offset: number) => void) | undefined,
  stop: (open: readonly CST.Token[]) => boolean,
): CST.Token[] | undefined | 'stopped'
export function parseCstBounded(
  text: string,
  onNewLine?: (offset: number) => void,
  stop?: (open: readonly CST.Token[]) => boolean,
): CST.Token[] | undefined | 'stopped' {
  const parser = new Parser(onNewLine)
  const tokens: CST.Token[] = []
  const keep = (token: CST.Token): boolean => {
    tokens.push(token)
    return !cstTooDeep(token)
  }
  onNewLine?.(0) // as Parser.parse does
  for (const lexeme of new Lexer().lex(text)) {
    if (isAliasThenColon(lexeme)) {
      for (const token of parser.next(lexeme.slice(0, -1))) if (!keep(token)) return undefined
      for (const token of parser.next(':')) if (!keep(token)) return undefined
    } else for (const token of parser.next(lexeme)) if (!keep(token)) return undefined
    if (parser.stack.length > MAX_YAML_NESTING && openCollections(parser.stack) > MAX_YAML_NESTING)
      return undefined
    if (stop?.(parser.stack) === true) return 'stopped'
  }
  for (const token of parser.end()) if (!keep(token)) return undefined
  return tokens
}

/** The library's two steps (parse, compose) with the nesting bounded between them; undefined when too deep. */
function composeBounded(
  text: string,
  options: BoundedParseOptions,
  forceDoc: boolean,
): Document.Parsed[] | undefined {
  const tokens = parseCstBounded(text, options.lineCounter?.addNewLine)
  if (tokens === undefined) return undefined
  return [...new Composer({ ...options, prettyErrors: false }).compose(tokens, forceDoc, text.length)]
}

/**
 * The library's `parseAllDocuments(text, options)` (an empty text gives no document), or
 * undefined when a document nests deeper than {@link MAX_YAML_NESTING}.
 */
export function parseAllDocumentsBounded(
  text: string,
  options: BoundedParseOptions = {},
): Document.Parsed[] | undefined {
  return composeBounded(text, options, false)
}

/**
 * The library's `parseDocument(text, options)`: the first document, a second one an error on it;
 * undefined when a document nests deeper than {@link MAX_YAML_NESTING}.
 */
export function parseDocumentBounded(
  text: string,
  options: BoundedParseOptions = {},
): Document.Parsed | undefined {
  const docs = composeBounded(text, options, true)
  if (docs === undefined) return undefined
  const [doc, second] = docs as [Document.Parsed, ...Document.Parsed[]]
  if (second !== undefined && doc.options.logLevel !== 'silent') {
    const range: [number, number] = [second.range[0], second.range[1]]
    doc.errors.push(
      new YAMLParseError(
        range,
        'MULTIPLE_DOCS',
        'Source contains multiple documents; please use YAML.parseAllDocuments()',
      ),
    )
  }
  return doc
}
