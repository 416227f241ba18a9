/**
 * Walks a parsed YAML document into sops' tree, remembering where every leaf and comment lives
 * (slots) so encrypted or decrypted values are written back in place, formatting untouched.
 */
import { Pair, isAlias, isMap, isScalar, isSeq } from 'yaml'
import type { Document, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import { GitsealError } from '../../core/errors.js'
import { isUint64Only, plainIsString, resolvePlain } from '../go-yaml.js'
import { Comment, Mapping, SopsTime, leafText } from '../tree.js'
import type { Leaf, Value } from '../tree.js'
import { setScalar } from './yaml-nodes.js'

/** Where a leaf or comment of the tree lives in the YAML document, and what it held. */
export interface Slot {
  write: (value: Leaf | Comment) => void
  original: Leaf | Comment
  /** The scalar a leaf was read from (its source range lets decrypt write the value in place). */
  node?: Scalar
}

/** An alias whose expanded copy is attached only if a value inside it changes. */
export interface AliasUse {
  from: number
  to: number
  target: unknown
  attach: () => void
}

/** Same leaf type and text (comments compare as comments). */
export function sameLeaf(a: Leaf | Comment | undefined, b: Leaf | Comment): boolean {
  if (a === undefined || a.constructor !== b.constructor || typeof a !== typeof b) return false
  return typeof a === 'number' ? Object.is(a, b) : leafText(a) === leafText(b)
}

/** A YAML store error naming the file (and line). */
export function bad(file: string, message: string, line?: number): GitsealError {
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

/** Builds the tree of one document and records its slots and aliases. */
export class Builder {
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
    else if (isUint64Only(text)) {
      // Never the number itself in the message: it may be a PIN or a key.
      throw bad(
        this.file,
        'a number above 9223372036854775807 (Go int64) that sops refuses to encrypt; quote it to keep it as text',
        this.line(node),
      )
    } else value = resolvePlain(text)
    if (value instanceof SopsTime && !value.marshals) {
      throw bad(
        this.file,
        "a timestamp with a zone offset of 24 hours or more, which sops refuses to encrypt (Go's Time.MarshalText); quote it to keep it as text",
        this.line(node),
      )
    }
    if (value === null) return null
    this.slots.push({
      original: value,
      node,
      write: (v) => {
        setScalar(node, v)
      },
    })
    if (node.anchor) this.anchored.set(node, [this.slots.length - 1, this.slots.length])
    return value
  }
}

/** A scalar node's value as text (`!!binary` bytes as UTF-8). */
export function scalarString(node: Scalar): string {
  const v: unknown = node.value
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8')
  return String(v)
}
