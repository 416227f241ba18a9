/**
 * One `key: value` line of a block mapping (or `- item` line of a block sequence), read into the
 * nodes the `yaml` library composes for it: a plain, quoted or alias key (`*k : v`); a plain or
 * quoted one-line value (also tagged `!!str`), an alias (`*a`), a one-line flow collection
 * (`{k: *a}`, `["x", "y"]`), each optionally anchored (`&a`); or no value (`key:` or `key: &a`, a
 * nested block or a null follows). Also an explicit key and its value on the next line (`? kind`
 * then `: Secret`). Anything else — comments after a value, other tags, block scalars, `\r`, tabs
 * — is undefined: the library parses the document.
 */
import type { Alias, Node, Scalar } from 'yaml'
import { nameAt, readFlowCollection, readQuoted } from './flow-yaml.js'
import { aliasNode, scalarNode } from './light-nodes.js'
import { plainScalar } from './plain-scalar.js'
import { blockLiteralHeader } from './block-literal.js'

/** A key line read into nodes. */
export interface EntryLine {
  indent: number
  key: Scalar
  /** The value; undefined for `key:` with nothing after it. */
  value?: Node
  /** The anchor of a `key: &a` with nothing after it (it names the nested block). */
  anchor?: string
  /** Where a `|` or `|-` header stands: a literal block follows (read by the caller). */
  block?: number
}

