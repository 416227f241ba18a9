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
import type { Node as YamlNode } from 'yaml'
import { GitsealError } from '../../core/errors.js'
import { plainIsString, resolvePlain } from '../go-yaml.js'
import { Comment, Mapping, leafText } from '../tree.js'
import type { Leaf, Plain, Value } from '../tree.js'
import type { LoadedFile, Store } from './types.js'
import { detectStyle, plainNode, setScalar, toStringOptions, valueNode } from './yaml-nodes.js'

export { formatYamlFloat } from './yaml-nodes.js'

/** Where a leaf or comment of the tree lives in the YAML document, and what it held. */
interface Slot {
  write: (value: Leaf | Comment) => void
  original: Leaf | Comment
}

/** An alias whose expanded copy is attached only if a value inside it changes. */
interface AliasUse {
  from: number
  to: number
  target: unknown
  attach: () => void
}

function sameLeaf(a: Leaf | Comment | undefined, b: Leaf | Comment): boolean {
  if (a === undefined || a.constructor !== b.constructor || typeof a !== typeof b) return false
  return typeof a === 'number' ? Object.is(a, b) : leafText(a) === leafText(b)
}

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

class Builder {
  readonly slots: Slot[] = []
  readonly aliases: AliasUse[] = []
  /** Slot range of each anchored node, where it stands. */
  readonly anchored = new Map<unknown, [number, number]>()

  private track<T>(node: { anchor?: string | undefined }, build: () => T): T {
    const from = this.slots.length
    const out = build()
    if (node.anchor) this.anchored.set(node, [from, this.slots.length])
    return out
  }
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
      this.slots.push({
        original: new Comment(line, inline),
        write: (value) => {
          lines[i] = leafText(value)
        },
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
    if (isMap(node)) return this.track(node, () => this.mapping(node))
    if (isSeq(node)) return this.track(node, () => this.seq(node))
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
      // The tree holds the expanded copy (sops walks it: paths and MAC); the document keeps the
      // alias unless a value inside the copy changes (gets encrypted), as then sops needs the copy.
      const use: AliasUse = {
        from: this.slots.length,
        to: 0,
        target,
        attach: () => {
          if (parent instanceof Pair) parent.value = copy
          else parent.items[index] = copy
        },
      }
      this.aliases.push(use)
      this.expanding.add(target)
      try {
        const holder = new Pair(null, copy)
        return isScalar(copy) ? this.leaf(copy) : this.node(copy, holder)
      } finally {
        use.to = this.slots.length
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
    this.slots.push({
      original: value,
      write: (v) => {
        setScalar(node, v)
      },
    })
    if (node.anchor) this.anchored.set(node, [this.slots.length - 1, this.slots.length])
    return value
  }
}

function scalarString(node: Scalar): string {
  const v: unknown = node.value
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8')
  return String(v)
}

function appendMetadata(doc: Document, metadata: Record<string, Plain> | undefined): void {
  if (!metadata) return
  if (!isMap(doc.contents)) doc.contents = new YAMLMap()
  ;(doc.contents as YAMLMap).items.push(new Pair(new Scalar('sops'), plainNode(metadata)))
}

function loadYaml(text: string, file: string): LoadedFile {
  const docs = parseAllDocuments(text, { schema: 'failsafe', prettyErrors: false, logLevel: 'error' })
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
        slot.write(values[i] as Leaf | Comment)
      })
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
  const docs = parseAllDocuments(text, {
    schema: 'failsafe',
    prettyErrors: false,
    uniqueKeys: false,
    logLevel: 'error',
  })
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
