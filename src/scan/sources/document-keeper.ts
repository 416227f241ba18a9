/**
 * Keeping the added lines of a big YAML stream, and the whole of each `---` document that an added
 * line falls in when that document holds what the analysers judge (`kind: Secret`, SOPS metadata…):
 * a commit adding a value line to a Secret in a 1 MB all-in-one manifest is judged with its
 * document, as in a small file, while a big lock file is still reduced to its added lines. One
 * document at a time is held (at most {@link MAX_PARSE} bytes, the analysers' limit; past that, it
 * is reduced as it comes).
 */
import { decodeContent } from '../text.js'
import { holdsAnalyserTrigger, MAX_PARSE } from '../structured.js'
import { LineKeeper } from './line-keeper.js'
import type { LineRanges } from './types.js'

const LINE_DASHES = Buffer.from('\n---')

/** Streams bytes in; {@link DocumentKeeper.result} is the text with lines outside what is kept emptied. */
export class DocumentKeeper {
  private readonly keeper: LineKeeper
  /** The current document's bytes not yet given to the keeper: `[start, end)`. */
  private pending = Buffer.allocUnsafe(4096)
  private start = 0
  private end = 0
  /** Where the next `\n---` may start (a line break before it was looked at). */
  private searched = 0
  /** True while `start` is the current document's first byte; else whether its line was looked at. */
  private opening = true
  private startLooked = true
  /** False once the current document is too big to keep whole: its lines are reduced as they come. */
  private whole = true
  /** The first added range that may still touch the current document or a later one. */
  private range = 0

  /**
   * `ranges`: sorted inclusive `[start, end]` line ranges that were added (1-based); `wholeLimit`:
   * the size past which a document is reduced.
   */
  constructor(
    private readonly ranges: LineRanges,
    private readonly wholeLimit = MAX_PARSE,
  ) {
    this.keeper = new LineKeeper(ranges)
  }

  /** Bytes kept so far (the current document's, at most {@link MAX_PARSE}, not counted). */
  get length(): number {
    return this.keeper.length
  }

  /** Take the next piece of the text. */
  push(bytes: Uint8Array): void {
    this.append(bytes)
    this.split(false)
    if (this.whole && this.end - this.start > this.wholeLimit) this.whole = false
    if (this.whole) return
    // Complete lines go, up to a `\n---` not yet told a separator or not.
    const held = this.pending.subarray(0, Math.min(this.end, this.searched + 1))
    const newline = held.lastIndexOf(10)
    if (newline >= this.start) this.reduce(newline + 1)
  }

  /** The kept text. */
  result(): Uint8Array {
    this.split(true)
    this.finish(this.end)
    return this.keeper.result()
  }

  /** Close the current document at each separator line that has arrived (`final`: all of the text has). */
  private split(final: boolean): void {
    const held = this.pending.subarray(0, this.end)
    if (!this.startLooked && (final || this.start + 3 < this.end)) {
      this.startLooked = true
      if (separatorAt(held, this.start)) this.finish(this.start)
    }
    for (;;) {
      const dashes = held.indexOf(LINE_DASHES, Math.max(this.searched, this.start))
      if (dashes < 0) {
        this.searched = Math.max(this.searched, this.end - 3)
        return
      }
      const line = dashes + 1
      if (line + 3 >= this.end && !final) {
        this.searched = dashes // `---` and what follows it not all here: looked at again
        return
      }
      this.searched = line
      if (separatorAt(held, line)) this.finish(line)
    }
  }

