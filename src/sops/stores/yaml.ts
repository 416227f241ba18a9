/**
 * YAML store. Works on the `yaml` package's document model so a re-written file keeps the
 * user's indentation, quoting, flow style, block scalars, comments and `---` (sops re-serialises
 * everything). Leaves are typed with go-yaml v3 rules, as sops does.
 */
import {
  Document,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml'
import type { Node as YamlNode, ToStringOptions } from 'yaml'
import { GitsealError } from '../../core/errors.js'
import { formatGoFloat } from '../go-format.js'
import { plainIsString, resolvePlain } from '../go-yaml.js'
import { Comment, Mapping, SopsBytes, SopsTime, leafText } from '../tree.js'
import type { Leaf, Plain, Value } from '../tree.js'
import type { LoadedFile, Store } from './types.js'

type Slot = (value: Leaf | Comment) => void

const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
])

function bad(file: string, message: string, line?: number): GitsealError {
  return new GitsealError(
    'E_SOPS_BAD_FORMAT',
    `${file}${line === undefined ? '' : `:${String(line)}`}: ${message}`,
    {
      file,
      ...(line === undefined ? {} : { line }),
      hint: 'Fix the YAML syntax; sops files need a mapping at the top of every document.',
    },
  )
}

/** How go-yaml v3 would print a float64 (`FormatFloat(f, 'g', -1, 64)`, `.inf`, `.nan`). */
export function formatYamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (f === Infinity) return '.inf'
  if (f === -Infinity) return '-.inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mantissa = '', exponent = '0'] = f.toExponential().split('e')
  const exp = Number(exponent)
  if (exp < -4 || exp >= 21) {
    const sign = exp < 0 ? '-' : '+'
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return formatGoFloat(f)
}

class Builder {
  readonly slots: Slot[] = []
  readonly finishers: (() => void)[] = []
  readonly expanding = new Set<unknown>()
  expansions = 0
  constructor(
    readonly doc: Document,
    readonly file: string,
    readonly text: string,
  ) {}

  line(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] | null }).range
    return range ? this.text.slice(0, range[0]).split('\n').length : undefined
  }

  /** Comment lines of `text` become Comment items; the slot writes them back. */
  comments(
    text: string | null | undefined,
    inline: boolean,
    write: (text: string) => void,
    push: (c: Comment) => void,
  ): void {
    if (text === undefined || text === null || text === '') return
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      if (line.trim() === '' && !inline) return
      push(new Comment(line, inline))
      this.slots.push((value) => {
        lines[i] = leafText(value)
      })
    })
    this.finishers.push(() => {
      write(lines.join('\n'))
    })
  }

  mapping(map: YAMLMap, outer: Comment[] = []): Mapping {
    const out = new Mapping()
    const pushComment = (c: Comment): void => {
      out.items.push({ key: c, value: null })
    }
    for (const c of outer) pushComment(c)
    this.comments(map.commentBefore, false, (t) => (map.commentBefore = t), pushComment)
    for (const pair of map.items) {
      const key = pair.key
      if (!isScalar(key)) throw bad(this.file, 'a mapping key is not a scalar', this.line(key))
      const keyText = scalarString(key)
      if (key.type === 'PLAIN' && !plainIsString(keyText)) {
        throw bad(
          this.file,
          `key '${keyText}' is not a string (sops supports only string keys)`,
          this.line(key),
        )
      }
      this.comments(key.commentBefore, false, (t) => (key.commentBefore = t), pushComment)
      this.comments(key.comment, true, (t) => (key.comment = t), pushComment)
      const value = pair.value as YamlNode | null
      if (isScalar(value) || value === null) {
        if (value) {
          this.comments(value.commentBefore, false, (t) => (value.commentBefore = t), pushComment)
          this.comments(value.comment, true, (t) => (value.comment = t), pushComment)
        }
        out.items.push({ key: keyText, value: this.leaf(value) })
      } else {
        out.items.push({ key: keyText, value: this.node(value, pair) })
      }
    }
    this.comments(map.comment, false, (t) => (map.comment = t), pushComment)
    return out
  }

  seq(seq: YAMLSeq): Value[] {
    const out: Value[] = []
    const pushComment = (c: Comment): void => {
      out.push(c)
    }
    this.comments(seq.commentBefore, false, (t) => (seq.commentBefore = t), pushComment)
    seq.items.forEach((item, i) => {
      const node = item as YamlNode | null
      if (isScalar(node) || node === null) {
        if (node) {
          this.comments(node.commentBefore, false, (t) => (node.commentBefore = t), pushComment)
          this.comments(node.comment, true, (t) => (node.comment = t), pushComment)
        }
        out.push(this.leaf(node))
      } else {
        out.push(this.node(node, seq, i))
      }
    })
    this.comments(seq.comment, false, (t) => (seq.comment = t), pushComment)
    return out
  }

  node(node: YamlNode, parent: Pair | YAMLSeq, index = 0): Value {
    if (isMap(node)) return this.mapping(node)
    if (isSeq(node)) return this.seq(node)
    if (isAlias(node)) {
      // sops expands aliases: each copy is encrypted under its own path.
      const target = node.resolve(this.doc)
      if (!target) throw bad(this.file, `unknown alias *${node.source}`)
      // Guard against recursive aliases and alias bombs (billion laughs).
      if (this.expanding.has(target) || ++this.expansions > 10_000) {
        throw bad(this.file, `alias *${node.source} is recursive or expands too much`, this.line(node))
      }
      const copy = (target as unknown as { clone(): YamlNode }).clone()
      delete (copy as { anchor?: string }).anchor
      if (parent instanceof Pair) parent.value = copy
      else parent.items[index] = copy
      this.expanding.add(target)
      try {
        return isScalar(copy) ? this.leaf(copy) : this.node(copy, parent, index)
      } finally {
        this.expanding.delete(target)
      }
    }
    throw bad(this.file, 'unsupported YAML node')
  }

  leaf(node: Scalar | null): Value {
    if (node === null) return null
    const text = scalarString(node)
    let value: Leaf | null
    if (node.tag === 'tag:yaml.org,2002:str' || node.type !== 'PLAIN') value = text
    else if (node.tag === 'tag:yaml.org,2002:null') value = null
    else value = resolvePlain(text)
    if (value === null) return null
    this.slots.push((v) => {
      setScalar(node, v)
    })
    return value
  }
}

