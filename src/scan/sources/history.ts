/**
 * `--git RANGE`: every line added by every commit of a range. `git log -p -U0` is streamed and
 * parsed for each file's added line numbers and new blob id; the whole blob is then scanned (so
 * parsers such as the Kubernetes Secret analyser see the full document) and only findings on added
 * lines are kept, tagged with the commit. A new file's blob is its patch's text, taken from the log
 * itself once it hashes to the blob id; any other blob is read through one `git cat-file --batch`.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { createHash } from 'node:crypto'
import { GitsealError } from '../../core/errors.js'
import type { CommitInfo } from '../types.js'
import { DEFAULT_MAX_FILE_SIZE } from '../workers/scan-job.js'
import { BlobReader, blobJob } from './cat-file.js'
import { LfsObjects } from './lfs.js'
import { gitFailure, gitSpawnError, gitTopLevel, spawnGit } from '../../io/git.js'
import { COMMIT_MARK, PatchParser } from './patch.js'
import type { FinishedPatch, PatchFile } from './patch.js'
import type { GitSource, ScanJob } from './types.js'

/** Files whose blobs are requested before the oldest one is scanned. */
const READ_AHEAD = 32
/** Files parsed from the log but not yet requested: past this, the log is paused (bounded memory). */
const PARSED_AHEAD = 1024
/** New files' text taken from the log and not yet scanned: past this, the log is paused too. */
const KEPT_AHEAD_BYTES = 16 * 1024 * 1024

/** Scanning time after which the source lets the event loop read git's pipes. */
const TURN_EVERY_MS = 2

/**
 * Blobs above this size are reduced to their added lines (and the Secret documents those fall in):
 * re-scanning a big file (a lock file, a generated manifest) whole for every commit that touches
 * it would make history scans quadratic.
 */
const WHOLE_BLOB_LIMIT = 256 * 1024

/** Counters the history source fills in while it runs. */
export interface HistoryStats {
  commits: number
}

/**
 * Yield a job per file changed by each commit of the range, newest commit first.
 * @throws GitsealError `E_USAGE` for a bad range or outside a repository.
 */
export async function* historyJobs(
  source: GitSource,
  stats: HistoryStats = { commits: 0 },
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
): AsyncGenerator<ScanJob> {
  const range = source.range ?? 'HEAD'
  if (range.startsWith('-') || range.trim() === '') {
    throw new GitsealError('E_USAGE', `--git: '${range}' is not a revision range`, {
      hint: 'Give a range such as origin/main..HEAD, a branch, or nothing for the whole history of HEAD.',
    })
  }
  const top = await gitTopLevel(source.cwd)
  const log = startLog(top, range)
  // Started when a blob is first needed (a range of new files only needs none).
  let reader: BlobReader | undefined
  const blobs = (): BlobReader => (reader ??= new BlobReader(top, maxFileSize))
  const lfs = new LfsObjects(top)
  // The log is parsed as it arrives, whatever the scan is doing, and blobs are requested a bounded
  // number ahead: git log, cat-file and the scan overlap instead of taking turns.
  const parser = new PatchParser(Math.min(WHOLE_BLOB_LIMIT, maxFileSize))
  const { finished } = parser
  const behind = (): boolean => finished.length >= PARSED_AHEAD || parser.keptBytes >= KEPT_AHEAD_BYTES
  const stdout = log.child.stdout
  // Set by the stream's events (an object: TypeScript does not see callbacks assign locals).
  const state: { ended: boolean; failure: Error | undefined } = { ended: false, failure: undefined }
  let wake: (() => void) | undefined
  const wakeUp = (): void => {
    const resolve = wake
    wake = undefined
    resolve?.()
  }
  const parse = (feed: () => void): void => {
    try {
      feed()
    } catch (error) {
      state.failure ??= error as Error
      stdout.destroy()
    }
    wakeUp()
  }
  stdout.on('data', (chunk: Buffer) => {
    parse(() => parser.write(chunk))
    if (behind()) stdout.pause()
  })
  stdout.on('end', () => {
    state.ended = true
    parse(() => parser.end())
  })
  stdout.on('error', (error) => {
    state.failure ??= error
    wakeUp()
  })
  stdout.on('close', () => {
    state.ended = true
    wakeUp()
  })
  const ahead: Promise<ScanJob | undefined>[] = []
  let lastTurn = Date.now()
  try {
    for (;;) {
      if (state.failure !== undefined) throw state.failure
      while (ahead.length < READ_AHEAD) {
        const done = finished.shift()
        if (done === undefined) break
        parser.keptBytes -= done.file.text?.length ?? 0
        const job = jobOf(blobs, done, maxFileSize).then((found) =>
          found === undefined ? undefined : lfs.resolveInHistory(found, maxFileSize),
        )
        job.catch(() => undefined)
        ahead.push(job)
      }
      const caughtUp = finished.length < PARSED_AHEAD / 2 && parser.keptBytes < KEPT_AHEAD_BYTES / 2
      if (!state.ended && stdout.isPaused() && caughtUp) stdout.resume()
      const pending = ahead.shift()
      if (pending !== undefined) {
        const job = await pending
        if (job !== undefined) yield job
        // The scan runs between two yields without reading a pipe: git, its 64 KiB pipe full, waits.
        // A turn of the event loop every few milliseconds lets it run ahead on another core.
        if (Date.now() - lastTurn >= TURN_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve))
          lastTurn = Date.now()
        }
      } else if (state.ended) break
      else await new Promise<void>((resolve) => (wake = resolve))
    }
    stats.commits = parser.commits
    if ((await log.exited) !== 0) throw gitFailure(`git log ${range}`, log.stderr())
  } finally {
    reader?.close()
    if (log.child.exitCode === null) log.child.kill()
  }
}

