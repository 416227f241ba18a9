/**
 * Scanning one job with a detector: read the file (one at a time, never the whole tree), skip
 * known binary formats and over-large files, run the detector. Used on the main thread and in workers alike.
 */
import { closeSync, constants, fstatSync, openSync, readSync, readlinkSync } from 'node:fs'
import { sep } from 'node:path'
import type { Stats } from 'node:fs'
import type { Detector, FileScanResult } from '../types.js'
import {
  FORMAT_HEAD_BYTES,
  claimedFormat,
  holdsSecretMarker,
  isKnownBinary,
} from '../sources/binary-formats.js'
import { isArchive, isTar, readArchive, unopenedCompression } from '../sources/archive.js'
import type { InflateBudget } from '../sources/archive.js'
import { commitFindings } from '../sources/commit-findings.js'
import { printable } from '../../core/printable.js'
import { touchesRanges } from '../sources/types.js'
import type { LineRanges } from '../sources/types.js'

/** What a job carries to the scanner (the serialisable part of a `ScanJob`). */
export interface JobInput {
  path: string
  absPath?: string
  /** The walk found a regular file at `absPath` under this real path: not opened through a link, and still a file there. */
  walkRoot?: string
  content?: Uint8Array
  /** `--git`: the lines the commit added; only findings the commit is answerable for are kept. */
  addedLines?: LineRanges
}

/** A job's result plus the bytes scanned. */
export interface JobOutput extends FileScanResult {
  bytes: number
  /** Why the file could not be scanned in full, when it could not (the gate fails it closed). */
  incomplete?: string
}

/** Default limit above which a file is skipped as `too-large` (the CLI's `--max-file-size`). */
export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024

/** Why a file could not be read as it was when the scan met it (it fails the gate closed). */
interface Changed {
  changed: string
}

/** Called once a file is open and its size known: tests change the file there, mid-read. */
export type ReadProbe = () => void

/**
 * The file's bytes; past `maxSize`, 'binary' when its name claims a known binary format and its
 * first bytes are that format's (a video's gigabytes are never read), else 'too-large'. A file the
 * walk found (under `walkRoot`) that is a link, no longer a regular file or no longer under the root
 * when opened (a directory on its way replaced by a link), or any file whose
 * size or time changed while it was read, is {@link Changed}: what was read may be half of it.
 */
function readWhole(
  path: string,
  absPath: string,
  maxSize: number,
  walkRoot: string | undefined,
  probe?: ReadProbe,
): Uint8Array | 'too-large' | 'binary' | 'no-writer' | Changed {
  const regular = walkRoot !== undefined
  let fd: number
  try {
    // Without waiting: open(2) of a FIFO blocks until a writer comes, which may be never
    // (`mkfifo p.env; gitseal scan p.env` hung). No effect on a regular file. A walked file is not
    // followed through a link put in its place since the walk (to /etc/shadow, out of the tree).
    fd = openSync(absPath, regular ? NO_WAIT_NO_LINK : NO_WAIT)
  } catch (error) {
    if (regular && (error as NodeJS.ErrnoException).code === 'ELOOP')
      return { changed: 'replaced by a symbolic link during the scan (not followed)' }
    throw error
  }
  try {
    const info = fstatSync(fd)
    if (regular && !info.isFile())
      return { changed: `replaced by ${kindOf(info)} during the scan (not read)` }
    if (regular && outside(fd, walkRoot))
      return {
        changed: 'moved out of the scan root during the scan (a directory on its way replaced by a link)',
      }
    // A pipe or device named on the command line (`scan <(cat f)`, `scan /dev/stdin`) has no size:
    // read it to its end (bounded), never take its size 0 for an empty file.
    if (!info.isFile()) return readToEnd(fd, maxSize, info.isFIFO())
    probe?.()
    const size = info.size
    // Size 0 is no proof of an empty file: procfs and its kin (`scan /proc/self/environ`) give 0
    // for files that hold text. One read says which.
    if (size === 0) return readToEnd(fd, maxSize, false)
    if (size > maxSize) {
      if (claimedFormat(path) === undefined) return 'too-large'
      const head = new Uint8Array(Math.min(size, FORMAT_HEAD_BYTES))
      const read = head.subarray(0, fill(fd, head, 0, head.length))
      // An archive past the limit is not a video: what it holds was not read (fails closed).
      return isKnownBinary(path, read) && !isArchive(read) ? 'binary' : 'too-large'
    }
    const buffer = new Uint8Array(size)
    const offset = fill(fd, buffer, 0, size)
    // Truncated, grown or rewritten while read (a short read, another size or modification time):
    // not one version of the file, and a grown part unread. (Not the change time: a file renamed
    // over this one changes only that, and what was opened is still read whole.)
    const after = fstatSync(fd)
    if (offset !== size || after.size !== size || after.mtimeMs !== info.mtimeMs)
      return { changed: 'changed while it was read' }
    return buffer
  } finally {
    closeSync(fd)
  }
}

