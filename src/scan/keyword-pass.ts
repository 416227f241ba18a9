/**
 * The keyword automaton's pass over a file's UTF-8 bytes in WebAssembly: the same transition
 * table the JavaScript loop steps, about three times faster (the JavaScript loop is bound by its
 * per-character checks, ~120–250 MB/s on these machines; this one by the table lookups). Each byte
 * of a multi-byte character steps on class 0, as the JavaScript loop does once per non-ASCII code
 * unit (a class-0 step always leads to the root, so one step or four are the same). Offsets are
 * counted in UTF-16 code units, as string indices are: one per byte that starts a character, two
 * for a 4-byte sequence. The caller checks that the count equals the text's length. ASCII text
 * (most files) takes loops that count nothing, and from 4 KiB on it is stepped as two streams, its
 * halves: each step waits for the table load of the step before it, so the two overlap (the pass
 * over argo-cd's files: 140 -> 115 ms of CPU; the per-byte work of counting units cost nothing).
 *
 * The module, from this text (wat2wasm):
 *
 *   (module
 *     (memory (export "memory") 1)
 *     (global $at (export "at") (mut i32) (i32.const 0))
 *     (global $row (export "row") (mut i32) (i32.const 0))
 *     (global $unit (export "unit") (mut i32) (i32.const 0))
 *     (global $at2 (export "at2") (mut i32) (i32.const 0))
 *     (global $row2 (export "row2") (mut i32) (i32.const 0))
 *     (global $hits2 (export "hits2") (mut i32) (i32.const 0))
 *     ;; Steps from byte $at to $end; writes (unit, row) at $hits for each output row, stopping
 *     ;; once $hits reaches $limit; returns the end of what it wrote.
 *     (func (export "scan") (param $end i32) (param $first i32) (param $hits i32) (param $limit i32)
 *       (result i32)
 *       (local $p i32) (local $r i32) (local $u i32) (local $b i32)
 *       (local.set $p (global.get $at))
 *       (local.set $r (global.get $row))
 *       (local.set $u (global.get $unit))
 *       (block $done
 *         (loop $next
 *           (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
 *           (local.set $b (i32.load8_u (local.get $p)))
 *           ;; classes: u16 at 2 × byte (already × 4); rows: i32 from 512, as byte offsets
 *           (local.set $r (i32.load offset=512 (i32.add (local.get $r)
 *             (i32.load16_u (i32.shl (local.get $b) (i32.const 1))))))
 *           (if (i32.ge_u (local.get $r) (local.get $first))
 *             (then
 *               (i32.store (local.get $hits) (local.get $u))
 *               (i32.store offset=4 (local.get $hits) (local.get $r))
 *               (local.set $hits (i32.add (local.get $hits) (i32.const 8)))))
 *           (local.set $u (i32.add (local.get $u)
 *             (i32.add (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80))
 *                      (i32.ge_u (local.get $b) (i32.const 0xf0)))))
 *           (local.set $p (i32.add (local.get $p) (i32.const 1)))
 *           (br_if $done (i32.ge_u (local.get $hits) (local.get $limit)))
 *           (br $next)))
 *       (global.set $at (local.get $p))
 *       (global.set $row (local.get $r))
 *       (global.set $unit (local.get $u))
 *       (local.get $hits))
 *     ;; The same steps over ASCII text (a code unit per byte, none counted): writes each hit's
 *     ;; byte address (the caller subtracts where the text starts) and checks the limit only then.
 *     (func (export "ascii") (param $end i32) (param $first i32) (param $hits i32) (param $limit i32)
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
 *     ;; Two streams of ASCII text stepped in turn, from $at to $end and from $at2 on, so that
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
 *       (local.get $hits)))
 */

import { isAscii } from 'node:buffer'

const MODULE =
  'AGFzbQEAAAABEgJgBH9/f38Bf2AFf39/f38BfwMEAwAAAQUDAQABBh8GfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALB0cKBm1lbW9yeQIAAmF0AwADcm93AwEEdW5pdAMCA2F0MgMDBHJvdzIDBAVoaXRzMgMFBHNjYW4AAAVhc2NpaQABBHBhaXIAAgrNAwOGAQEEfyMAIQQjASEFIwIhBgJAA0AgBCAATw0BIAQtAAAhByAFIAdBAXQvAQBqKAKABCEFIAUgAU8EQCACIAY2AgAgAiAFNgIEIAJBCGohAgsgBiAHQcABcUGAAUcgB0HwAU9qaiEGIARBAWohBCACIANPDQEMAAsLIAQkACAFJAEgBiQCIAILcwECfyMAIQQjASEFAkAgBCAATw0AA0AgBSAELQAAQQF0LwEAaigCgAQhBSAFIAFPBEAgAiAENgIAIAIgBTYCBCACQQhqIQIgAiADTwRAIARBAWohBAwDCwsgBEEBaiEEIAQgAEkNAAsLIAQkACAFJAEgAgvOAQEGfyMAIQUjASEGIwMhByMEIQgjBSEJIAAhCgJAIAUgAE8NAANAIAYgBS0AAEEBdC8BAGooAoAEIQYgCCAHLQAAQQF0LwEAaigCgAQhCCAGIAFPBEAgAiAFNgIAIAIgBjYCBCACQQhqIQIgAiADTwRAQQAhCgsLIAggAU8EQCAJIAc2AgAgCSAINgIEIAlBCGohCSAJIARPBEBBACEKCwsgBUEBaiEFIAdBAWohByAFIApJDQALCyAFJAAgBiQBIAckAyAIJAQgCSQFIAIL'

