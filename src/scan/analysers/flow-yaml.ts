/**
 * The fast path's reader of flow collections (`{a: b, c: [d, *e]}`, one-line JSON) and quoted
 * scalars, past the `yaml` library (under 1 MB/s on such text, which crafted files use to stall the
 * gate). One forward pass, no backtracking: linear in the text. It builds the nodes the library
 * composes, with the same values, types and ranges; anything it does not know for certain — tags,
 * comments, tabs, explicit keys (`? `), multi-line plain or quoted scalars, a `key: value` inside a
 * sequence, unusual escapes — returns undefined and the library parses the document.
 */
import { isScalar } from 'yaml'
import type { Node, YAMLMap, YAMLSeq } from 'yaml'
import { aliasNode, mapNode, pairNode, scalarNode, seqNode } from './light-nodes.js'
import { plainScalar } from './plain-scalar.js'
import { MAX_YAML_NESTING } from '../../core/yaml-depth.js'

/** Deepest flow nesting read here in a value (deeper documents go to the library's own depth guard). */
const MAX_FLOW_DEPTH = 64
/**
 * Deepest nesting of a document that is one flow collection (its root at depth 0): the library's
 * own bound, whose depth guard stops at the first level past it. At 64, one-line JSON nested
 * 65–256 deep went to the library whole at 0.4 MB/s (an icon project's 763 KB undo history: 1.8 s).
 */
const MAX_ROOT_FLOW_DEPTH = MAX_YAML_NESTING - 1

// An anchor or alias name: up to whitespace or a flow indicator.
const NAME = /[^\s,[\]{}]+/y

/**
 * The anchor or alias name at `at` (it ends at `at + name.length`), or undefined: tested and sliced,
 * not `exec`'d (a match array per anchor and alias was a fifth of a merge-key chain's garbage).
 */
export function nameAt(text: string, at: number): string | undefined {
  NAME.lastIndex = at
  return NAME.test(text) ? text.slice(at, NAME.lastIndex) : undefined
}
// Characters that cannot start a plain scalar, and those that can only before a safe character.
const NEVER_PLAIN = '!%@`|>#,[]{}'
const PLAIN_IF_FOLLOWED = '-?:'

/** True for the characters that end a plain scalar in a flow collection: `,[]{}`, whitespace, the end. */
function flowBreak(c: number): boolean {
  return (
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    Number.isNaN(c)
  )
}

/**
 * Where the plain scalar from `at` ends in a flow collection, on one line (its first character is
 * checked apart): before `,[]{}`, a `:` that `flowBreak` follows, a space not followed by more of
 * the scalar (a `#` after a space opens a comment), a tab or the line's end.
 */
function flowPlainEnd(text: string, at: number): number {
  let i = at
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 58 || c === 32) {
      const next = text.charCodeAt(i + 1)
      if (flowBreak(next) || (c === 32 && (next === 58 || next === 35))) break
    } else if (flowBreak(c)) break
  }
  return i
}

// Escapes of double-quoted YAML that JSON shares, plus `\x`, `\U` and the single-letter ones.
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
}
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 }

/** A double- or single-quoted scalar on one line from `at`: its value and where it ends, or undefined. */
export function readQuoted(text: string, at: number): { value: string; end: number } | undefined {
  const quote = text.charAt(at)
  let value = ''
  let from = at + 1
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === '\n' || c === '\r') return undefined
    if (quote === "'" && c === "'") {
      value += text.slice(from, i)
      if (text.charAt(i + 1) !== "'") return { value, end: i + 1 }
      value += "'"
      from = ++i + 1
    } else if (quote === '"' && c === '"') {
      return { value: value + text.slice(from, i), end: i + 1 }
    } else if (quote === '"' && c === '\\') {
      value += text.slice(from, i)
      const e = text.charAt(i + 1)
      const simple = ESCAPES[e]
      if (simple !== undefined) {
        value += simple
        i++
      } else {
        const length = HEX_LENGTH[e]
        const hex = length === undefined ? '' : text.slice(i + 2, i + 2 + length)
        if (length === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) return undefined
        const code = parseInt(hex, 16)
        if (code > 0x10ffff) return undefined
        // `\uD83D\uDE00`: UTF-16 halves joined as the library joins them.
        value += e === 'u' ? String.fromCharCode(code) : String.fromCodePoint(code)
        i += 1 + length
      }
      from = i + 1
    }
  }
  return undefined
}

/** Reads one flow collection; `multiline` lets whitespace between tokens span lines (a root collection). */
class FlowReader {
  pos: number

  constructor(
    private readonly text: string,
    start: number,
    private readonly multiline: boolean,
  ) {
    this.pos = start
  }

