/**
 * The keyword prefilter: an Aho–Corasick automaton over case-folded characters, run once over the
 * text with one table lookup per character. No lowercase copy of the text is made: ASCII letters
 * are folded by the character-class table, and the only characters outside ASCII whose lowercase
 * form holds ASCII (`İ` → `i̇`, Kelvin `K` → `k`) are folded the way `toLowerCase` folds them, so
 * the keywords found are exactly those occurring in `text.toLowerCase()`.
 */
import { bytePass } from './keyword-pass.js'
import type { BytePass } from './keyword-pass.js'

/** Ascending offsets: an array, or a typed array filled by the keyword pass. */
export type Offsets = ArrayLike<number> & Iterable<number>

/** Keywords found in one text, and where the positional words occur. */
export interface KeywordHits {
  /** The keywords occurring in the lowercased text. */
  readonly found: Set<string>
  /**
   * Start offsets, ascending, of every occurrence of a positional word (case folded as for
   * `found`): one pass gives the rules their anchors instead of a search per rule.
   */
  starts(word: string): Offsets | undefined
}

/** What one scan collects: keywords found, which keyword ids were seen, positional words' starts. */
interface Pass {
  found: Set<string>
  seen: Uint8Array
  /** By output state: 1 once its keywords were all seen in this text. */
  done: Uint8Array
  /**
   * By positional word index, its starts so far (the first `counts[index]` entries); a buffer only
   * for the words that occur (most of ~150 do not). Typed buffers doubled as they fill: arrays of
   * numbers grown by `push` were copied by every young-generation collection, 90% of the pass over
   * a crafted line of `tskey- ` (10 of 11 ms per 256 KiB).
   */
  starts: (Int32Array | undefined)[]
  counts: Int32Array
}

const NO_STARTS: Offsets = []

/** Larger texts are stepped in JavaScript: the byte pass keeps a copy of the largest it stepped. */
const MAX_BYTE_PASS = 32 * 1024 * 1024

/** Code units outside ASCII whose lowercase form starts with ASCII. */
const KELVIN = 0x212a
const DOTTED_I = 0x0130

/**
 * A built automaton as plain data (JSON): scripts/bundle.mjs writes the default rule set's into
 * the engine script, and {@link KeywordAutomaton.fromTables} reads it back.
 */
export interface KeywordTables {
  /** ASCII keywords and positional words, by id. */
  keywords: string[]
  /** The positional words, by index. */
  words: string[]
  /** Per keyword id: its index among the positional words, or -1. */
  positional: number[]
  /** Per keyword id: reported in `found` (not only a positional word). */
  reported: boolean[]
  /** Keywords outside ASCII. */
  other: string[]
  /** An empty keyword was given. */
  empty: boolean
  /** Character class of each ASCII code. */
  classes: number[]
  /** Classes, the width of a row of the transition table. */
  width: number
  /** States, the rows of the transition table. */
  states: number
  /** The transition table's rows, as `deltaOf` reads them. */
  rows: number[]
  /** The first row offset with outputs. */
  firstOutput: number
  /** Keyword ids reached by each output state. */
  outputs: number[][]
}

/** The tables of an automaton for `keywords` and `positional` (see the constructor). */
function keywordTables(keywords: Iterable<string>, positional: Iterable<string>): KeywordTables {
  const wanted = new Set([...positional].map((word) => word.toLowerCase()))
  for (const word of wanted)
    if (!/^[ -~\t\n\r]+$/.test(word)) throw new Error(`positional word not ASCII: ${word}`)
  const reported = new Set<string>()
  const other: string[] = []
  let empty = false
  for (const keyword of new Set(keywords)) {
    if (keyword.length === 0) empty = true
    else if (/^[ -~\t\n\r]*$/.test(keyword)) reported.add(keyword.toLowerCase())
    else other.push(keyword)
  }
  const words = [...wanted]
  const all = [...new Set([...reported, ...wanted])]
  const classes = new Uint8Array(128)
  const width = classTable(all, classes)
  const { children, ends } = trie(all, classes)
  const table = transitionTable(children, ends, width, linkFailures(children, ends))
  return {
    keywords: all,
    words,
    positional: all.map((keyword) => words.indexOf(keyword)),
    reported: all.map((keyword) => reported.has(keyword)),
    other,
    empty,
    classes: [...classes],
    width,
    states: children.length,
    rows: table.rows,
    firstOutput: table.firstOutput,
    outputs: table.outputs,
  }
}

