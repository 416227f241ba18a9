/**
 * JSON store: key order and duplicate keys kept, integers exact (int64 → `int`, as sops ≥ 3.13.2),
 * written as sops does — Go `json.Marshal` escaping, `json.Indent` with a tab, final newline.
 */
import { GitsealError } from '../../core/errors.js'
import { fitsInt64 } from '../go-format.js'
import { Comment, Mapping, SopsBytes, SopsTime, fromPlain, leafText } from '../tree.js'
import type { Plain, Value } from '../tree.js'
import type { LoadedFile, Store } from './types.js'

function bad(file: string, message: string, text: string, pos: number): GitsealError {
  const line = text.slice(0, pos).split('\n').length
  return new GitsealError('E_SOPS_BAD_FORMAT', `${file}:${String(line)}: ${message}`, {
    file,
    line,
    hint: 'Fix the JSON syntax; sops JSON files must be one object.',
  })
}

const NUMBER_RE = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y

/** Parse JSON into a tree, keeping order, duplicates and exact integers. */
export function parseJsonTree(text: string, file: string): Mapping {
  const reader = new JsonReader(text, file)
  reader.ws()
  if (text[reader.pos] !== '{') {
    throw bad(file, 'sops only supports JSON files whose top level is an object', text, reader.pos)
  }
  const root = reader.value(0)
  reader.ws()
  if (reader.pos !== text.length)
    throw bad(file, 'unexpected data after the top-level object', text, reader.pos)
  return root as Mapping
}

/** A recursive-descent reader over one JSON text: `pos` only moves forward (linear time). */
class JsonReader {
  pos = 0

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  ws(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text.charAt(this.pos))) this.pos++
  }

  value(depth: number): Value {
    if (depth > 500) throw bad(this.file, 'nesting too deep', this.text, this.pos)
    this.ws()
    const c = this.text[this.pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return this.str()
    return this.scalar()
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) throw bad(this.file, `expected '${c}'`, this.text, this.pos)
    this.pos++
  }

  /**
   * A string token, checked by a loop: V8 runs out of stack on a regex alternation per character
   * past a few million (a 24 MB binary file encrypted by gitseal could not be decrypted).
   */
  private str(): string {
    const { text } = this
    // A key must be one too: a `// comment` or a bare word there made JSON.parse below throw its own SyntaxError.
    if (text.charCodeAt(this.pos) !== 0x22) throw bad(this.file, 'expected a string', text, this.pos)
    let i = this.pos + 1
    for (;;) {
      const code = text.charCodeAt(i)
      if (code === 0x22) break
      if (Number.isNaN(code) || code < 0x20) throw bad(this.file, 'invalid string', text, this.pos)
      if (code === 0x5c) {
        const escape = text[i + 1] ?? ''
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6
        else if (escape !== '' && '"\\/bfnrt'.includes(escape)) i += 2
        else throw bad(this.file, 'invalid string', text, this.pos)
      } else i++
    }
    const token = text.slice(this.pos, i + 1)
    this.pos = i + 1
    return JSON.parse(token) as string
  }

  private object(depth: number): Mapping {
    this.pos++
    const map = new Mapping()
    this.ws()
    if (this.text[this.pos] === '}') {
      this.pos++
      return map
    }
    for (;;) {
      this.ws()
      const key = this.str()
      this.ws()
      this.expect(':')
      map.items.push({ key, value: this.value(depth + 1) })
      this.ws()
      if (this.text[this.pos] === ',') {
        this.pos++
        continue
      }
      this.expect('}')
      return map
    }
  }

  private array(depth: number): Value[] {
    this.pos++
    const list: Value[] = []
    this.ws()
    if (this.text[this.pos] === ']') {
      this.pos++
      return list
    }
    for (;;) {
      list.push(this.value(depth + 1))
      this.ws()
      if (this.text[this.pos] === ',') {
        this.pos++
        continue
      }
      this.expect(']')
      return list
    }
  }

  /** `true`, `false`, `null` or a number: an integer that fits int64 stays exact (`bigint`). */
  private scalar(): Value {
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length
        return v
      }
    }
    NUMBER_RE.lastIndex = this.pos
    const m = NUMBER_RE.exec(this.text)
    if (!m) throw bad(this.file, 'unexpected character', this.text, this.pos)
    if (m[2] === undefined && m[3] === undefined) {
      const n = BigInt(m[0])
      this.pos += m[0].length
      if (fitsInt64(n)) return n
      return Number(m[0])
    }
    // sops' json.Number.Float64() fails out of float64's range: `1e400` would be encrypted as
    // +Inf, which no JSON can hold, and the file could not be decrypted again.
    const f = Number(m[0])
    if (!Number.isFinite(f))
      throw bad(this.file, 'a number too large for a float64, which sops refuses', this.text, this.pos)
    this.pos += m[0].length
    return f
  }
}

