/**
 * Keeping only some lines of a text that arrives in pieces: every other line is emptied (its
 * newline kept), so line and column numbers of what remains are unchanged. A history scan keeps a
 * big blob's added lines this way without ever holding the whole blob.
 */
import type { LineRanges } from './types.js'

/** Streams bytes in; {@link LineKeeper.result} is the text with lines outside the ranges emptied. */
export class LineKeeper {
  private buffer = new Uint8Array(4096)
  /** Bytes kept so far (content of kept lines plus every newline). */
  length = 0
  /** The number of the line the next byte belongs to. */
  line = 1
  private range = 0

  /** `ranges`: sorted inclusive `[start, end]` line ranges to keep (1-based). */
  constructor(private readonly ranges: LineRanges) {}

  /** Take the next piece of the text. */
  push(piece: Uint8Array): void {
    // Buffer's indexOf finds a newline many times faster than a typed array's.
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
    let start = 0
    while (start < bytes.length) {
      if (this.keeps()) {
        const newline = bytes.indexOf(10, start)
        const end = newline < 0 ? bytes.length : newline + 1
        this.keep(bytes, start, end)
        if (newline < 0) return
        this.line++
        start = end
        continue
      }
      // The lines before the next range, at once: only their newlines are kept (a big blob touched
      // by a small commit is mostly these).
      const next = this.ranges[this.range]?.[0] ?? Infinity
      let at = start
      let newlines = 0
      while (this.line + newlines < next) {
        const newline = bytes.indexOf(10, at)
        if (newline < 0) {
          at = bytes.length
          break
        }
        newlines++
        at = newline + 1
      }
      this.newlines(newlines)
      this.line += newlines
      start = at
    }
  }

  /** Take the next piece of the text whole, whatever the ranges say. */
  pushWhole(bytes: Uint8Array): void {
    this.keep(bytes, 0, bytes.length)
    for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) this.line++
  }

  /** The kept text. */
  result(): Uint8Array {
    return this.buffer.slice(0, this.length)
  }

  private keeps(): boolean {
    while (this.range < this.ranges.length && (this.ranges[this.range]?.[1] ?? 0) < this.line) this.range++
    const current = this.ranges[this.range]
    return current !== undefined && current[0] <= this.line
  }

  /** Append `count` newlines. */
  private newlines(count: number): void {
    this.reserve(count)
    this.buffer.fill(10, this.length, this.length + count)
    this.length += count
  }

  private reserve(size: number): void {
    if (this.length + size > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + size))
      grown.set(this.buffer.subarray(0, this.length))
      this.buffer = grown
    }
  }

  /** Append `bytes[start, end)`. */
  private keep(bytes: Uint8Array, start: number, end: number): void {
    const size = end - start
    this.reserve(size)
    if (size === 1) this.buffer[this.length] = bytes[start] ?? 10
    else this.buffer.set(bytes.subarray(start, end), this.length)
    this.length += size
  }
}

/** `content` with every line outside `ranges` emptied (newlines kept). */
export function keepLines(content: Uint8Array, ranges: LineRanges): Uint8Array {
  const keeper = new LineKeeper(ranges)
  keeper.push(content)
  return keeper.result()
}
