/**
 * The keyword automaton's pass over a file's UTF-8 bytes in WebAssembly: the same transition
 * table the JavaScript loop steps, about three times faster (the JavaScript loop is bound by its
 * per-character checks, ~120–250 MB/s on these machines; this one by the table lookups). Each byte
 * of a multi-byte character steps on class 0, as the JavaScript loop does once per non-ASCII code
 * unit (a class-0 step always leads to the root, so one step or four are the same). Offsets are
 * counted in UTF-16 code units, as string indices are: one per byte that starts a character, two
 * for a 4-byte sequence. The caller checks that the count equals the text's length.
 *
 * The module, from this text (wat2wasm):
 *
 *   (module
 *     (memory (export "memory") 1)
 *     (global $at (export "at") (mut i32) (i32.const 0))
 *     (global $row (export "row") (mut i32) (i32.const 0))
 *     (global $unit (export "unit") (mut i32) (i32.const 0))
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
 *       (local.get $hits)))
 */

const MODULE =
  'AGFzbQEAAAABCQFgBH9/f38BfwMCAQAFAwEAAQYQA38BQQALfwFBAAt/AUEACwcjBQZtZW1vcnkCAAJhdAMAA3JvdwMBBHVuaXQDAgRzY2FuAAAKiQEBhgEBBH8jACEEIwEhBSMCIQYCQANAIAQgAE8NASAELQAAIQcgBSAHQQF0LwEAaigCgAQhBSAFIAFPBEAgAiAGNgIAIAIgBTYCBCACQQhqIQILIAYgB0HAAXFBgAFHIAdB8AFPamohBiAEQQFqIQQgAiADTw0BDAALCyAEJAAgBSQBIAYkAiACCw=='

/** The module's exports (typed here: the project's libraries declare no WebAssembly types). */
interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }
  at: { value: number }
  row: { value: number }
  unit: { value: number }
  scan(end: number, first: number, hits: number, limit: number): number
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

/** A pass over bytes with one automaton's tables. */
export interface BytePass {
  /**
   * Steps over `bytes` (valid UTF-8) from the root; calls `hit` with the UTF-16 offset of each
   * character that leads to an output row, and that row. Returns the number of UTF-16 code units.
   */
  run(bytes: Uint8Array, hit: (at: number, row: number) => void): number
}

/**
 * A byte pass for the automaton with these tables (`classes` of the 128 ASCII codes, `delta` of
 * row offsets, output rows from `firstOutput`), or undefined where WebAssembly is not available
 * (`--jitless`): the JavaScript loop then does the work.
 */
export function bytePass(classes: Uint8Array, delta: Int32Array, firstOutput: number): BytePass | undefined {
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
  const text = hits + HITS * 8
  memory.grow(Math.ceil(text / PAGE))
  const table = new Uint16Array(memory.buffer, 0, 256)
  for (let code = 0; code < 128; code++) table[code] = (classes[code] ?? 0) * 4
  const rows = new Int32Array(memory.buffer, TABLE, delta.length)
  for (let i = 0; i < delta.length; i++) rows[i] = (delta[i] ?? 0) * 4
  return {
    run(bytes, hit) {
      const end = text + bytes.length
      if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE))
      new Uint8Array(memory.buffer, text, bytes.length).set(bytes)
      exports.at.value = text
      exports.row.value = 0
      exports.unit.value = 0
      while (exports.at.value < end) {
        const stop = exports.scan(end, firstOutput * 4, hits, hits + HITS * 8)
        const found = new Int32Array(memory.buffer, hits, (stop - hits) / 4)
        for (let i = 0; i < found.length; i += 2) hit(found[i] ?? 0, (found[i + 1] ?? 0) / 4)
      }
      return exports.unit.value
    },
  }
}