// Characters Go's json.Marshal escapes or replaces (lone surrogates become U+FFFD).
// eslint-disable-next-line no-control-regex -- control characters are what must be escaped
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/

/** Go `json.Marshal` of a string (HTML-safe escaping, `\u2028`/`\u2029`). */
function goJsonString(s: string): string {
  // Most values (every ciphertext) need no escape: one scan instead of a loop over characters.
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`
  let out = '"'
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd'
    else out += ch
  }
  return `${out}"`
}

function goJsonNumber(f: number, file: string): string {
  if (!Number.isFinite(f)) {
    throw new GitsealError('E_SOPS_BAD_FORMAT', `${file}: ${String(f)} cannot be written as JSON`)
  }
  if (Object.is(f, -0)) return '-0'
  // JavaScript and Go switch to exponent form at the same magnitudes (1e21, 1e-6).
  return String(f)
}

/** Serialise a tree value as sops' JSON store does (tab indent unless `indent` is given). */
function emitJsonValue(value: Value, file: string, indent = '\t', level = 0): string {
  const pad = (n: number): string => `\n${indent.repeat(n)}`
  if (value instanceof Mapping) {
    const items = value.items.filter((item) => typeof item.key === 'string')
    if (items.length === 0) return '{}'
    const parts = items.map(
      (item) =>
        `${pad(level + 1)}${goJsonString(item.key as string)}: ${emitJsonValue(item.value, file, indent, level + 1)}`,
    )
    return `{${parts.join(',')}${pad(level)}}`
  }
  if (Array.isArray(value)) {
    const items = value.filter((v) => !(v instanceof Comment))
    if (items.length === 0) return '[]'
    return `[${items.map((v) => pad(level + 1) + emitJsonValue(v, file, indent, level + 1)).join(',')}${pad(level)}]`
  }
  if (value === null) return 'null'
  if (typeof value === 'string') return goJsonString(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return goJsonNumber(value, file)
  if (typeof value === 'boolean') return String(value)
  return goJsonString(leafText(value))
}

/** The first document plus metadata as sops JSON text. */
export function emitJsonDocument(
  branch: Mapping | undefined,
  metadata: Record<string, Plain> | undefined,
  file: string,
): string {
  const root = new Mapping([...(branch?.items ?? [])])
  if (metadata) root.items.push({ key: 'sops', value: fromPlain(metadata) })
  return `${emitJsonValue(root, file)}\n`
}

/** Split the `sops` entry off a parsed JSON object. */
export function splitSops(root: Mapping, file: string): { branch: Mapping; metadata: Plain | undefined } {
  const found = root.items.filter((item) => item.key === 'sops')
  if (found.length > 1) throw new GitsealError('E_SOPS_BAD_FORMAT', `${file}: duplicate sops entry`, { file })
  const branch = new Mapping(root.items.filter((item) => item.key !== 'sops'))
  const sops = found[0]?.value
  return { branch, metadata: sops === undefined ? undefined : toPlainExact(sops) }
}

function toPlainExact(value: Value): Plain {
  if (value instanceof Mapping) {
    const out: Record<string, Plain> = {}
    for (const item of value.items) {
      if (typeof item.key === 'string') {
        Object.defineProperty(out, item.key, {
          value: toPlainExact(item.value),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
    }
    return out
  }
  if (Array.isArray(value)) return value.map(toPlainExact)
  if (value instanceof SopsTime || value instanceof Comment || value instanceof SopsBytes)
    return leafText(value)
  return value
}

/** The JSON store. */
export const jsonStore: Store = {
  format: 'json',
  load(text, file): LoadedFile {
    const { branch, metadata } = splitSops(parseJsonTree(text, file), file)
    return {
      branches: [branch],
      metadata,
      emit: (branches, meta) => emitJsonDocument(branches[0], meta, file),
    }
  },
  emitFresh: (branches, metadata) => emitJsonDocument(branches[0], metadata, '<output>'),
}