const PLAIN_KEY = /[A-Za-z0-9_][A-Za-z0-9_./-]*/y
// A plain one-line value: no indicator first, no tab or `\r` (trailing spaces are dropped apart).
const PLAIN_VALUE = /[^\s!"#%&'*,:>?@[\]`{|}-][^\t\r\n]*/y

/** True when only spaces stand from `at` to `newline`. */
function onlySpaces(text: string, at: number, newline: number): boolean {
  for (let i = at; i < newline; i++) if (text.charCodeAt(i) !== 32) return false
  return true
}

function quotedType(quote: string): Scalar.Type {
  return quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE'
}

/** The alias `*name` at `at`, its range ending with its name (as the library's alias keys), or undefined. */
function aliasAt(text: string, at: number): Alias | undefined {
  const name = nameAt(text, at + 1)
  if (name === undefined || name.endsWith(':')) return undefined
  const end = at + 1 + name.length
  return aliasNode(name, [at, end, end])
}

/** Where the key {@link readKey} read last ends, past its `:` (a variable, not an object per line). */
let keyEnd = 0

/**
 * What a line read `light` gives for a plain key and for a plain value in place of their nodes (a
 * flat root mapping keeps their offsets and reads them again when asked: flat-map.ts). Only the
 * entry's other fields are read from such a line; never put in a tree.
 */
export const LIGHT_KEY: Scalar = plainScalar('light key', 0, 0, 0)
export const LIGHT_VALUE: Scalar = plainScalar('light value', 0, 0, 0)
/** The span of the plain key a light read read last (LIGHT_KEY stands for it). */
export const lightKey = { start: 0, end: 0 }

/**
 * The key at `at` ({@link keyEnd}: the offset just past its `:`), or undefined. An alias key
 * (`*k : v`) needs a space before its `:`, which would otherwise end its name.
 */
function readKey(text: string, at: number, light: boolean): Scalar | undefined {
  const c = text.charAt(at)
  if (c === '*') {
    const key = aliasAt(text, at)
    if (key === undefined) return undefined
    let end = at + 1 + key.source.length
    if (text.charCodeAt(end) !== 32) return undefined
    while (text.charCodeAt(end) === 32) end++
    keyEnd = end + 1
    return text.charAt(end) === ':' ? (key as unknown as Scalar) : undefined
  }
  let key: Scalar
  let end: number
  if (c === '"' || c === "'") {
    const quoted = readQuoted(text, at)
    if (quoted === undefined) return undefined
    end = quoted.end
    key = scalarNode(quoted.value, at, end, end, quotedType(c), quoted.value)
  } else {
    PLAIN_KEY.lastIndex = at
    if (!PLAIN_KEY.test(text)) return undefined
    end = PLAIN_KEY.lastIndex
    key = light ? lightSpan(at, end) : plainScalar(text.slice(at, end), at, end, end)
  }
  keyEnd = end + 1
  return text.charAt(end) === ':' ? key : undefined
}

/**
 * The value at `at` (not an anchor), its line ending at `newline`; `next` starts the next line.
 * `asString`: a plain value is a string whatever it reads as (`!!str`).
 */
function readValue(
  text: string,
  at: number,
  newline: number,
  next: number,
  asString = false,
  light = false,
): Node | undefined {
  const c = text.charAt(at)
  let node: Node
  let end: number
  if (c === '*') {
    const name = nameAt(text, at + 1)
    if (name === undefined || at + 1 + name.length > newline) return undefined
    end = at + 1 + name.length
    node = aliasNode(name, [at, end, next])
  } else if (c === '[' || c === '{') {
    const flow = readFlowCollection(text, at, false)
    if (flow === undefined) return undefined
    end = flow.end
    node = flow.node
    const [from, to] = node.range as [number, number, number]
    node.range = [from, to, next]
  } else if (c === '"' || c === "'") {
    const quoted = readQuoted(text, at)
    if (quoted === undefined) return undefined
    end = quoted.end
    node = scalarNode(quoted.value, at, end, next, quotedType(c), quoted.value)
  } else {
    PLAIN_VALUE.lastIndex = at
    if (!PLAIN_VALUE.test(text) || PLAIN_VALUE.lastIndex > newline) return undefined
    let stop = PLAIN_VALUE.lastIndex
    while (stop > at && text.charCodeAt(stop - 1) === 32) stop--
    const value = text.slice(at, stop)
    // `: ` would make it a mapping, ` #` a comment; a final `:` a key.
    if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return undefined
    if (light && !asString) return LIGHT_VALUE
    return asString ? scalarNode(value, at, stop, next, 'PLAIN', value) : plainScalar(value, at, stop, next)
  }
  return end <= newline && onlySpaces(text, end, newline) ? node : undefined
}

const STR_TAG = '!!str '

/**
 * The value at `at` as {@link readValue} reads it, or a `!!str` plain or quoted scalar (the tag
 * Kubernetes manifests use to keep `"1"` or `true` a string): a string whatever it reads as, with
 * the scalar's range (the library leaves the tag out of it). Other tags are the library's.
 */
function readTaggedValue(
  text: string,
  at: number,
  newline: number,
  next: number,
  light = false,
): Node | undefined {
  if (!text.startsWith(STR_TAG, at)) return readValue(text, at, newline, next, false, light)
  let v = at + STR_TAG.length
  while (text.charCodeAt(v) === 32) v++
  const c = text.charAt(v)
  if (v >= newline || c === '[' || c === '{' || c === '*' || c === '&' || c === '!') return undefined
  const node = readValue(text, v, newline, next, true) as Scalar | undefined
  if (node !== undefined) node.tag = 'tag:yaml.org,2002:str'
  return node
}

/** The key LIGHT_KEY stands for, at `[start, end)`. */
function lightSpan(start: number, end: number): Scalar {
  lightKey.start = start
  lightKey.end = end
  return LIGHT_KEY
}

/**
 * The line from `at` to `newline` (`next`: the next line's start) read as a mapping entry, or
 * undefined. `light`: a plain key is LIGHT_KEY (its span in {@link lightKey}) and a plain value
 * LIGHT_VALUE, no node built; the line reads (or fails) as it does otherwise.
 */
export function entryLine(
  text: string,
  at: number,
  newline: number,
  next: number,
  comments = false,
  light = false,
): EntryLine | undefined {
  let i = at
  while (text.charCodeAt(i) === 32) i++
  const indent = i - at
  const key = readKey(text, i, light)
  const after = keyEnd
  if (key === undefined || after > newline) return undefined
  if (comments && commentAfter(text, after, newline)) return { indent, key }
  return entryValue(text, indent, key, after, newline, next, light)
}

/** True when spaces then a comment (`#` to the end of the line) follow `at`: a key's `: # …`. */
function commentAfter(text: string, at: number, newline: number): boolean {
  let i = at
  while (text.charCodeAt(i) === 32) i++
  return i > at && i < newline && text.charCodeAt(i) === 35 && !text.slice(i, newline).includes('\r')
}

/** The entry of `key` whose value follows its `:` (`after` is just past it) on the line ending at `newline`. */
function entryValue(
  text: string,
  indent: number,
  key: Scalar,
  after: number,
  newline: number,
  next: number,
  light: boolean,
): EntryLine | undefined {
  if (onlySpaces(text, after, newline)) return { indent, key }
  if (text.charCodeAt(after) !== 32) return undefined
  let v = after
  while (text.charCodeAt(v) === 32) v++
  if (blockLiteralHeader(text, v, newline)) return { indent, key, block: v }
  if (text.charAt(v) !== '&') {
    const value = readTaggedValue(text, v, newline, next, light)
    return value === undefined ? undefined : { indent, key, value }
  }
  const anchor = nameAt(text, v + 1)
  if (anchor === undefined || v + 1 + anchor.length > newline) return undefined
  let w = v + 1 + anchor.length
  if (onlySpaces(text, w, newline)) return { indent, key, anchor }
  if (text.charCodeAt(w) !== 32) return undefined
  while (text.charCodeAt(w) === 32) w++
  // A second anchor, or an anchored alias: the library's to refuse.
  if (text.charAt(w) === '&' || text.charAt(w) === '*') return undefined
  const value = readTaggedValue(text, w, newline, next)
  if (value === undefined) return undefined
  ;(value as { anchor?: string }).anchor = anchor
  return { indent, key, value }
}

/** One `- item` line of a block sequence, read into nodes. */
export interface ItemLine {
  /** The column of the `-`. */
  indent: number
  /** The item, when it is a one-line value (plain, quoted, alias or flow). */
  value?: Node
  /** The first entry of the mapping the item opens (`- name: x`), at its key's column. */
  entry?: EntryLine
}

/**
 * The line from `at` to `newline` read as a block sequence item, or undefined: a `-` alone (a null
 * or a nested block follows), `- - x`, anchors, tags and whatever {@link entryLine} does not read.
 */
export function itemLine(
  text: string,
  at: number,
  newline: number,
  next: number,
  comments = false,
): ItemLine | undefined {
  let i = at
  while (text.charCodeAt(i) === 32) i++
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 32) return undefined
  let v = i + 1
  while (text.charCodeAt(v) === 32) v++
  if (v >= newline) return undefined
  const indent = i - at
  const entry = entryLine(text, v, newline, next, comments, false)
  if (entry !== undefined) return { indent, entry: { ...entry, indent: v - at } }
  const value = readTaggedValue(text, v, newline, next)
  return value === undefined ? undefined : { indent, value }
}