function scalarString(node: Scalar): string {
  const v: unknown = node.value
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8')
  return String(v)
}

function setScalar(node: Scalar, leaf: Leaf | Comment): void {
  delete node.tag
  const value = leaf instanceof SopsBytes ? leafText(leaf) : leaf
  if (typeof value === 'string') {
    node.value = value
    if (value.includes('\n') && !/[ \t]\n|^[ \t]|[\r\u0085\u2028\u2029]/.test(value))
      node.type = 'BLOCK_LITERAL'
    // go-yaml v3 also quotes YAML 1.1 booleans (yes, on, …) so older readers keep them strings.
    else node.type = plainIsString(value) && !OLD_BOOLS.has(value) ? 'PLAIN' : 'QUOTE_DOUBLE'
    return
  }
  node.type = 'PLAIN'
  if (typeof value === 'number') node.value = formatYamlFloat(value)
  else if (value instanceof SopsTime || value instanceof Comment) node.value = value.text
  else node.value = String(value)
}

/** Indentation of the file (2 for most Kubernetes YAML; sops writes 4) and list style. */
function detectStyle(text: string): { indent: number; indentSeq: boolean } {
  const lines = text.split('\n')
  let indent: number | undefined
  let indentSeq: boolean | undefined
  for (let i = 0; i + 1 < lines.length && (indent === undefined || indentSeq === undefined); i++) {
    const line = lines[i] ?? ''
    if (!/^\s*[^#\s-][^#]*:\s*$/.test(line) && !/^\s*- [^#]*:\s*$/.test(line)) continue
    const base = line.search(/\S/)
    const keyStart = line.trimStart().startsWith('- ') ? base + 2 : base
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    if (next === undefined) continue
    const nextIndent = next.search(/\S/)
    if (next.trimStart().startsWith('- ')) {
      indentSeq ??= nextIndent > keyStart
      if (nextIndent > keyStart) indent ??= nextIndent - keyStart
    } else if (nextIndent > keyStart) {
      indent ??= nextIndent - keyStart
    }
  }
  return { indent: indent ?? 4, indentSeq: indentSeq ?? true }
}

function toStringOptions(style: { indent: number; indentSeq: boolean }): ToStringOptions {
  return { ...style, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false }
}

/** A YAML node for plain data, in sops' style (block, `enc` as a literal block). */
function plainNode(value: Plain): YamlNode {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq()
    for (const item of value) seq.items.push(plainNode(item))
    return seq
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAMLMap()
    for (const [k, v] of Object.entries(value)) map.items.push(new Pair(new Scalar(k), plainNode(v)))
    return map
  }
  const scalar = new Scalar<unknown>(null)
  if (value === null) {
    scalar.value = 'null'
    scalar.type = 'PLAIN'
  } else if (typeof value === 'string') setScalar(scalar, value)
  else setScalar(scalar, value)
  return scalar
}

function valueNode(value: Value): YamlNode {
  if (value instanceof Mapping) {
    const map = new YAMLMap()
    let pending: string[] = []
    for (const item of value.items) {
      if (item.key instanceof Comment) {
        pending.push(item.key.text)
        continue
      }
      const key = new Scalar(item.key)
      setScalar(key, item.key)
      if (pending.length > 0) key.commentBefore = pending.join('\n')
      pending = []
      map.items.push(new Pair(key, valueNode(item.value)))
    }
    if (pending.length > 0) map.comment = pending.join('\n')
    return map
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq()
    for (const item of value) if (!(item instanceof Comment)) seq.items.push(valueNode(item))
    return seq
  }
  if (value instanceof Comment) return plainNode(value.text)
  const scalar = new Scalar<unknown>(null)
  if (value === null) {
    scalar.value = 'null'
    scalar.type = 'PLAIN'
  } else setScalar(scalar, value)
  return scalar
}

function appendMetadata(doc: Document, metadata: Record<string, Plain> | undefined): void {
  if (!metadata) return
  if (!isMap(doc.contents)) doc.contents = new YAMLMap()
  ;(doc.contents as YAMLMap).items.push(new Pair(new Scalar('sops'), plainNode(metadata)))
}

function loadYaml(text: string, file: string): LoadedFile {
  const docs = parseAllDocuments(text, { schema: 'failsafe', prettyErrors: false })
  if (!Array.isArray(docs)) throw bad(file, 'no YAML document found')
  if (docs.length === 0) throw bad(file, 'no YAML document found (the file is empty)')
  const builders: Builder[] = []
  const branches: Mapping[] = []
  let metadata: Plain | undefined
  docs.forEach((doc, index) => {
    const error = doc.errors[0]
    if (error) throw bad(file, error.message.split('\n')[0] ?? 'YAML syntax error', error.linePos?.[0].line)
    const contents = doc.contents as YamlNode | null
    if (contents !== null && !isMap(contents)) throw bad(file, 'the top of a sops document must be a mapping')
    const map = contents ?? new YAMLMap()
    // The `sops` entry: read from the first document, removed from every document.
    map.items = map.items.filter((pair) => {
      if (!isScalar(pair.key) || scalarString(pair.key) !== 'sops') return true
      if (index === 0) {
        if (metadata !== undefined) throw bad(file, 'duplicate sops entry')
        const node = pair.value as YamlNode | null
        if (!isMap(node)) throw bad(file, 'the sops entry is not a mapping')
        metadata = node.toJS(doc, {}) as Plain
      }
      return false
    })
    const builder = new Builder(doc, file, text)
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
    if (contents === null) doc.contents = map as unknown as typeof doc.contents
    builders.push(builder)
    branches.push(branch)
  })
  const style = detectStyle(text)
  return {
    branches,
    metadata,
    emit(newBranches, meta) {
      const values = newBranches.flatMap(collectLeaves)
      const slots = builders.flatMap((b) => b.slots)
      if (values.length !== slots.length)
        throw new GitsealError('E_SOPS_BAD_FORMAT', `${file}: internal: tree shape changed`)
      slots.forEach((slot, i) => {
        slot(values[i] as Leaf | Comment)
      })
      for (const b of builders) for (const finish of b.finishers) finish()
      return docs
        .map((doc) => {
          appendMetadata(doc, meta)
          return doc.toString(toStringOptions(style))
        })
        .join('')
    },
  }
}

/** Leaves and comments in sops walk order (nulls skipped). */
export function collectLeaves(value: Value): (Leaf | Comment)[] {
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
  const docs = parseAllDocuments(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: false })
  const doc = Array.isArray(docs) ? docs[0] : undefined
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
