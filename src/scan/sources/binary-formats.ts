/**
 * Known binary formats, told by content: a file is skipped unread only when its name claims a
 * format (`.png`, `.zip`, `.pdf`, …) and its first bytes hold that format's magic number. A name
 * costs nothing to choose — a credentials dump called `creds.dat`, `backup.bin` or `notes.pdf`
 * passed the gate unread — so a file whose bytes are not what its name says is scanned like any
 * other (text, or a binary's printable text). A real format within --max-file-size is read and
 * searched for a key block; past it, only its first bytes are read (a video's gigabytes never are).
 */

/** Bytes read from a file's start to test the magic numbers (an ISO 9660 image says `CD001` at 32769). */
export const FORMAT_HEAD_BYTES = 32774

/** A test of a file's first bytes. */
type Magic = (head: Uint8Array) => boolean

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0))
}

/** `text` (bytes as latin1 characters) at `offset`. */
function at(offset: number, text: string): Magic {
  const bytes = bytesOf(text)
  return (head) => head.length >= offset + bytes.length && bytes.every((byte, i) => head[offset + i] === byte)
}

/** Any of `texts` at the start. */
function start(...texts: string[]): Magic[] {
  return texts.map((text) => at(0, text))
}

/** `text` anywhere in the first `limit` bytes (a PDF header may follow some junk, as readers allow). */
function within(limit: number, text: string): Magic {
  const bytes = Buffer.from(text, 'latin1')
  return (head) =>
    Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, limit + bytes.length)).includes(bytes)
}

const ZIP = start('PK\x03\x04', 'PK\x05\x06', 'PK\x07\x08')
const RIFF = start('RIFF')
const ISO_MEDIA = ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].map((box) => at(4, box))
const OLE2 = start('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1')
const AR = start('!<arch>\n')
const ELF = start('\x7fELF')
const TRUETYPE = start('\x00\x01\x00\x00', 'true', 'ttcf', 'OTTO')
/** A compiled Python file: a 2-byte version number (never two printable ASCII bytes) and CR LF. */
const PYC: Magic = (head) =>
  head[2] === 13 && head[3] === 10 && ((head[1] ?? 0) < 32 || (head[1] ?? 0) >= 128)

/** Each format's magic numbers, by the extensions that claim it. */
const FORMATS: [extensions: string, magic: Magic[]][] = [
  ['png', start('\x89PNG\r\n\x1a\n')],
  ['jpg jpeg', start('\xff\xd8\xff')],
  ['gif', start('GIF87a', 'GIF89a')],
  ['bmp', start('BM')],
  ['ico', start('\x00\x00\x01\x00', '\x00\x00\x02\x00')],
  ['webp avi wav', RIFF],
  ['tif tiff', start('II*\x00', 'MM\x00*')],
  ['psd', start('8BPS')],
  ['avif heic mp4 m4a mov', ISO_MEDIA],
  ['mp3', start('ID3', '\xff\xfb', '\xff\xfa', '\xff\xf3', '\xff\xf2')],
  ['mkv webm', start('\x1a\x45\xdf\xa3')],
  ['flac', start('fLaC')],
  ['ogg', start('OggS')],
  ['zip jar war ear apk ipa whl egg nupkg docx xlsx pptx odt ods', ZIP],
  ['gz tgz', start('\x1f\x8b')],
  ['bz2', start('BZh')],
  ['xz', start('\xfd7zXZ\x00')],
  ['zst', start('\x28\xb5\x2f\xfd')],
  ['7z', start("7z\xbc\xaf'\x1c")],
  ['rar', start('Rar!\x1a\x07')],
  ['tar', [at(257, 'ustar')]],
  ['iso', [at(32769, 'CD001')]],
  ['deb a lib', AR],
  ['rpm', start('\xed\xab\xee\xdb')],
  ['exe dll', start('MZ')],
  ['so o', ELF],
  [
    'dylib',
    start('\xfe\xed\xfa\xce', '\xfe\xed\xfa\xcf', '\xce\xfa\xed\xfe', '\xcf\xfa\xed\xfe', '\xca\xfe\xba\xbe'),
  ],
  ['class', start('\xca\xfe\xba\xbe')],
  ['pyc pyo', [PYC]],
  ['wasm', start('\x00asm')],
  ['db sqlite sqlite3', [...start('SQLite format 3\x00'), ...OLE2]],
  ['woff', start('wOFF')],
  ['woff2', start('wOF2')],
  ['ttf otf', TRUETYPE],
  ['eot', [at(34, 'LP')]],
  ['pdf', [within(1024, '%PDF-')]],
  ['doc xls ppt msi', OLE2],
]

const MAGIC_BY_EXTENSION: ReadonlyMap<string, Magic[]> = new Map(
  FORMATS.flatMap(([extensions, magic]) =>
    extensions.split(' ').map((extension) => [extension, magic] as const),
  ),
)

/**
 * The magic numbers of the binary format `path`'s extension claims, or undefined (most names):
 * only such a file's first {@link FORMAT_HEAD_BYTES} need reading before the whole.
 */
export function claimedFormat(path: string): Magic[] | undefined {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  if (dot <= slash + 1) return undefined
  return MAGIC_BY_EXTENSION.get(path.slice(dot + 1).toLowerCase())
}

/**
 * True when `path` names a known binary format and `head` (the file's first bytes, or all of them)
 * opens as that format: such a file is skipped unread.
 */
export function isKnownBinary(path: string, head: Uint8Array): boolean {
  const magic = claimedFormat(path)
  return magic !== undefined && magic.some((test) => test(head))
}

// Secret markers: a file holding one is scanned whatever its name and magic number say — a key
// block (`id_rsa.bin`, a key appended to a PNG), or a token of a provider's shape that the provider
// rules then judge in a binary's printable text (`cat logo.png .env > logo.png`, an SQLite database
// of API keys, a PDF): such files were skipped unread. Whole shapes, not bare prefixes: `ghu_` turns
// up by chance in base64 (a tar of test logs). One pass of the engine's search (~500 MB/s).
const SECRET_MARKERS =
  /-----BEGIN|PRIVATE KEY|A[KS]IA[A-Z2-7]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_\w{22}|glpat-[\w-]{20}|xox[abpr]-\d{6}|[rs]k_live_[A-Za-z0-9]{20}|AGE-SECRET-KEY-1[0-9A-Z]{58}|secret_access_key|SECRET_ACCESS_KEY/

/** True when `content` holds a key block's armour or a high-confidence token's shape. */
export function holdsSecretMarker(content: Uint8Array): boolean {
  return SECRET_MARKERS.test(
    Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1'),
  )
}

// Extensions of the text formats secrets are written in: configuration, scripts, source, docs.
const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(
  'env yaml yml json jsonc properties ini toml conf cfg config tf tfvars hcl sh bash zsh ps1 bat cmd py js mjs cjs ts go rb java kt php cs xml txt md npmrc pypirc netrc pem key'.split(
    ' ',
  ),
)

/**
 * True when `path` names a text format: `.env` and its variants (`.env.local`, `prod.env`) or a
 * configuration, script, source or docs extension. Such a file that reads as binary had control
 * bytes planted in it, or is ciphertext (git-crypt).
 */
export function claimsTextFormat(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  if (name === '.env' || name.startsWith('.env.')) return true
  const dot = name.lastIndexOf('.')
  return dot > 0 && TEXT_EXTENSIONS.has(name.slice(dot + 1))
}
