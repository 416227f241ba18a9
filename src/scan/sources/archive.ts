/**
 * Archives opened within bounds: a ZIP's entries (stored or deflated: `.zip`, `.jar`, `.docx`,
 * `.xlsx`, …), a gzip stream (`.gz`) and a tar's files (`.tar`, and `.tgz` as one archive: a packaged
 * Helm chart), told by their magic numbers whatever the name. Compression must hide nothing a stored copy would show: a `.env` in a zip, a Secret in
 * `secret.yaml.gz` or in a `.docx` passed the gate unread as binary (red team 25). What cannot be
 * opened in full — more than the size budget once inflated, too many entries, an unknown
 * compression method, damaged data, a directory that cannot be read — is a problem the caller
 * fails closed on. Encrypted entries are protected content, as a SOPS file is: not opened.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib'
import { printable } from '../../core/printable.js'
import { claimsTextFormat } from './binary-formats.js'

/** One file of an archive: its name inside it and its inflated bytes. */
export interface ArchiveEntry {
  name: string
  content: Uint8Array
}

/** What an archive holds, and why it could not be read in full, if it could not. */
export interface Archive {
  entries: ArchiveEntry[]
  problem?: string
}

/** Inflated bytes an archive (with the archives nested in it) may take in all; shared and spent as read. */
export interface InflateBudget {
  left: number
}

/** Entries read from one archive; a zip of 65,535 empty files costs little each, but not nothing. */
export const MAX_ARCHIVE_ENTRIES = 10_000

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0
const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const END64 = 0x06064b50
const LOCATOR64 = 0x07064b50

/** True when `content` opens as a ZIP local file header, a gzip member (deflate) or a POSIX/GNU tar. */
export function isArchive(content: Uint8Array): boolean {
  return isZip(content) || isGzip(content) || isTar(content)
}

/**
 * True when `content` is a POSIX (`ustar\0`) or GNU (`ustar  `) tar. Its own bytes are its files'
 * bytes between 512-byte headers: the caller scans the files, not the tar as one text.
 */
export function isTar(content: Uint8Array): boolean {
  return (
    content.length >= 512 &&
    Buffer.from(content.buffer, content.byteOffset + 257, 6)
      .toString('latin1')
      .startsWith('ustar')
  )
}

function isZip(content: Uint8Array): boolean {
  return content.length >= 30 && (u32(content, 0) === LOCAL || hasZipAtEnd(content))
}

/**
 * True when a ZIP's end record and the central directory it points to close `content`: a
 * self-extracting archive (a script or an executable with a zip appended, which unzip opens) too.
 */
function hasZipAtEnd(content: Uint8Array): boolean {
  // Cheap first: the end record's signature in the last 64 KiB at all (a native search).
  const tail = Buffer.from(content.buffer, content.byteOffset, content.byteLength).subarray(-(22 + 0xffff))
  if (!tail.includes('PK\x05\x06', 0, 'latin1')) return false
  const directory = centralDirectory(content)
  return (
    typeof directory !== 'string' &&
    directory.count > 0 &&
    directory.at + 46 <= content.length &&
    u32(content, directory.at) === CENTRAL
  )
}

function isGzip(content: Uint8Array): boolean {
  return content.length >= 18 && content[0] === 0x1f && content[1] === 0x8b && content[2] === 8
}

/**
 * The entries of the archive `content` (named `path`), or undefined when it is no archive; each
 * inflated entry's bytes are taken from `budget`.
 */
export function readArchive(path: string, content: Uint8Array, budget: InflateBudget): Archive | undefined {
  if (isZip(content)) return readZip(content, budget)
  if (isGzip(content)) return readGzip(path, content, budget)
  if (isTar(content)) return readTar(content)
  return undefined
}

/** Past the budget: the reason the caller fails the archive closed on. */
const OVER_BUDGET = 'its compressed content inflates past --max-file-size'

