/**
 * YAML store. Works on the `yaml` package's document model so a re-written file keeps the
 * user's indentation, quoting, flow style, block scalars, comments and `---` (sops re-serialises
 * everything). Leaves are typed with go-yaml v3 rules, as sops does.
 */
import { yamlErrorText } from '../../core/yaml-error.js'
import { TOO_DEEP_TEXT, parseAllDocumentsBounded } from '../../core/yaml-depth.js'
import { TOO_MANY_DOCUMENTS_TEXT, tooManyYamlDocuments } from '../../core/yaml-documents.js'
import { refuseCostlyYaml } from '../../core/yaml-tokens.js'
import { Document, Pair, Scalar, YAMLMap, isMap, isScalar } from 'yaml'
import type { Node as YamlNode } from 'yaml'
import { GitsealError } from '../../core/errors.js'
import { firstDuplicateKey } from '../../core/yaml-unique.js'
import { Comment, Mapping } from '../tree.js'
import type { Leaf, Plain, Value } from '../tree.js'
import type { LoadedFile, Store } from './types.js'
import { Builder, bad, sameLeaf, scalarString } from './yaml-tree.js'
import { detectStyle, plainNode, toStringOptions, valueNode } from './yaml-nodes.js'
import { spliceValues } from './yaml-splice.js'

export { formatYamlFloat } from './yaml-nodes.js'

