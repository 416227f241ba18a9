/**
 * The keyword automaton's pass over a file's UTF-8 bytes in WebAssembly: the same transition
 * table the JavaScript loop steps, about three times faster (the JavaScript loop is bound by its
 * per-character checks, ~120–250 MB/s on these machines; this one by the table lookups). Each byte
 * of a multi-byte character steps on class 0, as the JavaScript loop does once per non-ASCII code
 * unit (a class-0 step always leads to the root, so one step or four are the same). From 4 KiB on
 * a text is stepped as two streams, its halves: each step waits for the table load of the step
 * before it, so the two overlap (the pass over argo-cd's files: 140 -> 115 ms of CPU). The loops
 * write byte offsets; in a text outside ASCII, a hit's byte offset becomes a UTF-16 offset, as
 * string indices are, by counting the code units up to it from the hit before (one per byte that
 * starts a character, two for a 4-byte sequence; argo-cd's non-ASCII files, a quarter of its bytes,
 * were stepped by a loop counting units at every byte, at a third of the speed). The caller checks
 * that the count equals the text's length.
 *
 * The module, from this text (wat2wasm):
 *
 *   (module
 *     (memory (export "memory") 1)
 *     (global $at (export "at") (mut i32) (i32.const 0))
 *     (global $row (export "row") (mut i32) (i32.const 0))
 *     (global $at2 (export "at2") (mut i32) (i32.const 0))
 *     (global $row2 (export "row2") (mut i32) (i32.const 0))
 *     (global $hits2 (export "hits2") (mut i32) (i32.const 0))
 *     ;; Steps from byte $at to $end; writes (byte address, row) at $hits for each output row (the
 *     ;; caller subtracts where the text starts), stopping once $hits reaches $limit.
 *     (func (export "single") (param $end i32) (param $first i32) (param $hits i32) (param $limit i32)
 *       (result i32)
 *       (local $p i32) (local $r i32)
 *       (local.set $p (global.get $at))
 *       (local.set $r (global.get $row))
 *       (block $done
 *         (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
 *         (loop $next
 *           (local.set $r (i32.load offset=512 (i32.add (local.get $r)
 *             (i32.load16_u (i32.shl (i32.load8_u (local.get $p)) (i32.const 1))))))
 *           (if (i32.ge_u (local.get $r) (local.get $first))
 *             (then
 *               (i32.store (local.get $hits) (local.get $p))
 *               (i32.store offset=4 (local.get $hits) (local.get $r))
 *               (local.set $hits (i32.add (local.get $hits) (i32.const 8)))
 *               (if (i32.ge_u (local.get $hits) (local.get $limit))
 *                 (then
 *                   (local.set $p (i32.add (local.get $p) (i32.const 1)))
 *                   (br $done)))))
 *           (local.set $p (i32.add (local.get $p) (i32.const 1)))
 *           (br_if $next (i32.lt_u (local.get $p) (local.get $end)))))
 *       (global.set $at (local.get $p))
 *       (global.set $row (local.get $r))
 *       (local.get $hits))
 *     ;; Two streams of the text stepped in turn, from $at to $end and from $at2 on, so that
 *     ;; the processor overlaps their table lookups (each step waits for the one before it in
 *     ;; its own stream). The second writes its hits from $hits2 up to $limit2. Stops at $end
 *     ;; or once either hit area is full.
 *     (func (export "pair") (param $end i32) (param $first i32) (param $hits i32) (param $limit i32)
 *       (param $limit2 i32) (result i32)
 *       (local $p i32) (local $r i32) (local $q i32) (local $s i32) (local $h i32) (local $stop i32)
 *       (local.set $p (global.get $at))
 *       (local.set $r (global.get $row))
 *       (local.set $q (global.get $at2))
 *       (local.set $s (global.get $row2))
 *       (local.set $h (global.get $hits2))
 *       (local.set $stop (local.get $end))
 *       (block $done
 *         (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
 *         (loop $next
 *           (local.set $r (i32.load offset=512 (i32.add (local.get $r)
 *             (i32.load16_u (i32.shl (i32.load8_u (local.get $p)) (i32.const 1))))))
 *           (local.set $s (i32.load offset=512 (i32.add (local.get $s)
 *             (i32.load16_u (i32.shl (i32.load8_u (local.get $q)) (i32.const 1))))))
 *           (if (i32.ge_u (local.get $r) (local.get $first))
 *             (then
 *               (i32.store (local.get $hits) (local.get $p))
 *               (i32.store offset=4 (local.get $hits) (local.get $r))
 *               (local.set $hits (i32.add (local.get $hits) (i32.const 8)))
 *               (if (i32.ge_u (local.get $hits) (local.get $limit))
 *                 (then (local.set $stop (i32.const 0))))))
 *           (if (i32.ge_u (local.get $s) (local.get $first))
 *             (then
 *               (i32.store (local.get $h) (local.get $q))
 *               (i32.store offset=4 (local.get $h) (local.get $s))
 *               (local.set $h (i32.add (local.get $h) (i32.const 8)))
 *               (if (i32.ge_u (local.get $h) (local.get $limit2))
 *                 (then (local.set $stop (i32.const 0))))))
 *           (local.set $p (i32.add (local.get $p) (i32.const 1)))
 *           (local.set $q (i32.add (local.get $q) (i32.const 1)))
 *           (br_if $next (i32.lt_u (local.get $p) (local.get $stop)))))
 *       (global.set $at (local.get $p))
 *       (global.set $row (local.get $r))
 *       (global.set $at2 (local.get $q))
 *       (global.set $row2 (local.get $s))
 *       (global.set $hits2 (local.get $h))
 *       (local.get $hits))
 *     ;; The UTF-16 code units of the UTF-8 bytes from $p to $end: one per byte that starts a
 *     ;; character (not 10xxxxxx), one more for a 4-byte sequence's first (11110xxx). Eight bytes
 *     ;; at a time: bit 7 of each byte, masked, says what the byte is (with bit 6, and bits 6-4,
 *     ;; shifted onto it), counted by popcnt; the rest byte by byte.
 *     (func (export "units") (param $p i32) (param $end i32) (result i32)
 *       (local $u i64) (local $w i64) (local $b i32)
 *       (block $words
 *         (loop $word
 *           (br_if $words (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
 *           (local.set $w (i64.load (local.get $p)))
 *           (local.set $u (i64.add (local.get $u) (i64.sub
 *             (i64.add (i64.const 8) (i64.popcnt (i64.and (i64.const 0x8080808080808080)
 *               (i64.and (i64.and (local.get $w) (i64.shl (local.get $w) (i64.const 1)))
 *                        (i64.and (i64.shl (local.get $w) (i64.const 2))
 *                                 (i64.shl (local.get $w) (i64.const 3)))))))
 *             (i64.popcnt (i64.and (i64.const 0x8080808080808080)
 *               (i64.and (local.get $w)
 *                        (i64.xor (i64.shl (local.get $w) (i64.const 1)) (i64.const -1))))))))
 *           (local.set $p (i32.add (local.get $p) (i32.const 8)))
 *           (br $word)))
 *       (block $done
 *         (loop $byte
 *           (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
 *           (local.set $b (i32.load8_u (local.get $p)))
 *           (local.set $u (i64.add (local.get $u) (i64.extend_i32_u
 *             (i32.add (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80))
 *                      (i32.ge_u (local.get $b) (i32.const 0xf0))))))
 *           (local.set $p (i32.add (local.get $p) (i32.const 1)))
 *           (br $byte)))
 *       (i32.wrap_i64 (local.get $u))))
 */

