/**
 * Cheap binary detection: a NUL byte early in content that is not otherwise text (git's test,
 * hardened against planted NUL bytes); and the printable text of a binary file, where the scanner
 * still looks for high-confidence secrets. Known formats are told by their magic numbers
 * (binary-formats.ts).
 */

/**
 * True when a NUL byte stands in the first `length` bytes of `content`: a native search (a typed
 * array's `includes` steps in JavaScript, ~5 µs per 8000 bytes, twice for every file read).
 */
export function holdsNul(content: Uint8Array, length: number): boolean {
  return Buffer.from(content.buffer, content.byteOffset, Math.min(length, content.length)).indexOf(0) >= 0
}

/** Bytes inspected for a NUL to call a file binary (git looks at the first 8000 too). */
const SNIFF = 8000

// Byte strings that make a file with NUL bytes worth scanning as text anyway: a Kubernetes Secret,
// which only the analysers (on text) read. Key blocks and tokens need no marker: the provider rules
// search every binary's printable text, and scanning a binary whole (`ssh` holds "PRIVATE KEY")
// would let the generic rules cry wolf on its strings.
const MARKERS = ['kind: Secret', '"kind":"Secret"', '"kind": "Secret"'].map((marker) =>
  Buffer.from(marker, 'latin1'),
)

function hasMarker(content: Uint8Array): boolean {
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  return MARKERS.some((marker) => buffer.includes(marker))
}

/** True for a C0 control byte other than tab, line feed, vertical tab, form feed, carriage return and escape, or DEL. */
function isControl(byte: number): boolean {
  return byte < 9 || (byte > 13 && byte < 32 && byte !== 27) || byte === 127
}

/** True when `bytes` is valid UTF-8, a sequence cut at the end excepted (the sniff window may cut one). */
function validUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

/**
 * True when the content is binary: a NUL byte in the first 8000 bytes (git's test), unless the
 * file is otherwise text there — at most one control byte in 64, or, NUL bytes aside, at most one
 * in 64 and valid UTF-8 (NUL bytes cost an attacker nothing to plant; real binaries also have other
 * control bytes and invalid UTF-8: headers, code, compressed data) — or it holds a secret marker
 * anywhere (such a file is scanned as text, NUL bytes and all); `nulIsBinary` keeps git's plain
 * test (a file whose name claims a binary format). Files judged binary are still
 * searched by the provider rules in their printable text ({@link printableText}).
 */
export function looksBinary(content: Uint8Array, nulIsBinary = false): boolean {
  if (!holdsNul(content, SNIFF)) return false
  // A name claiming a binary format (`index.db`) with a NUL byte: a format of its own (a Go gob
  // holding docs), not a text with planted NUL bytes; its tokens are still searched.
  if (nulIsBinary) return !hasMarker(content)
  const sniff = content.subarray(0, SNIFF)
  let nul = 0
  let control = 0
  for (const byte of sniff) {
    if (byte === 0) nul++
    else if (isControl(byte)) control++
  }
  if ((nul + control) * 64 <= sniff.length) return false
  if (control * 64 <= sniff.length && validUtf8Prefix(sniff)) return false
  return !hasMarker(content)
}

/** Printable runs shorter than this are blanked: no high-confidence secret is that short. */
const MIN_RUN = 12

/**
 * The printable ASCII text of binary content, one character per byte (so offsets and line numbers
 * are the file's): every other byte, and every printable run shorter than 12 bytes, becomes a
 * space; line feeds stay. What `strings` shows, in place — a secret between planted NUL bytes or
 * embedded in a binary is still there to find, while compressed data becomes blanks. With
 * `utf16Runs`, UTF-16 runs too (see keepUtf16Runs).
 */
export function printableText(content: Uint8Array, utf16Runs = true): string {
  const length = content.length
  const out = Buffer.allocUnsafe(length)
  let runStart = 0
  // Byte by byte, short runs blanked by hand: measured 2× faster than copying and filling.
  for (let i = 0; i < length; i++) {
    const byte = content[i] as number
    if ((byte >= 32 && byte < 127) || byte === 9) {
      out[i] = byte
      continue
    }
    if (i - runStart < MIN_RUN) for (let j = runStart; j < i; j++) out[j] = 32
    out[i] = byte === 10 ? 10 : 32
    runStart = i + 1
  }
  if (length - runStart < MIN_RUN) for (let j = runStart; j < length; j++) out[j] = 32
  if (utf16Runs) keepUtf16Runs(content, out)
  return out.toString('latin1')
}

const printable = (byte: number | undefined): boolean =>
  byte !== undefined && ((byte >= 32 && byte < 127) || byte === 9)

/**
 * UTF-16 text read as bytes is one printable byte and one NUL in turn (`A\0W\0S\0`, either byte
 * order): each character a run of one, blanked above. UTF-16 without a byte order mark and mostly
 * outside ASCII (CJK comments around a `.env` line) is binary to {@link looksBinary}, so its ASCII
 * runs of 12 characters or more (what `strings -el`/`-eb` shows) are written into `out` at the
 * run's start, the rest of the run blanked: the line stays the file's, the tokens whole.
 */
function keepUtf16Runs(content: Uint8Array, out: Buffer): void {
  const length = content.length
  // A native search: a typed array's indexOf steps in JavaScript.
  const nul = Buffer.from(content.buffer, content.byteOffset, length).indexOf(0)
  if (nul < 0) return
  let i = Math.max(0, nul - 1)
  while (i < length) {
    if (!printable(content[i]) || content[i + 1] !== 0 || !printable(content[i + 2])) {
      i++
      continue
    }
    let start = i
    let end = i + 2 // the run's last character
    while (content[end + 1] === 0 && printable(content[end + 2])) end += 2
    // An edge character kept above belongs to a printable byte run (`…Z\0abcdefghijkl`): it stays there.
    if (out[start] !== 32) start += 2
    if (out[end] !== 32) end -= 2
    const count = (end - start) / 2 + 1
    if (count >= MIN_RUN) {
      for (let k = 0; k < count; k++) out[start + k] = content[start + 2 * k] as number
      out.fill(32, start + count, end + 1)
    }
    i = Math.max(i + 1, end + 2)
  }
}
