/**
 * Anchored RE2 searches on a window of the text, for patterns whose matches can only start at known
 * places (a `gitseal.yaml` rule's literal prefix). re2js runs its bit-state backtracker only on
 * inputs of a few thousand characters (its NFA, 3–5× slower, past them), so each search reads a
 * window from the candidate start. The window input reads the text around it as it is (a `\b` or
 * `^` at its start sees the real previous character) and records whether the engine ever looked at
 * or past its end: only then could the full text give another answer, and the caller searches the
 * full text instead. An untouched end means the engine's run, and so its answer, is the same as on
 * the full text.
 */

// re2js's end-of-input step and its empty-width flags (re2js Utils, MachineInputBase).
const EOF_STEP = -8
const BEGIN_LINE = 1
const END_LINE = 2
const BEGIN_TEXT = 4
const END_TEXT = 8
const WORD_BOUNDARY = 16
const NO_WORD_BOUNDARY = 32

const isWord = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95

/** re2js's machine input over `text` from `start` to `end`, reading the text around it as it is. */
export class WindowInput {
  /** True once the engine asked for a character at or past the window's end (or about it). */
  touchedEnd = false
  /** Characters stepped over, for the caller's bound on total work. */
  steps = 0

  constructor(
    private readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {}

  endPos(): number {
    return this.end - this.start
  }
  canCheckPrefix(): boolean {
    return true
  }
  hasString(): boolean {
    return false
  }
  hasAnyString(): boolean {
    return false
  }
  prefixLength(re2: { prefix: string }): number {
    return re2.prefix.length
  }

  /** The rune at `pos` (relative) shifted left 3, or'd with its width in UTF-16 units; EOF past the end. */
  step(pos: number): number {
    this.steps++
    const at = pos + this.start
    if (at >= this.end) {
      this.touchedEnd = true
      return EOF_STEP
    }
    const c1 = this.text.charCodeAt(at)
    if (c1 < 0xd800 || c1 > 0xdbff) return (c1 << 3) | 1
    if (at + 1 >= this.end) {
      this.touchedEnd = true
      return (c1 << 3) | 1
    }
    const c2 = this.text.charCodeAt(at + 1)
    if (c2 < 0xdc00 || c2 > 0xdfff) return (c1 << 3) | 1
    return ((((c1 - 0xd800) << 10) + (c2 - 0xdc00) + 0x10000) << 3) | 2
  }

  /** Where the literal prefix of `re2` next occurs from `pos`, relative to it; -1 if not in the window. */
  index(re2: { prefix: string }, pos: number): number {
    const from = pos + this.start
    const found = this.text.indexOf(re2.prefix, from)
    if (found < 0 || found > this.end - re2.prefix.length) {
      this.touchedEnd = true
      return -1
    }
    return found - from
  }

  /** The empty-width flags at `pos` (relative), from the characters of the whole text around it. */
  context(pos: number): number {
    const at = pos + this.start
    if (at >= this.end) this.touchedEnd = true
    const before = at > 0 ? this.text.charCodeAt(at - 1) : -1
    const after = at < this.end ? this.text.charCodeAt(at) : -1
    let flags = 0
    if (before < 0) flags |= BEGIN_TEXT | BEGIN_LINE
    if (before === 10) flags |= BEGIN_LINE
    if (after < 0) flags |= END_TEXT | END_LINE
    if (after === 10) flags |= END_LINE
    flags |= isWord(before) !== isWord(after) ? WORD_BOUNDARY : NO_WORD_BOUNDARY
    return flags
  }
}

// re2js's anchored search mode (RE2's ANCHOR_START).
const ANCHOR_START = 1
// re2js's bit-state backtracker: programs up to this many instructions, on inputs up to
// BIT_STATE_CELLS / instructions characters (re2js Backtracker.maxBitStateLen).
const BIT_STATE_PROGRAM = 500
const BIT_STATE_CELLS = 256 * 1024
// The first window tried: most matches of a rule are a token's length.
const FIRST_WINDOW = 128
// What one window search costs beyond the characters it reads, in characters (its set-up).
const ATTEMPT_COST = 16

/** What the window search uses of re2js's RE2 object (its execution entry point is not in its types). */
export interface WindowEngine {
  prog: { numInst(): number }
  executeEngine(input: WindowInput, pos: number, anchor: number, ncap: number): number[] | null
}

/** The longest window the bit-state backtracker takes for `engine`'s program (0: none). */
export function longestWindow(engine: WindowEngine): number {
  const instructions = engine.prog.numInst()
  return instructions <= BIT_STATE_PROGRAM ? Math.floor(BIT_STATE_CELLS / instructions) : 0
}

/**
 * The anchored search for a match starting at `start` with `groups` groups (the whole match
 * included), on growing windows (re2js clears a bit per instruction and character of its input
 * first): the groups' offsets relative to `start` (null: no match there) and its cost in characters
 * read; `tooLong` (and no offsets) when even the longest window the backtracker takes was too short
 * to tell; undefined when the program is too big for the backtracker.
 */
export function anchoredSearch(
  engine: WindowEngine,
  text: string,
  start: number,
  groups: number,
): { found: number[] | null; steps: number; tooLong?: true } | undefined {
  const longest = longestWindow(engine)
  if (longest === 0) return undefined
  let steps = 0
  for (let length = FIRST_WINDOW; length < longest * 4; length *= 4) {
    const input = new WindowInput(text, start, Math.min(text.length, start + Math.min(length, longest)))
    const found = engine.executeEngine(input, 0, ANCHOR_START, 2 * groups)
    steps += input.steps + ATTEMPT_COST
    if (!input.touchedEnd || input.end === text.length) return { found, steps }
  }
  return { found: null, steps, tooLong: true }
}
