/**
 * Helm templates the YAML library would parse only to report an error: `{{- if … }}` or
 * `{{- toYaml … | nindent 4 }}` on a line of its own reads as a flow map holding a block sequence
 * (`- if …`), which the library's composer always rejects (BLOCK_IN_FLOW), so the analysers never
 * see the document. Composing is about three quarters of a parse: judged on the library's own
 * syntax tree (its lexer knows quotes, comments and block scalars), such a document is dropped
 * before composing: 520 of the 611 library parses on four chart collections and argo-cd (593 are
 * such templates; the others name a `kind` before their first `{{`, see {@link noManifestNote}).
 */
import type { CST } from 'yaml'

type Token = CST.Token
/** An item of a block map, block sequence or flow collection, as the composer reads it. */
interface Item {
  key?: Token | null
  sep?: CST.SourceToken[]
  value?: Token
}

function isBlockCollection(token: Token | null | undefined): boolean {
  return token?.type === 'block-map' || token?.type === 'block-seq'
}

/**
 * The children of `item` that the composer composes, or for which it reports an error of its own
 * (see the library's resolve-block-map, resolve-block-seq and resolve-flow-collection): a block
 * map's value only after a `:`, a key only with its separator; every value of a sequence or a flow
 * collection.
 */
function composedChildren(parent: Token, item: Item): Token[] {
  const out: Token[] = []
  if (item.key && item.sep !== undefined) out.push(item.key)
  if (item.value !== undefined) {
    const afterColon = item.sep?.some((token) => token.type === 'map-value-ind') === true
    if (parent.type !== 'block-map' || afterColon) out.push(item.value)
  }
  return out
}

/** True when a flow collection has a block collection as a value, or as a key with its separator: BLOCK_IN_FLOW. */
function holdsBlock(flow: CST.FlowCollection): boolean {
  return flow.items.some(
    (item) => isBlockCollection(item.value) || (item.sep !== undefined && isBlockCollection(item.key)),
  )
}

/**
 * True when `token` holds, at or inside a flow collection written `{{`, a flow collection the
 * composer rejects: the parsed document has errors. Recursion is as deep as the text nests, which
 * the caller has bounded.
 */
function breaks(token: Token, text: string, inTemplate: boolean): boolean {
  if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection')
    return false
  const template = inTemplate || (token.type === 'flow-collection' && text.startsWith('{{', token.offset))
  if (template && token.type === 'flow-collection' && holdsBlock(token)) return true
  for (const item of token.items as Item[]) {
    for (const child of composedChildren(token, item)) if (breaks(child, text, template)) return true
  }
  return false
}

/**
 * True when the composer would not call the document an unreadable manifest either: that note needs
 * a `kind` and no `{{` in the document's composed range, which starts at the document and ends
 * somewhere before the next one (a trailing comment can end it early). With the first `{{` of the
 * document's text before any `kind`, the range either reaches the `{{` or holds no `kind`.
 */
function noManifestNote(text: string, from: number, to: number): boolean {
  const region = text.slice(from, to)
  const template = region.indexOf('{{')
  const kind = region.indexOf('kind')
  return template >= 0 && (kind < 0 || kind > template)
}

/**
 * True when every document among `tokens` (the library's syntax tree of `text`) is such a
 * template: composing them would give documents with errors only, and no note.
 */
export function everyDocumentBreaks(tokens: readonly Token[], text: string): boolean {
  const documents = tokens.filter((token): token is CST.Document => token.type === 'document')
  return (
    documents.length > 0 &&
    documents.every(
      (document, i) =>
        document.value !== undefined &&
        noManifestNote(text, document.offset, documents[i + 1]?.offset ?? text.length) &&
        breaks(document.value, text, false),
    )
  )
}

/**
 * True when, among the parser's open tokens (its stack, each the child of the one below), a block
 * collection stands right above a flow collection: once closed it becomes that collection's key or
 * value, which the composer always rejects (BLOCK_IN_FLOW), so the document will have errors —
 * known while parsing, at `{{- if …` on a template's first line. Only the top few are looked at
 * (a pair missed costs time, never a wrong answer): constant time per lexeme.
 */
export function blockOpenInFlow(open: readonly Token[]): boolean {
  for (let i = open.length - 1; i >= 1 && i >= open.length - 3; i--)
    if (isBlockCollection(open[i]) && open[i - 1]?.type === 'flow-collection') return true
  return false
}