  /** Skip spaces (and line breaks when multiline); false at a tab, comment or forbidden break. */
  private space(): boolean {
    const text = this.text
    for (;;) {
      const c = text.charCodeAt(this.pos)
      if (c === 32) this.pos++
      else if (c === 10 && this.multiline) this.pos++
      else return c !== 9 && c !== 13 && c !== 35 && !(c === 10 && !this.multiline)
    }
  }

  /** A collection starting at `pos` (`[` or `{`), or undefined. */
  collection(depth: number): YAMLMap | YAMLSeq | undefined {
    if (depth > (this.multiline ? MAX_ROOT_FLOW_DEPTH : MAX_FLOW_DEPTH)) return undefined
    const start = this.pos
    const isMap = this.text.charAt(start) === '{'
    const close = isMap ? '}' : ']'
    const items: unknown[] = []
    this.pos++
    for (;;) {
      if (!this.space()) return undefined
      if (this.text.charAt(this.pos) === close) break
      const key = this.node(depth)
      if (key === undefined) return undefined
      if (isMap) {
        // Keys are scalars here (a collection or alias as a key: the library's).
        if (!isScalar(key)) return undefined
        // A key ends where its `:` is (no space between, as JSON and most YAML write them).
        if (this.text.charAt(this.pos) !== ':') return undefined
        this.pos++
        if (!this.space()) return undefined
        const value = this.node(depth)
        if (value === undefined) return undefined
        items.push(pairNode(key, value))
      } else {
        if (this.text.charAt(this.pos) === ':') return undefined
        items.push(key)
      }
      if (!this.space()) return undefined
      const c = this.text.charAt(this.pos)
      if (c === ',') this.pos++
      else if (c !== close) return undefined
    }
    this.pos++
    const end = this.pos
    const range: [number, number, number] = [start, end, this.trailing(end)]
    // A copy the length of its items: the first push gave the array room for 17 (a one-entry
    // map per line of a merge-key chain kept 150 bytes of it alive through the scan).
    const kept = items.slice()
    return isMap ? mapNode(range, true, kept) : seqNode(range, true, kept)
  }

  /** Where a node ending at `end` stops for the library: after the spaces that follow it, and one line break. */
  private trailing(end: number): number {
    let i = end
    while (this.text.charCodeAt(i) === 32) i++
    return this.multiline && this.text.charCodeAt(i) === 10 ? i + 1 : i
  }

  /** One entry: an anchored or plain node, an alias, a quoted or plain scalar, a nested collection. */
  node(depth: number): Node | undefined {
    const text = this.text
    let anchor: string | undefined
    if (text.charAt(this.pos) === '&') {
      const name = nameAt(text, this.pos + 1)
      if (name === undefined || text.charAt(this.pos + 1 + name.length) !== ' ') return undefined
      anchor = name
      this.pos += 1 + name.length
      if (!this.space()) return undefined
    }
    const node = this.bare(depth, anchor !== undefined)
    if (node !== undefined && anchor !== undefined) (node as { anchor?: string }).anchor = anchor
    return node
  }

  private bare(depth: number, anchored: boolean): Node | undefined {
    const text = this.text
    const at = this.pos
    const c = text.charAt(at)
    if (c === '[' || c === '{') return this.collection(depth + 1)
    if (c === '*') {
      if (anchored) return undefined
      const name = nameAt(text, at + 1)
      if (name === undefined || name.endsWith(':')) return undefined
      this.pos = at + 1 + name.length
      return aliasNode(name, [at, this.pos, this.trailing(this.pos)])
    }
    if (c === '"' || c === "'") {
      const quoted = readQuoted(text, at)
      if (quoted === undefined) return undefined
      this.pos = quoted.end
      const type = c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE'
      return scalarNode(quoted.value, at, quoted.end, this.trailing(quoted.end), type, quoted.value)
    }
    const after = text.charAt(at + 1)
    if (NEVER_PLAIN.includes(c) || (PLAIN_IF_FOLLOWED.includes(c) && /^[\s,[\]{}]?$/.test(after)))
      return undefined
    const end = flowPlainEnd(text, at)
    // Empty (`[a, , b]`, `{a: }`): the library's to judge.
    if (end === at) return undefined
    this.pos = end
    return plainScalar(text.slice(at, end), at, end, this.trailing(end))
  }
}

/**
 * The flow collection at `start`, read to its closing bracket: the node and where it ends (the
 * node's range ends after the spaces that follow it). Undefined when the fast path cannot be sure.
 */
export function readFlowCollection(
  text: string,
  start: number,
  multiline: boolean,
): { node: YAMLMap | YAMLSeq; end: number } | undefined {
  const reader = new FlowReader(text, start, multiline)
  const node = reader.collection(0)
  return node === undefined ? undefined : { node, end: reader.pos }
}