import { isAscii } from 'node:buffer'

const MODULE =
  'AGFzbQEAAAABGANgBH9/f38Bf2AFf39/f38Bf2ACf38BfwMEAwABAgUDAQABBhoFfwFBAAt/AUEAC38BQQALfwFBAAt/AUEACwdCCQZtZW1vcnkCAAJhdAMAA3JvdwMBA2F0MgMCBHJvdzIDAwVoaXRzMgMEBnNpbmdsZQAABHBhaXIAAQV1bml0cwACCuYDA3MBAn8jACEEIwEhBQJAIAQgAE8NAANAIAUgBC0AAEEBdC8BAGooAoAEIQUgBSABTwRAIAIgBDYCACACIAU2AgQgAkEIaiECIAIgA08EQCAEQQFqIQQMAwsLIARBAWohBCAEIABJDQALCyAEJAAgBSQBIAILzgEBBn8jACEFIwEhBiMCIQcjAyEIIwQhCSAAIQoCQCAFIABPDQADQCAGIAUtAABBAXQvAQBqKAKABCEGIAggBy0AAEEBdC8BAGooAoAEIQggBiABTwRAIAIgBTYCACACIAY2AgQgAkEIaiECIAIgA08EQEEAIQoLCyAIIAFPBEAgCSAHNgIAIAkgCDYCBCAJQQhqIQkgCSAETwRAQQAhCgsLIAVBAWohBSAHQQFqIQcgBSAKSQ0ACwsgBSQAIAYkASAHJAIgCCQDIAkkBCACC58BAgJ+AX8CQANAIABBCGogAUsNASAAKQMAIQMgAkIIQoCBgoSIkKDAgH8gAyADQgGGgyADQgKGIANCA4aDg4N7fEKAgYKEiJCgwIB/IAMgA0IBhkJ/hYODe318IQIgAEEIaiEADAALCwJAA0AgACABTw0BIAAtAAAhBCACIARBwAFxQYABRyAEQfABT2qtfCECIABBAWohAAwACwsgAqcL'