/** A thrown inflate error as a problem (by code only: a message could quote nothing, but stays short). */
function inflateProblem(what: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name
  return code === 'ERR_BUFFER_TOO_LARGE' ? OVER_BUDGET : `${what} cannot be inflated (${code})`
}

/** Inflate with `inflate`, at most the budget's bytes (one more tells "too large" apart). */
function inflateWithin(
  inflate: (data: Uint8Array, options: { maxOutputLength: number }) => Buffer,
  data: Uint8Array,
  budget: InflateBudget,
): Uint8Array {
  const out = inflate(data, { maxOutputLength: Math.max(1, budget.left + 1) })
  if (out.length > budget.left)
    throw Object.assign(new RangeError('too large'), { code: 'ERR_BUFFER_TOO_LARGE' })
  budget.left -= out.length
  return out
}

/** A gzip stream (every member): one entry, named as `path` without `.gz` (`.tgz` → `.tar`). */
function readGzip(path: string, content: Uint8Array, budget: InflateBudget): Archive {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const name = /\.tgz$/i.test(base)
    ? `${base.slice(0, -4)}.tar`
    : /\.gz$/i.test(base) && base.length > 3
      ? base.slice(0, -3)
      : base
  try {
    const inflated = inflateWithin(gunzipSync, content, budget)
    // A .tgz (a packaged chart) is one archive: its files are named as the tar names them.
    return isTar(inflated) ? readTar(inflated) : { entries: [{ name, content: inflated }] }
  } catch (error) {
    return { entries: [], problem: inflateProblem('its gzip data', error) }
  }
}

/** Where the central directory of a ZIP starts and how many entries it lists, or a problem. */
function centralDirectory(zip: Uint8Array): { at: number; count: number; base: number } | string {
  // The end record sits in the last 22 bytes plus a comment of at most 65,535.
  let end = -1
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (u32(zip, at) === END) {
      end = at
      break
    }
  }
  if (end < 0) return 'a ZIP archive without its central directory (truncated or damaged)'
  let count = u16(zip, end + 10)
  let size = u32(zip, end + 12)
  let offset = u32(zip, end + 16)
  let directoryEnd = end
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20
    if (locator < 0 || u32(zip, locator) !== LOCATOR64) return 'a ZIP64 archive without its ZIP64 end record'
    const end64 = u64(zip, locator + 8)
    if (end64 + 56 > zip.length || u32(zip, end64) !== END64)
      return 'a ZIP64 archive whose end record is damaged'
    count = u64(zip, end64 + 32)
    size = u64(zip, end64 + 40)
    offset = u64(zip, end64 + 48)
    directoryEnd = end64
  }
  // Bytes before the archive (a self-extracting stub) shift every offset it records.
  const base = directoryEnd - size - offset
  if (base < 0) return 'a ZIP archive whose central directory lies outside the file'
  return { at: base + offset, count, base }
}

/** The sizes and local header offset of a central directory entry, ZIP64 extra field applied. */
function entrySizes(zip: Uint8Array, at: number): { compressed: number; size: number; local: number } {
  let size = u32(zip, at + 24)
  let compressed = u32(zip, at + 20)
  let local = u32(zip, at + 42)
  const nameLength = u16(zip, at + 28)
  const extraEnd = at + 46 + nameLength + u16(zip, at + 30)
  for (let field = at + 46 + nameLength; field + 4 <= extraEnd; field += 4 + u16(zip, field + 2)) {
    if (u16(zip, field) !== 0x0001) continue
    let value = field + 4
    if (size === 0xffffffff) {
      size = u64(zip, value)
      value += 8
    }
    if (compressed === 0xffffffff) {
      compressed = u64(zip, value)
      value += 8
    }
    if (local === 0xffffffff) local = u64(zip, value)
    break
  }
  return { compressed, size, local }
}