/**
 * True when the file open at `fd` is not under `root`: where /proc/self/fd says it is (Linux). A
 * directory on the way to it replaced by a link since the walk is followed by open(2) (O_NOFOLLOW
 * guards the last name only). Elsewhere not known: false.
 */
function outside(fd: number, root: string): boolean {
  let real: string
  try {
    real = readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    return false
  }
  return !real.startsWith(root.endsWith(sep) ? root : root + sep)
}

/** What a file that is not a regular one is, for a reason. */
function kindOf(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link'
  if (info.isDirectory()) return 'a directory'
  if (info.isFIFO()) return 'a FIFO'
  if (info.isSocket()) return 'a socket'
  return 'a device'
}

/** Read into `buffer` from `offset` (also the file position) up to `end`; the offset reached (short at end of file). */
function fill(fd: number, buffer: Uint8Array, offset: number, end: number): number {
  while (offset < end) {
    const read = readSync(fd, buffer, offset, end - offset, offset)
    if (read === 0) break
    offset += read
  }
  return offset
}

// (O_NONBLOCK is undefined on Windows, where `| undefined` adds nothing.)
const NO_WAIT = constants.O_RDONLY | constants.O_NONBLOCK
const NO_WAIT_NO_LINK = NO_WAIT | constants.O_NOFOLLOW

/** How long a FIFO named on the command line may go without a writer before it is given up on. */
const WRITER_GRACE_MS = 1000

const sleeper = new Int32Array(new SharedArrayBuffer(4))
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms)

/**
 * Everything `fd` (opened without blocking) yields until end of input, 'too-large' past `maxSize`
 * bytes, or 'no-writer' for a FIFO that no writer opened within a second (nothing to read: the
 * gate fails it closed rather than hang or pass it as empty).
 */
function readToEnd(fd: number, maxSize: number, fifo: boolean): Uint8Array | 'too-large' | 'no-writer' {
  const chunks: Uint8Array[] = []
  let total = 0
  let writerSeen = !fifo
  const started = Date.now()
  for (;;) {
    const chunk = new Uint8Array(64 * 1024)
    let read: number
    try {
      read = readSync(fd, chunk, 0, chunk.length, null)
    } catch (error) {
      // A writer is there but has not written yet (a pipe, a terminal): wait for it.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      writerSeen = true
      sleep(5)
      continue
    }
    if (read === 0) {
      // Before any writer, a FIFO reads as ended: give one a moment to come (`cat f > p &`).
      if (writerSeen) break
      if (Date.now() - started > WRITER_GRACE_MS) return 'no-writer'
      sleep(10)
      continue
    }
    writerSeen = true
    total += read
    if (total > maxSize) return 'too-large'
    chunks.push(chunk.subarray(0, read))
  }
  return Buffer.concat(chunks, total)
}

const NO_WRITER = 'a FIFO no program wrote to (pipe the content to gitseal scan --stdin instead)'

/** Why a file over `maxSize` bytes was not scanned (it fails the gate closed). */
export function tooLargeReason(maxSize: number): string {
  return `larger than --max-file-size (${+(maxSize / 1024 / 1024).toFixed(2)} MiB)`
}

function tooLarge(maxSize: number): JobOutput {
  return { findings: [], skipped: 'too-large', incomplete: tooLargeReason(maxSize), bytes: 0 }
}

/** A file of a known binary format (its name and its magic number agree): skipped unread. */
function knownBinary(): JobOutput {
  return { findings: [], skipped: 'binary', bytes: 0 }
}

/**
 * Run `detector` over one job. Never throws: unreadable files and detector crashes become results.
 * `probe` (tests): called once a file is open and its size known.
 */
export function runJob(
  detector: Detector,
  job: JobInput,
  maxSize = DEFAULT_MAX_FILE_SIZE,
  probe?: ReadProbe,
): JobOutput {
  let content = job.content
  if (content === undefined) {
    if (job.absPath === undefined) return { findings: [], skipped: 'unreadable', bytes: 0 }
    try {
      const read = readWhole(job.path, job.absPath, maxSize, job.walkRoot, probe)
      if (read === 'too-large') return tooLarge(maxSize)
      if (read === 'no-writer')
        return { findings: [], skipped: 'unreadable', incomplete: NO_WRITER, bytes: 0 }
      if (read === 'binary') return knownBinary()
      if ('changed' in read)
        return { findings: [], skipped: 'unreadable', incomplete: read.changed, bytes: 0 }
      content = read
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error'
      return {
        findings: [],
        skipped: 'unreadable',
        incomplete: `cannot read (${code})`,
        bytes: 0,
      }
    }
  } else if (content.length > maxSize) {
    return tooLarge(maxSize)
  }
  if (isArchive(content)) return scanArchive(detector, job.path, content, maxSize)
  return scanBytes(detector, job.path, content, job.addedLines)
}