/** A set of lowercase keywords searched for in one pass. */
export class KeywordAutomaton {
  /** ASCII keywords and positional words, by id. */
  readonly #keywords: readonly string[]
  /** The positional words, by their index. */
  readonly #words: readonly string[]
  /** The index of each positional word. */
  readonly #wordIndex: Map<string, number>
  /** What the automaton was built from (see {@link toTables}). */
  readonly #tables: KeywordTables
  /** Character class of each ASCII code (0: no keyword holds it). */
  readonly #classes: Uint8Array
  readonly #width: number
  /** Next state's row offset, by `row + class`. */
  readonly #delta: Int32Array
  /** Rows at or past this offset have outputs (states are numbered so output states come last). */
  readonly #firstOutput: number
  /** Keyword ids reached by each output state, by `row / width - firstOutputState`. */
  readonly #outputs: readonly (readonly number[])[]
  /** Per keyword id: its index among the positional words, or -1. */
  readonly #positional: readonly number[]
  /** Per keyword id: true when it is a keyword (reported in `found`), not only a positional word. */
  readonly #reported: readonly boolean[]
  /**
   * By output state (as `#outputs`): its positional words' indices and lengths, in pairs, or
   * undefined when it has none; looked up once per hit instead of walking the state's keywords.
   */
  readonly #rowStarts: (Int32Array | undefined)[]
  /**
   * By row: 1 once the row's keywords are all found and none is positional, so that its further
   * hits need no call (`list`, `key`, `config`: a third of the byte pass's hits on argo-cd); reset
   * for each scan from `#mutedRows`.
   */
  readonly #muted: Uint8Array
  #mutedRows: number[] = []
  /** Keywords outside ASCII, matched on a lowercase copy (none of the built-in rules has one). */
  readonly #other: readonly string[]
  /** An empty keyword occurs in every text. */
  readonly #empty: boolean
  /** The WebAssembly pass, built on first use; null where WebAssembly is not available. */
  #bytes: BytePass | null | undefined
  #bytePasses = 0