/** A ZIP archive's files, as its central directory lists them (as unzip, git and Java read them). */
function readZip(zip: Uint8Array, budget: InflateBudget): Archive {
  const directory = centralDirectory(zip)
  if (typeof directory === 'string') return { entries: [], problem: directory }
  if (directory.count > MAX_ARCHIVE_ENTRIES)
    return { entries: [], problem: `a ZIP archive of more than ${MAX_ARCHIVE_ENTRIES} entries` }
  const entries: ArchiveEntry[] = []
  const names = new TextDecoder('utf-8')
  let at = directory.at
  for (let i = 0; i < directory.count; i++) {
    if (at + 46 > zip.length || u32(zip, at) !== CENTRAL)
      return { entries, problem: 'a ZIP archive whose central directory is damaged' }
    const flags = u16(zip, at + 8)
    const method = u16(zip, at + 10)
    const nameLength = u16(zip, at + 28)
    const name = names.decode(zip.subarray(at + 46, at + 46 + nameLength))
    const { compressed, local } = entrySizes(zip, at)
    at += 46 + nameLength + u16(zip, at + 30) + u16(zip, at + 32)
    // A directory, or an encrypted entry: protected content, as a SOPS file is.
    if (name.endsWith('/') || (flags & 1) === 1) continue
    const header = directory.base + local
    if (header + 30 > zip.length || u32(zip, header) !== LOCAL)
      return { entries, problem: `a ZIP entry (${printable(name)}) whose local header is damaged` }
    const start = header + 30 + u16(zip, header + 26) + u16(zip, header + 28)
    if (start + compressed > zip.length)
      return { entries, problem: `a ZIP entry (${printable(name)}) that runs past the end of the file` }
    const data = zip.subarray(start, start + compressed)
    if (method === 0) {
      if (data.length > budget.left) return { entries, problem: OVER_BUDGET }
      budget.left -= data.length
      entries.push({ name, content: data })
    } else if (method === 8) {
      try {
        entries.push({ name, content: inflateWithin(inflateRawSync, data, budget) })
      } catch (error) {
        return { entries, problem: inflateProblem(`a ZIP entry (${printable(name)})`, error) }
      }
    } else {
      return {
        entries,
        problem: `a ZIP entry (${printable(name)}) is compressed with method ${method}, which gitseal cannot read`,
      }
    }
  }
  return { entries }
}

const BLOCK = 512

/** A tar header's octal number field (or GNU's base-256 form, high bit set), or NaN. */
function tarNumber(header: Uint8Array, at: number, length: number): number {
  if (((header[at] ?? 0) & 0x80) !== 0) {
    let value = (header[at] ?? 0) & 0x7f
    for (let i = at + 1; i < at + length; i++) value = value * 256 + (header[i] ?? 0)
    return value
  }
  const text = Buffer.from(header.buffer, header.byteOffset + at, length)
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim()
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number.NaN
}

/** A NUL-terminated string field of a tar header. */
function tarString(header: Uint8Array, at: number, length: number): string {
  const field = header.subarray(at, at + length)
  const end = field.indexOf(0)
  return new TextDecoder('utf-8').decode(end < 0 ? field : field.subarray(0, end))
}

/** True when the header's checksum (its bytes summed, the checksum field as spaces) is the one stored. */
function tarChecksumOk(header: Uint8Array): boolean {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0)
  return sum === tarNumber(header, 148, 8)
}

/** The `path` record of a pax extended header (`<length> path=<name>\n` records), if any. */
function paxPath(records: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8').decode(records)
  let at = 0
  while (at < text.length) {
    const space = text.indexOf(' ', at)
    const length = Number.parseInt(text.slice(at, space), 10)
    if (space < 0 || !(length > 0)) return undefined
    const record = text.slice(space + 1, at + length - 1)
    if (record.startsWith('path=')) return record.slice(5)
    at += length
  }
  return undefined
}

/**
 * A tar's regular files (POSIX ustar with pax names, GNU long names), as views of its bytes: no
 * inflate, so no budget. Links and directories hold no bytes; a damaged header or a file running
 * past the end is a problem, as a damaged ZIP is.
 */
