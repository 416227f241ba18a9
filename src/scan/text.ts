/**
 * Turning file bytes into scannable text, and offsets into 1-based line/column positions.
 * Columns count UTF-16 code units (what editors and SARIF show), which is what JS string indices are.
 */
import { holdsNul, looksBinary } from './sources/binary.js'

/** Decoded content, or why it could not be scanned. */
export interface DecodedText {
  text: string
  binary: boolean
  notes: string[]
  /** The content, when `text` is its UTF-8 decoding with nothing replaced (a pass may read the bytes instead). */
  utf8?: Uint8Array
  /**
   * Set when `text` is the content read as UTF-16 or UTF-32: bytes past a planted head (a byte order
   * mark) that are not that encoding read as noise, so the bytes' printable runs are scanned too.
   */
  wide?: true
}

/**
 * Decode content for scanning: UTF-32 and UTF-16 text (see {@link utf32Order}, {@link utf16Encoding})
 * decoded as such; binary (see `looksBinary`: NUL bytes, unless the file is otherwise text or holds
 * a secret marker; any NUL byte when `nulIsBinary`) flagged; invalid UTF-8 tolerated.
 */
export function decodeContent(content: Uint8Array | string, nulIsBinary = false): DecodedText {
  if (typeof content === 'string') return { text: stripBom(content), binary: false, notes: [] }
  const utf32 = utf32Order(content)
  if (utf32 !== undefined) return decodeUtf32(content, utf32)
  const utf16 = utf16Encoding(content)
  if (utf16 !== undefined)
    return { text: stripBom(new TextDecoder(utf16).decode(content)), binary: false, notes: [], wide: true }
  if (looksBinary(content, nulIsBinary)) return { text: '', binary: true, notes: [] }
  try {
    return {
      text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(content)),
      binary: false,
      notes: [],
      utf8: content,
    }
  } catch {
    return {
      text: stripBom(new TextDecoder('utf-8').decode(content)),
      binary: false,
      notes: ['invalid UTF-8: decoded with replacement characters'],
    }
  }
}

/** Bytes looked at for UTF-16 without a byte order mark, and the fewest that tell it (a pair or two of bytes tells nothing). */
const UTF16_SNIFF = 8000
const UTF16_SHORTEST = 32

/**
 * The UTF-16 encoding of `content`, or undefined. UTF-16 text holds NUL bytes (the high byte of
 * every ASCII character, a line break's too), which made it binary: skipped, secrets and all. It
 * is read as UTF-16 with a NUL byte and a byte order mark (`FF FE`, not UTF-32's `FF FE 00 00`;
 * `FE FF`) — how Windows PowerShell 5 writes `>` redirections and Notepad "Unicode", and what the
 * YAML parsers Kubernetes uses read — or, without a mark, with NUL bytes on one side of every byte
 * pair only, on at least half of the pairs of 32 bytes or more (ASCII text in UTF-16).
 */
export function utf16Encoding(content: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(content.length, UTF16_SNIFF) & ~1
  if (!holdsNul(content, length)) return undefined // most files: no NUL at all
  const [a, b, c, d] = content
  if (a === 0xff && b === 0xfe && !(c === 0 && d === 0)) return 'utf-16le'
  if (a === 0xfe && b === 0xff) return 'utf-16be'
  if (length < UTF16_SHORTEST) return undefined
  let even = 0
  let odd = 0
  for (let i = 0; i < length; i += 2) {
    if (content[i] === 0) even++
    if (content[i + 1] === 0) odd++
  }
  if (2 * Math.max(even, odd) < length / 2) return undefined
  return even === 0 ? 'utf-16le' : odd === 0 ? 'utf-16be' : undefined
}

/**
 * The UTF-16 byte order in which the first 8000 bytes of binary-judged `content` read as clean
 * text, or undefined: no unpaired surrogate, no NUL or C0 control unit but tab, line feed and
 * carriage return, and a line feed or `=`/`:` among them (a line of config). BOM-less UTF-16 mostly
 * outside ASCII (CJK comments around a `.env` line) is binary to {@link utf16Encoding}; its decoded
 * text is scanned as well as its printable bytes, never instead (a planted-NUL ASCII file can read
 * as clean UTF-16 too). When both orders read clean, the one with more ASCII units is text.
 */
export function cleanUtf16(content: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(content.length, UTF16_SNIFF) & ~1
  if (length < UTF16_SHORTEST) return undefined
  let best: 'utf-16le' | 'utf-16be' | undefined
  let bestAscii = -1
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const ascii = cleanAsciiUnits(content.subarray(0, length), encoding === 'utf-16le' ? 0 : 1)
    if (ascii > bestAscii) {
      best = encoding
      bestAscii = ascii
    }
  }
  return bestAscii >= 0 ? best : undefined
}

/**
 * The number of ASCII units in `bytes` read as UTF-16 with its low byte at `low` (0 or 1), or -1
 * when they do not read as clean text (see {@link cleanUtf16}).
 */