function appendMetadata(doc: Document, metadata: Record<string, Plain> | undefined): void {
  if (!metadata) return
  if (!isMap(doc.contents)) doc.contents = new YAMLMap()
  ;(doc.contents as YAMLMap).items.push(new Pair(new Scalar('sops'), plainNode(metadata)))
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/**
 * Every document of `text`, parsed as sops reads YAML (all scalars strings until typed later).
 * @throws GitsealError `E_SOPS_BAD_FORMAT` for no document, a syntax error or a duplicate key (with its line).
 */
function parseDocuments(text: string, file: string): Document.Parsed[] {
  if (tooManyYamlDocuments(text)) throw bad(file, TOO_MANY_DOCUMENTS_TEXT)
  refuseCostlyYaml(text, file)
  // Duplicate keys are checked by firstDuplicateKey: the library's own check is quadratic.
  const docs = parseAllDocumentsBounded(text, { schema: 'failsafe', logLevel: 'error', uniqueKeys: false })
  if (docs === undefined) throw bad(file, TOO_DEEP_TEXT)
  if (docs.length === 0) throw bad(file, 'no YAML document found (the file is empty)')
  for (const doc of docs) {
    const error = doc.errors[0]
    if (error) throw bad(file, yamlErrorText(error), error.linePos?.[0].line)
    const duplicate = firstDuplicateKey(doc)
    if (duplicate !== undefined)
      throw bad(file, 'Map keys must be unique', lineOfOffset(text, duplicate.range?.[0] ?? 0))
  }
  return docs
}

function loadYaml(text: string, file: string): LoadedFile {
  const docs = parseDocuments(text, file)
  const builders: Builder[] = []
  const branches: Mapping[] = []
  // Where each `sops` entry stands in the text (from its line's start), for writing plaintext in place.
  const sopsEntries: [number, number][] = []
  // A flow-style root (`{…}`) is re-serialised as sops does (`{}`), never spliced.
  let flowRoot = false
  let metadata: Plain | undefined
  docs.forEach((doc, index) => {
    const contents = doc.contents as YamlNode | null
    if (contents !== null && !isMap(contents)) throw bad(file, 'the top of a sops document must be a mapping')
    const map = contents ?? new YAMLMap()
    if (map.flow === true) flowRoot = true
    // The `sops` entry: read from the first document, removed from every document.
    const found = takeSopsEntry(doc, map, text, file, sopsEntries, index === 0)
    if (index === 0) metadata = found
    const builder = new Builder(doc, file, text)
    branches.push(buildBranch(doc, builder, map))
    if (contents === null) doc.contents = map as unknown as typeof doc.contents
    builders.push(builder)
  })
  return { branches, metadata, emit: emitter({ text, file, docs, builders, sopsEntries, flowRoot }) }
}

/** What writing a loaded YAML file back needs: its text, documents, value slots and `sops` entries. */
interface LoadedYaml {
  text: string
  file: string
  docs: Document.Parsed[]
  builders: Builder[]
  sopsEntries: [number, number][]
  flowRoot: boolean
}

/**
 * The `emit` of a loaded YAML file: the new values written into its own document model (style,
 * comments and aliases kept), with the metadata appended; plaintext without metadata goes into the
 * file's own text where that reads back the same.
 */
function emitter({ text, file, docs, builders, sopsEntries, flowRoot }: LoadedYaml): LoadedFile['emit'] {
  const style = detectStyle(text)
  return (newBranches, meta) => {
    const values = newBranches.flatMap(collectLeaves)
    const slots = builders.flatMap((b) => b.slots)
    if (values.length !== slots.length)
      throw new GitsealError('E_SOPS_BAD_FORMAT', `${file}: internal: tree shape changed`)
    slots.forEach((slot, i) => {
      slot.write(values[i] as Leaf | Comment)
    })
    attachChangedAliases(builders, values)
    for (const b of builders) for (const finish of b.finishers) finish()
    const written = docs
      .map((doc) => {
        appendMetadata(doc, meta)
        return doc.toString(toStringOptions(style))
      })
      .join('')
    if (meta !== undefined || flowRoot || builders.some((b) => b.aliases.length > 0)) return written
    return spliceValues(text, slots, values, sopsEntries, written) ?? written
  }
}

/**
 * Remove every `sops` entry from `map`, noting where each stood in `sopsEntries`; with `read`
 * (the first document), the entry's value as plain data (undefined when there is none).
 * @throws GitsealError `E_SOPS_BAD_FORMAT` for two entries, one that is not a mapping or cannot be read.
 */
function takeSopsEntry(
  doc: Document.Parsed,
  map: YAMLMap,
  text: string,
  file: string,
  sopsEntries: [number, number][],
  read: boolean,
): Plain | undefined {
  let metadata: Plain | undefined
  map.items = map.items.filter((pair) => {
    if (!isScalar(pair.key) || scalarString(pair.key) !== 'sops') return true
    const start = pair.key.range?.[0]
    const end = (pair.value as YamlNode | null)?.range?.[2]
    if (start !== undefined && end !== undefined)
      sopsEntries.push([text.lastIndexOf('\n', start - 1) + 1, end])
    if (!read) return false
    if (metadata !== undefined) throw bad(file, 'duplicate sops entry')
    const node = pair.value as YamlNode | null
    if (!isMap(node)) throw bad(file, 'the sops entry is not a mapping')
    try {
      metadata = node.toJS(doc, { maxAliasCount: 100 }) as Plain
    } catch (cause) {
      // Alias expansion past the limit ("billion laughs") throws a plain ReferenceError.
      throw bad(file, `the sops entry cannot be read: ${(cause as Error).message}`)
    }
    return false
  })
  return metadata
}

/** The document's tree, with the comments before and after its root mapping. */
function buildBranch(doc: Document.Parsed, builder: Builder, map: YAMLMap): Mapping {
  const outer: Comment[] = []
  builder.comments(
    doc.commentBefore,
    false,
    (t) => (doc.commentBefore = t),
    (c) => outer.push(c),
  )
  const branch = builder.mapping(map, outer)
  builder.comments(
    doc.comment,
    false,
    (t) => (doc.comment = t),
    (c) => branch.items.push({ key: c, value: null }),
  )
  return branch
}

/** Attach an alias's own copy where its values, or its anchor's, changed (inner aliases first). */
function attachChangedAliases(builders: readonly Builder[], values: readonly (Leaf | Comment)[]): void {
  let offset = 0
  for (const b of builders) {
    const base = offset
    // Inner aliases first: attaching an outer copy carries its inner state along.
    const changedIn = (from: number, to: number): boolean =>
      values.slice(base + from, base + to).some((v, i) => {
        const slot = b.slots[from + i]
        return slot !== undefined && !sameLeaf(v, slot.original)
      })
    for (const use of [...b.aliases].reverse()) {
      const [from, to] = b.anchored.get(use.target) ?? [0, 0]
      // Changed at the alias (encrypted there) or at the anchor (the alias would see ENC values).
      if (changedIn(use.from, use.to) || changedIn(from, to)) use.attach()
    }
    offset += b.slots.length
  }
}

/** Leaves and comments in sops walk order (nulls skipped). */
function collectLeaves(value: Value): (Leaf | Comment)[] {
  const out: (Leaf | Comment)[] = []
  const visit = (v: Value): void => {
    if (v === null) return
    if (v instanceof Mapping) {
      for (const item of v.items) {
        if (item.key instanceof Comment) out.push(item.key)
        else visit(item.value)
      }
    } else if (Array.isArray(v)) v.forEach(visit)
    else out.push(v)
  }
  visit(value)
  return out
}

/** The YAML store. */
export const yamlStore: Store = {
  format: 'yaml',
  load: loadYaml,
  emitFresh(branches, metadata) {
    const list = branches.length === 0 ? [new Mapping()] : branches
    return list
      .map((branch, i) => {
        const doc = new Document(null, { schema: 'failsafe' })
        doc.contents = valueNode(branch)
        if (i > 0 && doc.directives) doc.directives.docStart = true
        appendMetadata(doc, metadata)
        return doc.toString(toStringOptions({ indent: 4, indentSeq: true }))
      })
      .join('')
  },
}

/**
 * Set (or with `value` undefined, delete) one path in plaintext YAML text, keeping its formatting.
 * @returns the new text, or undefined when deleting a path that does not exist.
 * @throws GitsealError `E_SOPS_BAD_FORMAT` for unparsable text.
 */
export function editYamlText(
  text: string,
  steps: readonly (string | number)[],
  value: Value | undefined,
  file: string,
): string | undefined {
  refuseCostlyYaml(text, file)
  const docs = parseAllDocumentsBounded(text, { schema: 'failsafe', uniqueKeys: false, logLevel: 'error' })
  if (docs === undefined) throw bad(file, TOO_DEEP_TEXT)
  const doc = docs[0]
  if (!doc || doc.errors.length > 0) throw bad(file, 'cannot parse the plaintext YAML')
  if (value === undefined) {
    if (!doc.hasIn(steps)) return undefined
    doc.deleteIn(steps)
  } else {
    doc.setIn(steps, valueNode(value))
  }
  const style = detectStyle(text)
  return docs.map((d) => d.toString(toStringOptions(style))).join('')
}
