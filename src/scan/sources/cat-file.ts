/**
 * Reading blobs through one long-lived `git cat-file --batch`: one process for a whole scan
 * instead of one per file. Requests are answered in order, so a FIFO of waiters is enough. A blob
 * is never held whole past the size limit: too big ones are dropped as they stream by, and a big
 * blob of which only some lines are wanted keeps only those, and the documents around them that
 * the analysers judge (git's header gives the size first).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { GitsealError } from '../../core/errors.js'
import { gitSpawnError, runGitBounded, spawnGit } from '../../io/git.js'
import { DocumentKeeper } from './document-keeper.js'
import { FORMAT_HEAD_BYTES, isKnownBinary } from './binary-formats.js'
import { tooLargeReason } from '../workers/scan-job.js'
import type { LineRanges, ScanJob } from './types.js'

/** A blob over the size limit: only its first bytes, to tell a known binary format by. */
export class TooLargeBlob {
  constructor(readonly head: Uint8Array) {}
}

/** What a read gives: the blob, `undefined` when it does not exist, or a {@link TooLargeBlob}. */
export type BlobRead = Uint8Array | undefined | TooLargeBlob

/**
 * Of a blob over `above` bytes only `lines` are wanted, with each `---` document they touch that
 * the analysers judge (the rest is emptied, newlines kept).
 */
export interface LinesWanted {
  lines: LineRanges
  above: number
}

interface Waiter {
  resolve: (blob: BlobRead) => void
  reject: (error: unknown) => void
  wanted: LinesWanted | undefined
}

/** How the current blob's bytes are taken once its header was read (of a dropped one, its head). */
type Taking =
  | { kind: 'whole' }
  | { kind: 'drop'; head: Buffer[]; kept: number }
  | { kind: 'lines'; keeper: DocumentKeeper }

/** A blob reader over `git cat-file --batch`. Call {@link BlobReader.close} when done. */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly waiters: Waiter[] = []
  private outgoing: string[] = []
  private chunks: Buffer[] = []
  private length = 0
  /** Bytes of the current blob (plus its newline) still to come, once its header was read. */
  private expect: number | undefined
  private taking: Taking = { kind: 'whole' }
  private failure: Error | undefined

  /** Start `git cat-file --batch` in `cwd`; blobs (or their wanted lines) over `maxBytes` are a {@link TooLargeBlob}. */
  constructor(
    cwd: string,
    private readonly maxBytes: number,
  ) {
    this.child = spawnGit(cwd, ['cat-file', '--batch'])
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk)
      this.length += chunk.length
      this.drain()
    })
    let stderr = ''
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    this.child.on('error', (cause) => {
      this.fail(gitSpawnError(cause))
    })
    this.child.on('close', () => {
      this.fail(new GitsealError('E_USAGE', `git cat-file stopped: ${stderr.trim() || 'no output'}`))
    })
    this.child.stdin.on('error', () => {
      // Reported through 'close'.
    })
  }

  /** The content of blob `sha` (only `wanted` lines of a big one), undefined when it does not exist. */
  read(sha: string, wanted?: LinesWanted): Promise<BlobRead> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject, wanted })
      // Requests made in the same turn go out in one write: one pipe write per blob adds up.
      if (this.outgoing.length === 0) setImmediate(() => this.flush())
      this.outgoing.push(sha)
    })
  }

  /** Stop the git process. */
  close(): void {
    this.outgoing = []
    this.child.stdin.end()
  }

  private flush(): void {
    if (this.outgoing.length === 0 || this.child.stdin.writableEnded) return
    this.child.stdin.write(`${this.outgoing.join('\n')}\n`)
    this.outgoing = []
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure)
  }

  /** Everything buffered as one Buffer (concatenated only when a header or a whole blob is needed). */
  private take(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)]
    return this.chunks[0] ?? Buffer.alloc(0)
  }

  private consume(bytes: number): void {
    const rest = this.take().subarray(bytes)
    this.chunks = rest.length === 0 ? [] : [rest]
    this.length = rest.length
  }

  private drain(): void {
    for (;;) {
      const waiter = this.waiters[0]
      if (waiter === undefined) return
      if (this.expect === undefined) {
        const buffer = this.take()
        const eol = buffer.indexOf(10)
        if (eol < 0) return
        const header = buffer.subarray(0, eol).toString('utf8')
        this.consume(eol + 1)
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          this.settle(undefined)
          continue
        }
        const size = Number(header.slice(header.lastIndexOf(' ') + 1))
        this.expect = size + 1 // content, then one newline
        this.taking = this.howToTake(size, waiter.wanted)
      }
      if (!this.takeAvailable()) return
    }
  }

  private howToTake(size: number, wanted: LinesWanted | undefined): Taking {
    if (wanted !== undefined && size > wanted.above)
      return { kind: 'lines', keeper: new DocumentKeeper(wanted.lines) }
    return size > this.maxBytes ? { kind: 'drop', head: [], kept: 0 } : { kind: 'whole' }
  }

  /** Take what has arrived of the current blob; true once it is complete and settled. */
  private takeAvailable(): boolean {
    const expect = this.expect ?? 0
    if (this.taking.kind === 'whole') {
      if (this.length < expect) return false
      const blob = new Uint8Array(this.take().subarray(0, expect - 1))
      this.consume(expect)
      this.settle(blob)
      return true
    }
    // Streamed: kept lines or nothing, the arrived bytes released at once.
    const piece = this.take().subarray(0, Math.min(this.length, expect))
    this.consume(piece.length)
    this.expect = expect - piece.length
    const content = this.expect === 0 ? piece.subarray(0, piece.length - 1) : piece
    const taking = this.taking
    if (taking.kind === 'lines') {
      taking.keeper.push(content)
      // Too many kept lines: dropped from here on, with no head (it would not be the blob's start).
      if (taking.keeper.length > this.maxBytes)
        this.taking = { kind: 'drop', head: [], kept: FORMAT_HEAD_BYTES }
    } else if (taking.kept < FORMAT_HEAD_BYTES) {
      const part = Buffer.from(content.subarray(0, FORMAT_HEAD_BYTES - taking.kept))
      taking.head.push(part)
      taking.kept += part.length
    }
    if (this.expect > 0) return false
    const done = this.taking
    this.settle(done.kind === 'lines' ? done.keeper.result() : new TooLargeBlob(Buffer.concat(done.head)))
    return true
  }

  private settle(blob: BlobRead): void {
    this.expect = undefined
    this.taking = { kind: 'whole' }
    this.waiters.shift()?.resolve(blob)
  }
}