/** A loop of the module: steps to `end`, writing hits from `hits` up to `limit`; returns where they end. */
type Step = (end: number, first: number, hits: number, limit: number) => number

/** The module's exports (typed here: the project's libraries declare no WebAssembly types). */
interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }
  at: { value: number }
  row: { value: number }
  at2: { value: number }
  row2: { value: number }
  hits2: { value: number }
  single: Step
  pair: (end: number, first: number, hits: number, limit: number, limit2: number) => number
  units: (from: number, end: number) => number
}

/** The part of the WebAssembly API used here; absent under `--jitless`. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}

/** Where the transition table starts in the module's memory (the class table is before it). */
const TABLE = 512
/** Hits written per call before the loop returns them: bounded memory however dense the hits. */
const HITS = 4096
const PAGE = 65536
/** Texts from this size are stepped as two streams (`pair`): 1.5-2x faster than one. */
const PAIRED = 4096

/** A pass over bytes with one automaton's tables. */
export interface BytePass {
  /**
   * Steps over `bytes` (valid UTF-8) from the root; calls `hit` with the UTF-16 offset of each
   * character that leads to an output row, and that row, unless `muted[row]` is 1 (set as the
   * pass goes: a row whose keywords are all known to occur needs no more calls). Returns the number
   * of UTF-16 code units. Outside ASCII the units are counted up to each hit only.
   */
  run(bytes: Uint8Array, hit: (at: number, row: number) => void, muted?: Uint8Array): number
}

/**
 * The module with the automaton's tables (`classes` of the 128 ASCII codes; `rows` row offsets,
 * written by `writeRows` into the view it is given, multiplied by `scale`) in its memory, grown to
 * hold them and the two hit areas before the text; undefined where WebAssembly is not available
 * (`--jitless`).
 */
function loadTables(classes: Uint8Array, rows: number, writeRows: WriteRows): Exports | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly
  if (api === undefined) return undefined
  let exports: Exports
  try {
    exports = new api.Instance(new api.Module(Buffer.from(MODULE, 'base64')), {}).exports as Exports
  } catch {
    return undefined
  }
  const { memory } = exports
  memory.grow(Math.ceil((TABLE + rows * 4 + 2 * HITS * 8) / PAGE))
  const table = new Uint16Array(memory.buffer, 0, 256)
  for (let code = 0; code < 128; code++) table[code] = (classes[code] ?? 0) * 4
  // Written in place, as byte offsets: a loop over the table's 125,000 entries, run once and cold,
  // cost ~30 M instructions of every process that scanned a file.
  writeRows(new Int32Array(memory.buffer, TABLE, rows), 4)
  return exports
}

/**
 * Writes the transition table's row offsets into `into` (zeroed), each multiplied by `scale`
 * (the module reads byte offsets).
 */
export type WriteRows = (into: Int32Array, scale: number) => void

/** Where a hit goes: the offset of the character that led to an output row, and that row. */
type Hit = (at: number, row: number) => void