function readTar(tar: Uint8Array): Archive {
  const entries: ArchiveEntry[] = []
  let longName: string | undefined
  let at = 0
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK)
    if (header.every((byte) => byte === 0)) return { entries }
    if (!tarChecksumOk(header)) return { entries, problem: 'a tar archive whose header is damaged' }
    const size = tarNumber(header, 124, 12)
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = tarString(header, 345, 155)
    const name = longName ?? (prefix === '' ? '' : `${prefix}/`) + tarString(header, 0, 100)
    const start = at + BLOCK
    if (!(size >= 0) || start + size > tar.length)
      return { entries, problem: `a tar entry (${printable(name)}) that runs past the end of the file` }
    const data = tar.subarray(start, start + size)
    at = start + Math.ceil(size / BLOCK) * BLOCK
    longName = undefined
    if (type === 'L') longName = tarString(data, 0, data.length)
    else if (type === 'x') longName = paxPath(data)
    else if (type === 'S')
      return { entries, problem: `a tar entry (${printable(name)}) stored sparse, which gitseal cannot read` }
    // Regular files ('0', NUL, contiguous '7', and unknown types, as POSIX reads them), not links,
    // directories, devices, FIFOs or global pax headers.
    else if (!'123456gK'.includes(type) && !name.endsWith('/')) {
      if (entries.length >= MAX_ARCHIVE_ENTRIES)
        return { entries, problem: `a tar archive of more than ${MAX_ARCHIVE_ENTRIES} entries` }
      entries.push({ name, content: data })
    }
  }
  return at >= tar.length ? { entries } : { entries, problem: 'a tar archive cut short' }
}

// Compression formats gitseal cannot open (Node has no decoder for them), told by their bytes:
// bzip2 (`BZh1`–`BZh9` and a block's or the end's magic number), xz, zstd, 7-Zip, RAR.
const UNOPENED: readonly [format: string, magic: (head: string) => boolean][] = [
  ['bzip2', (head) => /^BZh[1-9]/.test(head) && ['1AY&SY', '\x17rE8P\x90'].includes(head.slice(4, 10))],
  ['xz', (head) => head.startsWith('\xfd7zXZ\x00')],
  ['zstd', (head) => head.startsWith('\x28\xb5\x2f\xfd')],
  ['7z', (head) => head.startsWith("7z\xbc\xaf'\x1c")],
  ['rar', (head) => head.startsWith('Rar!\x1a\x07')],
]

// Names of a compressed file whose content is a tar (`x.tar.xz`, `x.txz`): files, any of them text.
const TAR_INSIDE = /\.(?:tar\.[^./]+|tbz2?|txz|tzst|tlz)$/

/**
 * What to say of content in a compression format gitseal does not open, or undefined: `incomplete`
 * (it fails the gate closed) when the file may hold text — a 7-Zip or RAR archive (files, as a
 * zip), a compressed tar, or a name that says what it compressed is text (`.env.xz`,
 * `secrets.yaml.bz2`) — else a `note` (a listed skip, never silent). The caller still scans the bytes
 * themselves: a magic number planted before a `.env` must not hide it.
 */
export function unopenedCompression(
  path: string,
  content: Uint8Array,
): { incomplete: string } | { note: string } | undefined {
  const head = Buffer.from(content.buffer, content.byteOffset, Math.min(content.length, 16)).toString(
    'latin1',
  )
  const format = UNOPENED.find(([, magic]) => magic(head))?.[0]
  if (format === undefined) return undefined
  const reason = `compressed with ${format}, which gitseal does not open (it reads zip, gzip and tar)`
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const inner = name.replace(/\.(?:bz2|bzip2|xz|lzma|zst|zstd)$/, '')
  const holdsText = format === '7z' || format === 'rar' || TAR_INSIDE.test(name) || claimsTextFormat(inner)
  return holdsText ? { incomplete: reason } : { note: reason }
}