function cleanAsciiUnits(bytes: Uint8Array, low: 0 | 1): number {
  let ascii = 0
  let config = false
  let pendingHigh = false
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const unit = ((bytes[i + 1 - low] ?? 0) << 8) | (bytes[i + low] ?? 0)
    const high = unit >= 0xd800 && unit < 0xdc00
    const lowSurrogate = unit >= 0xdc00 && unit < 0xe000
    // A surrogate pair cut by the window's end is no fault of the text.
    if (lowSurrogate !== pendingHigh) return -1
    pendingHigh = high
    if (unit < 0x20 && unit !== 9 && unit !== 10 && unit !== 13) return -1
    if (unit < 0x80) ascii++
    if (unit === 10 || unit === 0x3d || unit === 0x3a) config = true
  }
  return config ? ascii : -1
}

/**
 * The byte order of UTF-32 `content`, or undefined: a byte order mark (`FF FE 00 00`, `00 00 FE FF`),
 * or, on 32 bytes or more, every 4-byte unit of the first 8000 bytes a code point, at least half of
 * them printable Latin-1 or line breaks (text; int32 arrays hold zeros). Neither go-yaml nor git reads UTF-32, but a secret written in it (an
 * editor's "UTF-32" save) is a plaintext secret all the same: skipped as binary, it passed silently.
 */
export function utf32Order(content: Uint8Array): 'le' | 'be' | undefined {
  const [a, b, c, d] = content
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'le'
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'be'
  const length = Math.min(content.length, UTF16_SNIFF) & ~3
  if (length < UTF16_SHORTEST) return undefined
  for (const order of ['le', 'be'] as const) {
    let narrow = 0
    let i = 0
    for (; i < length; i += 4) {
      const point = codePointAt(content, i, order)
      if (point > 0x10ffff) break
      if (point === 9 || point === 10 || point === 13 || (point >= 0x20 && point < 0x100 && point !== 0x7f))
        narrow++
    }
    if (i === length && 2 * narrow >= length / 4) return order
  }
  return undefined
}

/** The 4-byte unit at `i`, as a number. */
function codePointAt(bytes: Uint8Array, i: number, order: 'le' | 'be'): number {
  // Byte k of the unit, least significant first.
  const byte = (k: number): number => bytes[order === 'le' ? i + k : i + 3 - k] ?? 0
  return byte(0) + byte(1) * 0x100 + byte(2) * 0x10000 + byte(3) * 0x1000000
}

/** UTF-32 content as text (by way of UTF-16, one pass); what is no code point becomes U+FFFD, with a note. */
function decodeUtf32(content: Uint8Array, order: 'le' | 'be'): DecodedText {
  const units = new Uint16Array(2 * Math.ceil(content.length / 4))
  let n = 0
  let replaced = content.length % 4 !== 0
  for (let i = 0; i + 4 <= content.length; i += 4) {
    let point = codePointAt(content, i, order)
    if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
      point = 0xfffd
      replaced = true
    }
    if (point < 0x10000) units[n++] = point
    else {
      units[n++] = 0xd800 + ((point - 0x10000) >> 10)
      units[n++] = 0xdc00 + ((point - 0x10000) & 0x3ff)
    }
  }
  // By chunks: one call with every unit as an argument would overflow the stack.
  const parts: string[] = []
  for (let k = 0; k < n; k += 8192)
    parts.push(String.fromCharCode(...units.subarray(k, Math.min(n, k + 8192))))
  const text = stripBom(parts.join(''))
  return {
    text,
    binary: false,
    notes: replaced ? ['invalid UTF-32: decoded with replacement characters'] : [],
    wide: true,
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * Offsets of line starts, found with `indexOf` as far as the offsets asked about need (linear, fine
 * for 100 MB single lines): a finding on line 1 of a 45 MB file of newlines built 45 million starts,
 * twice per file (7 s and 1.1 GB); the starts are kept four bytes each.
 */
export class LineMap {
  #starts = new Uint32Array(64)
  #count = 1
  /** True once every newline of the text is recorded. */
  #complete = false
  /** Where reading stopped: every newline before it is recorded. */
  #read = 0
  readonly #text: string

  constructor(text: string) {
    this.#text = text
  }

  /**
   * Record line starts until one lies past `offset` (or the text ends). Read a character at a time:
   * an `indexOf` per line cost 50 ns each, 2.3 s for a file of 45 million newlines.
   */
  #readPast(offset: number): void {
    const text = this.#text
    let at = this.#read
    while (!this.#complete && (this.#starts[this.#count - 1] ?? 0) <= offset) {
      while (at < text.length && text.charCodeAt(at) !== 10) at++
      if (at >= text.length) this.#complete = true
      else this.#push(++at)
    }
    this.#read = at
  }

  #push(start: number): void {
    if (this.#count === this.#starts.length) {
      const grown = new Uint32Array(this.#starts.length * 2)
      grown.set(this.#starts)
      this.#starts = grown
    }
    this.#starts[this.#count++] = start
  }

  /** 0-based index of the line holding `offset`. */
  lineIndex(offset: number): number {
    this.#readPast(offset)
    let lo = 0
    let hi = this.#count - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.#starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const index = this.lineIndex(offset)
    return { line: index + 1, column: offset - (this.#starts[index] ?? 0) + 1 }
  }

  /** Start and end offsets (end excludes the newline and a `\r` before it) of the line holding `offset`. */
  lineBounds(offset: number): { start: number; end: number } {
    const index = this.lineIndex(offset)
    const start = this.#starts[index] ?? 0
    let end = index + 1 < this.#count ? (this.#starts[index + 1] ?? 0) - 1 : this.#text.length
    if (end > start && this.#text.charCodeAt(end - 1) === 13) end--
    return { start, end }
  }
}
