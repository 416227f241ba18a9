/**
 * `--git RANGE`: every line added by every commit of a range. `git log -p -U0` is streamed and
 * parsed for each file's added line numbers and new blob id; the whole blob is then scanned (so
 * parsers such as the Kubernetes Secret analyser see the full document) and only findings on added
 * lines are kept, tagged with the commit.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { GitsealError } from '../../core/errors.js'
import { redactText } from '../redact.js'
import type { CommitInfo } from '../types.js'
import { hasBinaryExtension } from './binary.js'
import { DEFAULT_MAX_FILE_SIZE } from '../workers/scan-job.js'
import { BlobReader, blobJob } from './cat-file.js'
import { gitFailure, gitSpawnError, gitTopLevel, spawnGit, unquoteGitPath } from '../../io/git.js'
import type { GitSource, LineRanges, ScanJob } from './types.js'

const COMMIT_MARK = '\x1eGITSEAL\x1f'
/** Files whose blobs are requested before the oldest one is scanned. */
const READ_AHEAD = 32

/**
 * Blobs above this size are reduced to their added lines: re-scanning a big file (a lock file, a
 * generated manifest) whole for every commit that touches it would make history scans quadratic.
 */
const WHOLE_BLOB_LIMIT = 256 * 1024

/** A file changed by a commit, as read from the patch. */
export interface PatchFile {
  path: string
  sha: string
  mode: string
  deleted: boolean
  binary: boolean
  added: LineRanges
}

/** Counters the history source fills in while it runs. */
export interface HistoryStats {
  commits: number
}

/** Parse a commit header line written by our `--format`. */
function parseCommitLine(line: string): CommitInfo {
  const [sha = '', author = '', email = '', date = '', message = ''] = line
    .slice(COMMIT_MARK.length)
    .split('\x1f')
  // The subject is printed in reports (JSON, SARIF): masked like a reported line, never raw.
  return { sha, author, email, date, message: redactText(message) }
}

/** The path of `diff --git a/P b/P` (both sides are equal without rename detection). */
function pathFromDiffHeader(header: string): string {
  const rest = header.slice('diff --git '.length)
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ')
    return unquoteGitPath(rest.slice(0, end + 1)).slice(2)
  }
  return rest.slice(2, (rest.length - 1) / 2)
}

/** Parses `git log -p -U0 --full-index` output one line at a time. */
export class PatchParser {
  private commit: CommitInfo | undefined
  private file: PatchFile | undefined

  /** Feed one line; returns a finished file (with its commit) when the line closes one. */
  push(line: string): { commit: CommitInfo; file: PatchFile } | 'commit' | undefined {
    if (line.startsWith(COMMIT_MARK)) {
      const done = this.finish()
      this.commit = parseCommitLine(line)
      return done ?? 'commit'
    }
    if (line.startsWith('diff --git ')) {
      const done = this.finish()
      const path = pathFromDiffHeader(line)
      this.file = { path, sha: '', mode: '100644', deleted: false, binary: false, added: [] }
      return done
    }
    const file = this.file
    if (file === undefined) return undefined
    if (line.startsWith('@@ ')) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line)
      if (match) {
        const start = Number(match[1])
        const count = match[2] === undefined ? 1 : Number(match[2])
        if (count > 0) file.added.push([start, start + count - 1])
      }
    } else if (line.startsWith('index ')) {
      const match = /^index [0-9a-f]+\.\.([0-9a-f]+)(?: (\d+))?/.exec(line)
      if (match) {
        file.sha = match[1] ?? ''
        if (match[2] !== undefined) file.mode = match[2]
      }
    } else if (line.startsWith('new file mode ')) file.mode = line.slice('new file mode '.length)
    else if (line.startsWith('new mode ')) file.mode = line.slice('new mode '.length)
    else if (line.startsWith('deleted file mode ')) file.deleted = true
    else if (line.startsWith('Binary files ')) file.binary = true
    else if (line.startsWith('+++ ')) {
      // git appends a tab to names containing spaces, so the end of the name is unambiguous.
      const target = unquoteGitPath(line.slice(4).replace(/\t$/, ''))
      if (target === '/dev/null') file.deleted = true
      else if (target.startsWith('b/')) file.path = target.slice(2)
    }
    return undefined
  }

  /** Close the last file at the end of the stream. */
  finish(): { commit: CommitInfo; file: PatchFile } | undefined {
    const file = this.file
    this.file = undefined
    if (file === undefined || this.commit === undefined) return undefined
    return { commit: this.commit, file }
  }
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
  const blobs = new BlobReader(top, maxFileSize)
  const parser = new PatchParser()
  // Blobs are requested as soon as a file's patch ends and yielded in order, a bounded number ahead,
  // so git log, cat-file and the scan overlap instead of taking turns.
  const ahead: Promise<ScanJob | undefined>[] = []
  const request = (done: FinishedPatch): void => {
    const job = jobOf(blobs, done, maxFileSize)
    job.catch(() => undefined)
    ahead.push(job)
  }
  try {
    const lines = createInterface({ input: log.child.stdout, crlfDelay: Infinity })
    for await (const line of lines) {
      const done = parser.push(line)
      if (line.startsWith(COMMIT_MARK)) stats.commits++
      if (done !== undefined && done !== 'commit') request(done)
      while (ahead.length > READ_AHEAD) {
        const job = await ahead.shift()
        if (job !== undefined) yield job
      }
    }
    const last = parser.finish()
    if (last !== undefined) request(last)
    for (const pending of ahead.splice(0)) {
      const job = await pending
      if (job !== undefined) yield job
    }
    if ((await log.exited) !== 0) throw gitFailure(`git log ${range}`, log.stderr())
  } finally {
    blobs.close()
    if (log.child.exitCode === null) log.child.kill()
  }
}

/** One file's patch in one commit, as the parser hands it over. */
interface FinishedPatch {
  commit: CommitInfo
  file: PatchFile
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
  blobs: BlobReader,
  { commit, file }: FinishedPatch,
  maxFileSize: number,
): Promise<ScanJob | undefined> {
  if (file.deleted || file.sha === '') return undefined
  if (file.mode === '120000' || file.mode === '160000') return undefined
  if (file.binary) return binaryJob(blobs, commit, file, maxFileSize)
  if (file.added.length === 0) return undefined
  const content = await blobs.read(file.sha, { lines: file.added, above: WHOLE_BLOB_LIMIT })
  return { ...blobJob(file.path, content, maxFileSize), commit, addedLines: file.added }
}

/**
 * git calls a file binary for one NUL byte or a committed `-diff` attribute, both free for an
 * attacker to plant: the blob is scanned whole, whatever its size (up to --max-file-size, as in the
 * working tree; no line of it is "added"; the detector judges it as text or searches its printable
 * text for tokens). Skipping big ones passed a 300 KiB `.env` under `-diff`. Known binary formats
 * are skipped, as in the working tree.
 */
async function binaryJob(
  blobs: BlobReader,
  commit: CommitInfo,
  file: PatchFile,
  maxFileSize: number,
): Promise<ScanJob> {
  if (hasBinaryExtension(file.path)) return { path: file.path, skip: 'binary', commit }
  return { ...blobJob(file.path, await blobs.read(file.sha), maxFileSize), commit }
}