/** An explicit key's entry ({@link explicitEntry}) and where its `:` line ends and the next starts. */
export interface ExplicitEntry {
  entry: EntryLine
  newline: number
  next: number
}

/**
 * The two lines from `at` read as an explicit key (`? kind`, a plain, quoted or alias key alone on
 * its line; `newline` ends it) and its value (`: Secret` at the same column, a one-line value as
 * {@link entryLine} reads one), or undefined: a key or value over several lines, a nested block or
 * null after the `:`, comments and tabs are the library's.
 */
export function explicitEntry(
  text: string,
  at: number,
  newline: number,
  light = false,
): ExplicitEntry | undefined {
  let i = at
  while (text.charCodeAt(i) === 32) i++
  const indent = i - at
  if (text.charCodeAt(i) !== 63 || text.charCodeAt(i + 1) !== 32) return undefined
  let k = i + 1
  while (text.charCodeAt(k) === 32) k++
  const key = explicitKeyAt(text, k, light)
  if (key === undefined) return undefined
  const keyEnds = key === LIGHT_KEY ? lightKey.end : (key.range as [number, number, number])[1]
  if (!onlySpaces(text, keyEnds, newline)) return undefined
  const line = newline + 1
  let valueNewline = text.indexOf('\n', line)
  if (valueNewline < 0) valueNewline = text.length
  const colon = line + indent
  if (!onlySpaces(text, line, colon) || text.charCodeAt(colon) !== 58 || text.charCodeAt(colon + 1) !== 32)
    return undefined
  const valueLine = text.slice(colon, valueNewline)
  if (valueLine.includes('\t') || valueLine.includes('\r')) return undefined
  const next = Math.min(valueNewline + 1, text.length)
  const entry = entryValue(text, indent, key, colon + 1, valueNewline, next, light)
  // Nothing after the `:` (a nested block or a null) or a block scalar: the library's.
  if (entry === undefined || entry.value === undefined) return undefined
  return { entry, newline: valueNewline, next }
}

/** The key of an explicit entry at `at`: a plain key, a one-line quoted scalar or an alias. */
function explicitKeyAt(text: string, at: number, light: boolean): Scalar | undefined {
  const c = text.charAt(at)
  if (c === '*') return aliasAt(text, at) as unknown as Scalar | undefined
  if (c === '"' || c === "'") {
    const quoted = readQuoted(text, at)
    if (quoted === undefined) return undefined
    return scalarNode(quoted.value, at, quoted.end, quoted.end, quotedType(c), quoted.value)
  }
  PLAIN_KEY.lastIndex = at
  if (!PLAIN_KEY.test(text)) return undefined
  const end = PLAIN_KEY.lastIndex
  return light ? lightSpan(at, end) : plainScalar(text.slice(at, end), at, end, end)
}
