/**
 * Turning file bytes into scannable text, and offsets into 1-based line/column positions.
 * Columns count UTF-16 code units (what editors and SARIF show), which is what JS string indices are.
 */
import { looksBinary } from './sources/binary.js'

/** Decoded content, or why it could not be scanned. */
export interface DecodedText {
  text: string
  binary: boolean
  notes: string[]
}

/**
 * Decode content for scanning: binary (see `looksBinary`: NUL bytes, unless the file is otherwise
 * text or holds a secret marker) is flagged, invalid UTF-8 tolerated.
 */
export function decodeContent(content: Uint8Array | string): DecodedText {
  if (typeof content === 'string') return { text: stripBom(content), binary: false, notes: [] }
  if (looksBinary(content)) return { text: '', binary: true, notes: [] }
  try {
    return {
      text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(content)),
      binary: false,
      notes: [],
    }
  } catch {
    return {
      text: stripBom(new TextDecoder('utf-8').decode(content)),
      binary: false,
      notes: ['invalid UTF-8: decoded with replacement characters'],
    }
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Offsets of line starts, built once per file with `indexOf` (linear, fine for 100 MB single lines). */
export class LineMap {
  readonly #starts: number[] = [0]
  readonly #text: string

  constructor(text: string) {
    this.#text = text
    let at = text.indexOf('\n')
    while (at >= 0) {
      this.#starts.push(at + 1)
      at = text.indexOf('\n', at + 1)
    }
  }

  /** 0-based index of the line holding `offset`. */
  lineIndex(offset: number): number {
    let lo = 0
    let hi = this.#starts.length - 1
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
    let end = index + 1 < this.#starts.length ? (this.#starts[index + 1] ?? 0) - 1 : this.#text.length
    if (end > start && this.#text.charCodeAt(end - 1) === 13) end--
    return { start, end }
  }
}