/**
 * How much `git cat-file --batch` output {@link readBlobsAtOnce} takes in one piece (a commit's
 * changed files, most often a few kB): past it, blobs stream through a {@link BlobReader}.
 */
export const AT_ONCE_BYTES = 4 * 1024 * 1024

/**
 * The blobs `shas` (in that order) from one `git cat-file --batch` run to completion, or
 * undefined when its output is over {@link AT_ONCE_BYTES}: then read them with a
 * {@link BlobReader}. Run to completion, git costs no streamed pipes (see io/git.ts).
 */
export function readBlobsAtOnce(
  cwd: string,
  shas: readonly string[],
  maxBytes: number,
): BlobRead[] | undefined {
  const input = `${shas.join('\n')}\n`
  const out = runGitBounded(cwd, ['cat-file', '--batch'], 'git cat-file', { input, maxBytes: AT_ONCE_BYTES })
  if (out === undefined) return undefined
  const stopped = (): GitsealError => new GitsealError('E_USAGE', 'git cat-file stopped: output cut short')
  const blobs: BlobRead[] = []
  let at = 0
  for (let i = 0; i < shas.length; i++) {
    const eol = out.indexOf(10, at)
    if (eol < 0) throw stopped()
    const header = out.subarray(at, eol).toString('utf8')
    at = eol + 1
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      blobs.push(undefined)
      continue
    }
    const size = Number(header.slice(header.lastIndexOf(' ') + 1))
    if (!Number.isSafeInteger(size) || size < 0 || at + size + 1 > out.length) throw stopped()
    const content = out.subarray(at, at + size)
    // Copies: a blob is a buffer of its own (workers are handed theirs).
    blobs.push(
      size > maxBytes
        ? new TooLargeBlob(Buffer.from(content.subarray(0, FORMAT_HEAD_BYTES)))
        : new Uint8Array(content),
    )
    at += size + 1
  }
  return blobs
}

const MISSING_BLOB =
  'git cannot give its blob (a partial clone that cannot fetch it, or a damaged repository): the content was not read'

/** The job of a blob as read: its content, or why it was not scanned (missing or too large fails closed). */
export function blobJob(path: string, read: BlobRead, maxFileSize: number): ScanJob {
  // A blob git cannot give (a partial clone that cannot fetch it, a damaged object store) was not
  // read, so the gate cannot pass it.
  if (read === undefined) return { path, skip: 'unreadable', incomplete: MISSING_BLOB }
  if (read instanceof TooLargeBlob) {
    // A real video or archive past the limit is what its name says: skipped as binary, not failed.
    if (isKnownBinary(path, read.head)) return { path, skip: 'binary' }
    return { path, skip: 'too-large', incomplete: tooLargeReason(maxFileSize) }
  }
  return { path, content: read }
}