  /**
   * `positional`: words (ASCII) whose every occurrence is recorded for {@link KeywordHits.starts};
   * they count as keywords only when `keywords` holds them too. `tables`: what {@link toTables}
   * gave for the same words (see {@link fromTables}); the words are not read then.
   * @throws Error for a positional word outside ASCII (a caller's mistake: it could not be folded).
   */
  constructor(
    keywords: Iterable<string>,
    positional: Iterable<string> = [],
    tables: KeywordTables = keywordTables(keywords, positional),
  ) {
    this.#tables = tables
    this.#keywords = tables.keywords
    this.#words = tables.words
    this.#wordIndex = new Map(this.#words.map((word, index) => [word, index]))
    this.#positional = tables.positional
    this.#reported = tables.reported
    this.#other = tables.other
    this.#empty = tables.empty
    this.#classes = Uint8Array.from(tables.classes)
    this.#width = tables.width
    this.#delta = deltaOf(tables.rows, tables.width, new Int32Array(tables.states * tables.width))
    this.#firstOutput = tables.firstOutput
    this.#outputs = tables.outputs
    this.#rowStarts = tables.outputs.map((ids) => {
      const pairs = ids.flatMap((id) => {
        const word = this.#positional[id] ?? -1
        return word < 0 ? [] : [word, this.#keywords[id]?.length ?? 0]
      })
      return pairs.length === 0 ? undefined : Int32Array.from(pairs)
    })
    this.#muted = new Uint8Array(this.#delta.length)
  }

  /**
   * The automaton {@link toTables} described: built without walking its words (the default rule
   * set's, made at build time, saved ~20 ms of every process's and worker's start, most of it the
   * first, unoptimised run of the building code).
   */
  static fromTables(tables: KeywordTables): KeywordAutomaton {
    return new KeywordAutomaton([], [], tables)
  }

  /** This automaton as plain data (JSON), for {@link fromTables}. */
  toTables(): KeywordTables {
    return this.#tables
  }

  /**
   * Which keywords occur in `text` (compared case-insensitively, as in `text.toLowerCase()`).
   * `utf8`: the bytes `text` was decoded from, when it decoded cleanly (valid UTF-8, nothing
   * replaced): the pass then steps over them in WebAssembly, several times faster.
   */
  scan(text: string, utf8?: Uint8Array): KeywordHits {
    const { found, starts, counts } =
      (utf8 === undefined ? undefined : this.#scanBytes(text, utf8)) ?? this.#scanText(text)
    if (this.#empty) found.add('')
    if (this.#other.length > 0) {
      const lower = text.toLowerCase()
      for (const keyword of this.#other) if (lower.includes(keyword)) found.add(keyword)
    }
    const index = this.#wordIndex
    // A word that is not positional has no list: undefined, never an empty list that would skip it.
    return {
      found,
      starts: (word) => {
        const at = index.get(word)
        if (at === undefined) return undefined
        const buffer = starts[at]
        if (buffer === undefined) return NO_STARTS
        return buffer.subarray(0, counts[at])
      },
    }
  }

  /** How many scans stepped over bytes (tests and benchmarks check that the fast pass is taken). */
  get bytePasses(): number {
    return this.#bytePasses
  }

  #newPass(): Pass {
    for (const row of this.#mutedRows) this.#muted[row] = 0
    this.#mutedRows = []
    return {
      found: new Set(),
      seen: new Uint8Array(this.#keywords.length),
      done: new Uint8Array(this.#outputs.length),
      starts: new Array<Int32Array | undefined>(this.#words.length),
      counts: new Int32Array(this.#words.length),
    }
  }

  /**
   * The pass over `utf8`, when it gives what the pass over `text` gives (else undefined): the
   * characters outside ASCII that fold onto ASCII letters are left to the text loop, and a byte
   * order mark the decoder dropped, or any other difference, shows as a count of code units other
   * than the text's length.
   */
  #scanBytes(text: string, utf8: Uint8Array): Pass | undefined {
    if (utf8.length > MAX_BYTE_PASS) return undefined
    if (utf8.length !== text.length && (text.includes('\u212a') || text.includes('\u0130'))) return undefined
    // Built once: null (no WebAssembly here) is not retried.
    if (this.#bytes === undefined)
      this.#bytes =
        bytePass(
          this.#classes,
          this.#delta.length,
          (into, scale) => deltaOf(this.#tables.rows, this.#tables.width, into, scale),
          this.#firstOutput,
          Math.max(1, ...this.#keywords.map((word) => word.length)),
        ) ?? null
    if (this.#bytes === null) return undefined
    const pass = this.#newPass()
    const width = this.#width
    const units = this.#bytes.run(utf8, (at, row) => this.#collect(row, width, at, pass), this.#muted)
    if (units !== text.length) return undefined
    this.#bytePasses++
    return pass
  }

  #scanText(text: string): Pass {
    const pass = this.#newPass()
    const classes = this.#classes
    const delta = this.#delta
    const firstOutput = this.#firstOutput
    const width = this.#width
    const kelvin = classes[107] ?? 0
    const dottedI = classes[105] ?? 0
    let row = 0
    for (let i = 0, n = text.length; i < n; i++) {
      const code = text.charCodeAt(i)
      if (code < 128) row = delta[row + (classes[code] ?? 0)] ?? 0
      else if (code === KELVIN) row = delta[row + kelvin] ?? 0
      else if (code === DOTTED_I) {
        // Lowercases to `i` plus a combining dot: step on `i`, then on a character no keyword holds.
        row = delta[row + dottedI] ?? 0
        if (row >= firstOutput) this.#collect(row, width, i, pass)
        row = delta[row] ?? 0
      } else row = delta[row] ?? 0
      if (row >= firstOutput) this.#collect(row, width, i, pass)
    }
    return pass
  }

  /**
   * Outputs of the state at `row`, reached at offset `at`: positional words' starts, and new
   * keywords the first time the state is reached in the text (a crafted line reaches one every few
   * characters: walking its keywords at each was half of a dense token rule's scan).
   */
  #collect(row: number, width: number, at: number, pass: Pass): void {
    const state = (row - this.#firstOutput) / width
    const words = this.#rowStarts[state]
    if (words !== undefined) {
      const { starts, counts } = pass
      // Output lists are in no order of length: hits of one word arrive in text order all the same.
      for (let k = 0; k < words.length; k += 2) {
        const word = words[k] ?? 0
        const count = counts[word] ?? 0
        let list = starts[word]
        if (list === undefined || count === list.length) {
          const grown = new Int32Array(Math.max(64, 2 * count))
          if (list !== undefined) grown.set(list)
          list = starts[word] = grown
        }
        list[count] = at + 1 - (words[k + 1] ?? 0)
        counts[word] = count + 1
      }
    }
    if (pass.done[state] === 1) return
    pass.done[state] = 1
    for (const id of this.#outputs[state] ?? []) {
      if (pass.seen[id] === 1) continue
      pass.seen[id] = 1
      if (this.#reported[id] === true) pass.found.add(this.#keywords[id] ?? '')
    }
    // Every keyword of the row is seen now: unless it records starts, its next hits change nothing.
    if (words === undefined && this.#muted[row] === 0) {
      this.#muted[row] = 1
      this.#mutedRows.push(row)
    }
  }
}

/**
 * Fills `classes` (one per character the words hold, upper-case ASCII folded onto lower-case;
 * 0 for every other character) and returns how many classes there are.
 */
function classTable(words: readonly string[], classes: Uint8Array): number {
  let count = 1
  for (const word of words) {
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i)
      if (classes[code] === 0) classes[code] = count++
    }
  }
  for (let code = 65; code <= 90; code++) classes[code] = classes[code + 32] ?? 0
  return count
}

/** The trie of `words`: each state's children as `[class, state]` pairs in class order, and the word ids ending there. */
function trie(words: readonly string[], classes: Uint8Array): { children: number[][][]; ends: number[][] } {
  const children: number[][][] = [[]]
  const ends: number[][] = [[]]
  words.forEach((word, id) => {
    let state = 0
    for (let i = 0; i < word.length; i++) {
      const cls = classes[word.charCodeAt(i)] ?? 0
      const list = children[state] as number[][]
      let next = list.find((child) => child[0] === cls)?.[1]
      if (next === undefined) {
        next = children.length
        children.push([])
        ends.push([])
        list.push([cls, next])
      }
      state = next
    }
    ends[state]?.push(id)
  })
  for (const list of children) list.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))
  return { children, ends }
}

/**
 * Breadth-first over the trie: each state's failure state (the longest proper suffix of its path
 * that is a trie path, found along its parent's failure chain) and its outputs merged with its
 * failure state's. Returns the states in breadth-first order and their failure states.
 */
function linkFailures(children: number[][][], ends: number[][]): { order: number[]; fail: Int32Array } {
  const fail = new Int32Array(children.length)
  const order = [0]
  const childOf = (state: number, cls: number): number | undefined =>
    children[state]?.find((child) => child[0] === cls)?.[1]
  for (let head = 0; head < order.length; head++) {
    const state = order[head] ?? 0
    if (state !== 0) ends[state]?.push(...(ends[fail[state] ?? 0] ?? []))
    for (const [cls = 0, next = 0] of children[state] ?? []) {
      order.push(next)
      if (state === 0) continue
      let link = fail[state] ?? 0
      let target = childOf(link, cls)
      while (target === undefined && link !== 0) {
        link = fail[link] ?? 0
        target = childOf(link, cls)
      }
      fail[next] = target ?? 0
    }
  }
  return { order, fail }
}

/**
 * The full transition table, states numbered so those without output come first ("has output" is
 * then one comparison in the hot loop), as the rows {@link deltaOf} reads: breadth first, each
 * state's row offset, its failure state's (whose row is complete by then; the root's is its own),
 * how many children it has, and each child's class and row offset.
 */
function transitionTable(
  children: readonly number[][][],
  ends: readonly number[][],
  width: number,
  { order, fail }: { order: readonly number[]; fail: Int32Array },
): { rows: number[]; firstOutput: number; outputs: number[][] } {
  const count = children.length
  const number = new Int32Array(count)
  const outputs: number[][] = []
  let quiet = 0
  for (let state = 0; state < count; state++) if ((ends[state]?.length ?? 0) === 0) number[state] = quiet++
  let loud = quiet
  for (let state = 0; state < count; state++) {
    if ((ends[state]?.length ?? 0) === 0) continue
    number[state] = loud++
    outputs.push(ends[state] ?? [])
  }
  const rows: number[] = []
  for (const state of order) {
    const list = children[state] ?? []
    rows.push((number[state] ?? 0) * width, (number[fail[state] ?? 0] ?? 0) * width, list.length)
    for (const [cls = 0, next = 0] of list) rows.push(cls, (number[next] ?? 0) * width)
  }
  return { rows, firstOutput: quiet * width, outputs }
}

/**
 * The transition table as one array of row offsets, `states` rows of `width`, written into `into`
 * (zeroed, `states * width` long) from its `rows`, each offset times `scale`: a state's row is its
 * failure state's row (copied natively) with its own children written over it, a few writes per
 * state instead of one per class. The root comes first, its own failure state: its row starts as
 * all zeros, back to itself.
 */
function deltaOf(rows: readonly number[], width: number, into: Int32Array, scale = 1): Int32Array {
  for (let i = 0; i < rows.length;) {
    const base = rows[i] ?? 0
    const from = rows[i + 1] ?? 0
    const children = rows[i + 2] ?? 0
    i += 3
    into.copyWithin(base, from, from + width)
    for (let k = 0; k < children; k++, i += 2) into[base + (rows[i] ?? 0)] = (rows[i + 1] ?? 0) * scale
  }
  return into
}