/** A loop of the module: steps to `end`, writing hits from `hits` up to `limit`; returns where they end. */
type Step = (end: number, first: number, hits: number, limit: number) => number

/** The module's exports (typed here: the project's libraries declare no WebAssembly types). */
interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }
  at: { value: number }
  row: { value: number }
  unit: { value: number }
  at2: { value: number }
  row2: { value: number }
  hits2: { value: number }
  scan: Step
  ascii: Step
  pair: (end: number, first: number, hits: number, limit: number, limit2: number) => number
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
/** ASCII texts from this size are stepped as two streams (`pair`): 1.5-2x faster than one. */
const PAIRED = 4096

/** A pass over bytes with one automaton's tables. */
export interface BytePass {
  /**
   * Steps over `bytes` (valid UTF-8) from the root; calls `hit` with the UTF-16 offset of each
   * character that leads to an output row, and that row. Returns the number of UTF-16 code units.
   * Bytes all ASCII (most files) take loops that count no units.
   */
  run(bytes: Uint8Array, hit: (at: number, row: number) => void): number
}

/**
 * A byte pass for the automaton with these tables (`classes` of the 128 ASCII codes, `delta` of
 * row offsets, output rows from `firstOutput`, `longest`: the length of its longest word), or
 * undefined where WebAssembly is not available (`--jitless`): the JavaScript loop then does the work.
 */
export function bytePass(
  classes: Uint8Array,
  delta: Int32Array,
  firstOutput: number,
  longest: number,
): BytePass | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly
  if (api === undefined) return undefined
  let exports: Exports
  try {
    exports = new api.Instance(new api.Module(Buffer.from(MODULE, 'base64')), {}).exports as Exports
  } catch {
    return undefined
  }
  const { memory } = exports
  const hits = TABLE + delta.length * 4
  const hits2 = hits + HITS * 8
  const text = hits2 + HITS * 8
  const first = firstOutput * 4
  memory.grow(Math.ceil(text / PAGE))
  const table = new Uint16Array(memory.buffer, 0, 256)
  for (let code = 0; code < 128; code++) table[code] = (classes[code] ?? 0) * 4
  const rows = new Int32Array(memory.buffer, TABLE, delta.length)
  for (let i = 0; i < delta.length; i++) rows[i] = (delta[i] ?? 0) * 4

  /** Hands the hits written in [from, to) to `hit`, each offset less `base`. */
  const emit = (from: number, to: number, base: number, hit: (at: number, row: number) => void): void => {
    const found = new Int32Array(memory.buffer, from, (to - from) / 4)
    for (let i = 0; i < found.length; i += 2) hit((found[i] ?? 0) - base, (found[i + 1] ?? 0) / 4)
  }
  /** Steps with `step` from `at` to `end`. */
  const drain = (step: Step, end: number, base: number, hit: (at: number, row: number) => void): void => {
    while (exports.at.value < end) emit(hits, step(end, first, hits, hits + HITS * 8), base, hit)
  }
  /**
   * The first half of an ASCII text stepped together with the second: the second stream starts
   * `longest - 1` bytes before the middle, so from the middle on it is in the state one pass would
   * be in (no word is longer); its hits before the middle are the first stream's again and are
   * dropped, the others handed on after the first half's. Leaves `at` and `row` where it stopped.
   */
  const paired = (length: number, hit: (at: number, row: number) => void): void => {
    const middle = text + (length >> 1)
    exports.at2.value = middle - (longest - 1)
    exports.row2.value = 0
    const later: number[] = []
    const keep = (at: number, row: number): void => {
      if (at >= middle - text) later.push(at, row)
    }
    while (exports.at.value < middle) {
      exports.hits2.value = hits2
      emit(hits, exports.pair(middle, first, hits, hits + HITS * 8, hits2 + HITS * 8), text, hit)
      emit(hits2, exports.hits2.value, text, keep)
    }
    for (let i = 0; i < later.length; i += 2) hit(later[i] ?? 0, later[i + 1] ?? 0)
    exports.at.value = exports.at2.value
    exports.row.value = exports.row2.value
  }

  return {
    run(bytes, hit) {
      const end = text + bytes.length
      if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE))
      new Uint8Array(memory.buffer, text, bytes.length).set(bytes)
      exports.at.value = text
      exports.row.value = 0
      exports.unit.value = 0
      if (!isAscii(bytes)) {
        drain(exports.scan, end, 0, hit)
        return exports.unit.value
      }
      // The ASCII loops write byte addresses: offsets once the text's start is taken off.
      if (bytes.length >= Math.max(PAIRED, 4 * longest)) paired(bytes.length, hit)
      drain(exports.ascii, end, text, hit)
      return bytes.length
    },
  }
}
