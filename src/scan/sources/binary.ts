/** Cheap binary detection: a known binary extension, or a NUL byte early in the content (git's test). */

const BINARY_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'png jpg jpeg gif bmp ico webp tif tiff psd avif heic mp3 mp4 m4a mov avi mkv webm wav flac ogg ' +
    'zip gz tgz bz2 xz zst 7z rar tar jar war ear apk ipa dmg iso whl egg nupkg deb rpm ' +
    'exe dll so dylib a o obj lib class pyc pyo wasm bin dat db sqlite sqlite3 ' +
    'woff woff2 ttf otf eot pdf doc docx xls xlsx ppt pptx odt ods'
  ).split(' '),
)

/** True when the file name's extension is one of a well-known binary format. */
export function hasBinaryExtension(path: string): boolean {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  if (dot <= slash + 1) return false
  return BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase())
}

/** Bytes inspected for a NUL to call a file binary (git looks at the first 8000 too). */
const SNIFF = 8000

// Byte strings that make a file with NUL bytes worth scanning anyway: a key block, a Kubernetes
// Secret, or a well-known token prefix embedded in it.
const MARKERS = [
  'PRIVATE KEY',
  'kind: Secret',
  '"kind":"Secret"',
  '"kind": "Secret"',
  'AKIA',
  'ghp_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'xoxp-',
  'sk_live_',
].map((marker) => Buffer.from(marker, 'latin1'))

function hasMarker(content: Uint8Array): boolean {
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  return MARKERS.some((marker) => buffer.includes(marker))
}

/**
 * True when the content is binary and safe to skip: a NUL byte in the first 8000 bytes (git's
 * test), unless the file is otherwise text (at most one control byte in 64 there: a stray NUL
 * must not hide a text file) or holds a secret marker anywhere (fail closed: such a file is
 * scanned as text, NUL bytes and all).
 */
export function looksBinary(content: Uint8Array): boolean {
  const sniff = content.subarray(0, SNIFF)
  if (!sniff.includes(0)) return false
  let control = 0
  for (const byte of sniff) {
    if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27) || byte === 127) control++
  }
  if (control * 64 <= sniff.length) return false
  return !hasMarker(content)
}