/** `git log -p -U0` of `range`, streaming; its exit code and standard error once it ends. */
function startLog(
  top: string,
  range: string,
): { child: ChildProcessWithoutNullStreams; exited: Promise<number>; stderr: () => string } {
  const child = spawnGit(top, [
    'log',
    '-p',
    '-U0',
    // A merge's own lines (in no parent: an "evil merge", a hand-made conflict resolution) as a
    // dense combined diff; without it a merge shows nothing.
    '--cc',
    '--full-index',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    `--format=${COMMIT_MARK}%H%x1f%an%x1f%ae%x1f%aI%x1f%s`,
    '--end-of-options',
    range,
    '--',
  ])
  child.stdin.end()
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (cause) => {
      reject(gitSpawnError(cause))
    })
    child.on('close', (code) => {
      resolve(code ?? 1)
    })
  })
  exited.catch(() => undefined)
  return { child, exited, stderr: () => stderr }
}

/** The job of one file's patch: its new blob (only its added lines when big), or none to scan. */
async function jobOf(
  blobs: () => BlobReader,
  { commit, file }: FinishedPatch,
  maxFileSize: number,
): Promise<ScanJob | undefined> {
  if (file.deleted || file.sha === '') return undefined
  if (file.mode === '160000') return undefined // a submodule: a commit id
  // A symbolic link's blob is its target, any text at all (`ln -s "AWS_SECRET_ACCESS_KEY=…" x`),
  // pushed like any file: scanned whole, like a binary.
  if (file.binary || file.mode === '120000') return binaryJob(blobs, commit, file, maxFileSize)
  if (file.added.length === 0) return undefined
  const content =
    textOfBlob(file) ?? (await blobs().read(file.sha, { lines: file.added, above: WHOLE_BLOB_LIMIT }))
  return { ...blobJob(file.path, content, maxFileSize), commit, addedLines: file.added }
}

/**
 * A new file's text as its patch spelled it, when it is the blob's: its git object id (`blob
 * <size>\0<text>`, SHA-1 or SHA-256 by the id's length) is the blob id. Anything else (a patch
 * git wrote otherwise, a config that changed it) is read from the blob.
 */
function textOfBlob(file: PatchFile): Uint8Array | undefined {
  const text = file.text
  if (text === undefined) return undefined
  const hash = createHash(file.sha.length === 64 ? 'sha256' : 'sha1')
  hash.update(`blob ${text.length}\0`)
  hash.update(text)
  return hash.digest('hex') === file.sha ? text : undefined
}

/**
 * git calls a file binary for one NUL byte or a committed `-diff` attribute, both free for an
 * attacker to plant: the blob is scanned whole, whatever its size (up to --max-file-size, as in the
 * working tree; no line of it is "added"; the detector judges it as text or searches its printable
 * text for tokens). Skipping big ones passed a 300 KiB `.env` under `-diff`. Known binary formats
 * (the name's format and its magic number) are skipped, as in the working tree.
 */
async function binaryJob(
  blobs: () => BlobReader,
  commit: CommitInfo,
  file: PatchFile,
  maxFileSize: number,
): Promise<ScanJob> {
  return { ...blobJob(file.path, await blobs().read(file.sha), maxFileSize), commit }
}