  /** Add `bytes` after the current document's, moved to the buffer's start first. */
  private append(bytes: Uint8Array): void {
    const held = this.end - this.start
    const size = held + bytes.length
    if (size > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.pending.length * 2, size))
      grown.set(this.pending.subarray(this.start, this.end))
      this.pending = grown
    } else if (this.start > 0) {
      this.pending.copyWithin(0, this.start, this.end)
    }
    this.pending.set(bytes, held)
    this.searched = Math.max(0, this.searched - this.start)
    this.start = 0
    this.end = size
  }

  /** The current document ends before `at`: kept whole or reduced; the next one starts there. */
  private finish(at: number): void {
    const doc = this.pending.subarray(this.start, at)
    // Whether the analysers judge a document is asked last (it decodes the document): only of one
    // the commit touched but did not add whole (one added whole is kept whole by its ranges alike).
    if (this.whole && doc.length > 0 && this.touched(doc) === 'part' && judged(doc)) {
      this.keeper.pushWhole(doc)
      this.start = at
    } else {
      this.reduce(at)
    }
    this.opening = true
    this.startLooked = true
    this.whole = true
  }

  /**
   * Give the keeper the current document's lines up to `at`, only added ones kept, but its `---`
   * line whole: the documents around a kept one must not run into it.
   */
  private reduce(at: number): void {
    if (at <= this.start) return
    const bytes = this.pending.subarray(this.start, at)
    let from = 0
    if (this.opening && separatorAt(bytes, 0)) {
      const newline = bytes.indexOf(10)
      from = newline < 0 ? bytes.length : newline + 1
      this.keeper.pushWhole(bytes.subarray(0, from))
    }
    this.keeper.push(bytes.subarray(from))
    this.start = at
    this.opening = false
    this.startLooked = false
  }

  /** How the added ranges cover the lines of `doc`, the current document, all of it held. */
  private touched(doc: Buffer): 'none' | 'part' | 'all' {
    const first = this.keeper.line
    let last = first
    for (let at = doc.indexOf(10); at >= 0 && at < doc.length - 1; at = doc.indexOf(10, at + 1)) last++
    while ((this.ranges[this.range]?.[1] ?? Infinity) < first) this.range++
    const range = this.ranges[this.range]
    if (range === undefined || range[0] > last) return 'none'
    if (range[0] > first) return 'part'
    // Ranges that follow on without a gap cover on.
    let end = range[1]
    for (let next = this.range + 1; end < last; next++) {
      const following = this.ranges[next]
      if (following === undefined || following[0] > end + 1) break
      end = Math.max(end, following[1])
    }
    return end >= last ? 'all' : 'part'
  }
}

// Of holdsAnalyserTrigger's words, as the keyword pass names them, what each is written as.
const WORDS: [string, Buffer][] = [
  ['secretgenerator', Buffer.from('secretGenerator')],
  ['"auths"', Buffer.from('"auths"')],
  ['users', Buffer.from('users')],
  ['sops', Buffer.from('sops')],
]
const KIND = Buffer.from('kind')
const BACKSLASH = 92

/**
 * True when the analysers judge `doc` (holdsAnalyserTrigger). Its words are looked for in the bytes
 * first: a big lock file touched by every commit is then neither decoded nor searched again.
 * Without any of them, or an escape that could spell one, there is no trigger.
 */
function judged(doc: Buffer): boolean {
  const found = new Set<string>()
  for (const [name, word] of WORDS) if (doc.includes(word)) found.add(name)
  if (kindKey(doc)) found.add('kind')
  if (found.size === 0 && !doc.includes(BACKSLASH)) return false
  return holdsAnalyserTrigger(decodeContent(doc).text, found)
}

/** True when some `kind` may be a key: followed by a quote, a blank, a colon, a line break or the end. */
function kindKey(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(KIND); at >= 0; at = bytes.indexOf(KIND, at + 4)) {
    const c = bytes[at + 4]
    if (c === undefined || c === 34 || c === 39 || c === 32 || c === 9 || c === 58 || c === 10 || c === 13)
      return true
  }
  return false
}

/** True when the line at `at` of `bytes` is a document separator: `---` then a blank or the end. */
function separatorAt(bytes: Buffer, at: number): boolean {
  if (bytes[at] !== 45 || bytes[at + 1] !== 45 || bytes[at + 2] !== 45) return false
  const after = bytes[at + 3]
  return after === undefined || after === 32 || after === 9 || after === 10 || after === 13
}
