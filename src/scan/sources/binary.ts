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

/** True when the first 8000 bytes contain a NUL byte, git's own heuristic for binary content. */
export function looksBinary(content: Uint8Array): boolean {
  return content.subarray(0, 8000).includes(0)
}