/**
 * The detector on one file's bytes (a known binary format unread); content compressed in a format
 * gitseal does not open (bzip2, xz, zstd, 7-Zip, RAR) is never a silent skip: it fails closed when
 * it may hold text, else is listed with a note. Never throws.
 */
function scanBytes(detector: Detector, path: string, content: Uint8Array, added?: LineRanges): JobOutput {
  const result = scanBytesAsRead(detector, path, content, added)
  const compressed = unopenedCompression(path, content)
  if (compressed === undefined) return result
  if ('incomplete' in compressed) return { ...result, incomplete: result.incomplete ?? compressed.incomplete }
  return { ...result, notes: [...(result.notes ?? []), compressed.note] }
}

/** {@link scanBytes} without the check of compression formats. */
function scanBytesAsRead(
  detector: Detector,
  path: string,
  content: Uint8Array,
  added?: LineRanges,
): JobOutput {
  // A file is read before it is called binary: its name and its magic number must agree, and a key
  // block or a token's start (a key or a .env appended to a PNG) is searched for whatever they say.
  if (isKnownBinary(path, content) && !holdsSecretMarker(content)) return knownBinary()
  try {
    // Binary content goes to the detector too: it searches a binary's printable text for tokens.
    const result = detector.scanFile(path, content)
    const bytes = result.skipped === 'binary' ? 0 : content.length
    if (added === undefined) return { ...result, bytes }
    // A commit answers for the findings, and the inline allows, of the lines it added.
    const findings = commitFindings(result.findings, content, added)
    const allowedInline = result.allowedInline?.filter((lines) => touchesRanges(lines, added))
    return { ...result, findings, ...(allowedInline === undefined ? {} : { allowedInline }), bytes }
  } catch (error) {
    // A detector bug must not hide the rest of the scan; it is reported in the summary (by error
    // name only: a message could quote the content).
    const what = error instanceof Error ? error.name : 'error'
    return {
      findings: [],
      skipped: 'unreadable',
      incomplete: `detection failed (${what})`,
      bytes: content.length,
    }
  }
}

/** Archives inside archives opened at most this deep (a zip quine would nest forever). */
const MAX_ARCHIVE_DEPTH = 4

/**
 * An archive (zip, gzip, tar): the file itself as any other (a tar excepted), then every entry it holds, inflated within
 * `maxSize` bytes in all, scanned as a file of its own named `archive!entry` (as gitleaks names
 * them), archives in it likewise. What could not be opened in full fails the archive closed. A
 * whole archive is a commit's in `--git` (git calls it binary: no line of it is "added").
 */
function scanArchive(detector: Detector, path: string, content: Uint8Array, maxSize: number): JobOutput {
  // A tar's own text is its files' text between headers: its files are scanned, not it.
  const outer: JobOutput = isTar(content)
    ? { findings: [], bytes: content.length }
    : scanBytes(detector, path, content)
  const findings = [...outer.findings]
  const notes = [...(outer.notes ?? [])]
  const allowedInline = [...(outer.allowedInline ?? [])]
  const problems = outer.incomplete === undefined ? [] : [outer.incomplete]
  const budget: InflateBudget = { left: maxSize }
  const open = (name: string, bytes: Uint8Array, depth: number): void => {
    const archive = readArchive(name, bytes, budget)
    if (archive === undefined) return
    if (archive.problem !== undefined) problems.push(archive.problem)
    for (const entry of archive.entries) {
      const inner = `${name}!${entry.name}`
      const result: JobOutput = isTar(entry.content)
        ? { findings: [], bytes: 0 }
        : scanBytes(detector, inner, entry.content)
      findings.push(...result.findings)
      notes.push(...(result.notes ?? []).map((note) => `${printable(entry.name)}: ${note}`))
      allowedInline.push(...(result.allowedInline ?? []))
      if (result.incomplete !== undefined) problems.push(`${printable(entry.name)}: ${result.incomplete}`)
      if (!isArchive(entry.content)) continue
      if (depth + 1 < MAX_ARCHIVE_DEPTH) open(inner, entry.content, depth + 1)
      else problems.push(`archives nested more than ${MAX_ARCHIVE_DEPTH} deep`)
    }
  }
  open(path, content, 0)
  const result: JobOutput = { findings, bytes: outer.bytes }
  if (notes.length > 0) result.notes = notes
  if (allowedInline.length > 0) result.allowedInline = allowedInline
  if (problems.length > 0) result.incomplete = `an archive that could not be read in full: ${problems[0]}`
  // Nothing found or failed in the entries: the archive stays what it was on its own (a binary skip).
  if (findings.length === 0 && problems.length === 0 && outer.skipped !== undefined)
    result.skipped = outer.skipped
  return result
}