/** The byte pass over one loaded module (see {@link bytePass}). */
class WasmBytePass implements BytePass {
  readonly #exports: Exports
  /** Where the two hit areas and the text start in the module's memory. */
  readonly #hits: number
  readonly #hits2: number
  readonly #text: number
  /** The first output row, as the module's byte offsets count rows. */
  readonly #first: number
  readonly #longest: number
  /** The rows whose hits are not handed on, during one run. */
  #muted: Uint8Array | undefined

  constructor(exports: Exports, rows: number, firstOutput: number, longest: number) {
    this.#exports = exports
    this.#hits = TABLE + rows * 4
    this.#hits2 = this.#hits + HITS * 8
    this.#text = this.#hits2 + HITS * 8
    this.#first = firstOutput * 4
    this.#longest = longest
  }

  run(bytes: Uint8Array, hit: Hit, muted?: Uint8Array): number {
    const exports = this.#exports
    const text = this.#text
    const end = text + bytes.length
    const { memory } = exports
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE))
    new Uint8Array(memory.buffer, text, bytes.length).set(bytes)
    this.#muted = muted
    exports.at.value = text
    exports.row.value = 0
    // The loops write byte addresses: offsets once the text's start is taken off, and outside
    // ASCII, UTF-16 offsets once the units from the hit before are counted (hits come in order).
    const ascii = isAscii(bytes)
    let units = 0
    let counted = text
    const step: Hit = ascii
      ? hit
      : (at, row) => {
          units += exports.units(counted, text + at)
          counted = text + at
          hit(units, row)
        }
    if (bytes.length >= Math.max(PAIRED, 4 * this.#longest)) this.#paired(bytes.length, step)
    const hits = this.#hits
    while (exports.at.value < end)
      this.#emit(hits, exports.single(end, this.#first, hits, hits + HITS * 8), step)
    return ascii ? bytes.length : units + exports.units(counted, end)
  }

  /** Hands the hits written in [from, to) to `hit`, each address less the text's start, but for muted rows. */
  #emit(from: number, to: number, hit: Hit): void {
    const found = new Int32Array(this.#exports.memory.buffer, from, (to - from) / 4)
    const muted = this.#muted
    for (let i = 0; i < found.length; i += 2) {
      const row = (found[i + 1] ?? 0) / 4
      if (muted?.[row] !== 1) hit((found[i] ?? 0) - this.#text, row)
    }
  }

  /**
   * The first half of a text stepped together with the second: the second stream starts
   * `longest - 1` bytes before the middle, so from the middle on it is in the state one pass would
   * be in (no word is longer); its hits before the middle are the first stream's again and are
   * dropped, the others handed on after the first half's. Leaves `at` and `row` where it stopped.
   */
  #paired(length: number, hit: Hit): void {
    const exports = this.#exports
    const [hits, hits2, text] = [this.#hits, this.#hits2, this.#text]
    const middle = text + (length >> 1)
    exports.at2.value = middle - (this.#longest - 1)
    exports.row2.value = 0
    const later: number[] = []
    const keep: Hit = (at, row) => {
      if (at >= middle - text) later.push(at, row)
    }
    while (exports.at.value < middle) {
      exports.hits2.value = hits2
      this.#emit(hits, exports.pair(middle, this.#first, hits, hits + HITS * 8, hits2 + HITS * 8), hit)
      this.#emit(hits2, exports.hits2.value, keep)
    }
    for (let i = 0; i < later.length; i += 2) hit(later[i] ?? 0, later[i + 1] ?? 0)
    exports.at.value = exports.at2.value
    exports.row.value = exports.row2.value
  }
}

/**
 * A byte pass for the automaton with these tables (see {@link loadTables}; `rows` entries in its
 * transition table, output rows from `firstOutput`, `longest`: the length of its longest word), or
 * undefined where WebAssembly is not available: the JavaScript loop then does the work.
 */
export function bytePass(
  classes: Uint8Array,
  rows: number,
  writeRows: WriteRows,
  firstOutput: number,
  longest: number,
): BytePass | undefined {
  const exports = loadTables(classes, rows, writeRows)
  return exports === undefined ? undefined : new WasmBytePass(exports, rows, firstOutput, longest)
}
