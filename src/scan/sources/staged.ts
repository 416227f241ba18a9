/**
 * `--staged`: what the next commit will contain. Paths and blob ids come from
 * `git diff --cached --raw` (the index side of each change), content from the index's blobs, so a
 * partially staged file is scanned as staged, not as it is in the working tree.
 */
import { BlobReader, blobJob, readBlobsAtOnce, type BlobRead } from './cat-file.js'
import { LfsObjects } from './lfs.js'
import { DEFAULT_MAX_FILE_SIZE } from '../workers/scan-job.js'
import { runGit } from '../../io/git.js'
import type { ScanJob, StagedSource } from './types.js'

/** A staged change: the blob id of the new content and its path. */
export interface StagedEntry {
  sha: string
  path: string
  mode: string
}

/** Parse `git diff --cached --raw -z --no-abbrev` output (`:old new oldsha newsha status\0path\0`). */
export function parseRawDiff(output: Buffer): StagedEntry[] {
  const fields = output.toString('utf8').split('\0')
  const entries: StagedEntry[] = []
  for (let i = 0; i + 1 < fields.length; i++) {
    const meta = fields[i] ?? ''
    if (!meta.startsWith(':')) continue
    const [, newMode = '', , newSha = '', status = ''] = meta.slice(1).split(' ')
    // Renames and copies carry two paths; --no-renames makes that rare, but stay correct.
    const paths = status.startsWith('R') || status.startsWith('C') ? 2 : 1
    const path = fields[i + paths] ?? ''
    i += paths
    if (status.startsWith('D')) continue
    entries.push({ sha: newSha, path, mode: newMode })
  }
  return entries
}

/** Yield a job for every file added or modified in the index, with its staged content. */
export async function* stagedJobs(
  source: StagedSource,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
): AsyncGenerator<ScanJob> {
  const args = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMRT']
  // From the working directory, so pathspecs mean what the user typed there (the raw output names
  // paths from the top level either way).
  const raw = await runGit(source.cwd, [...args, '--', ...(source.paths ?? [])], 'git diff --cached')
  // A symbolic link's blob (120000) is its target, any text at all (`ln -s "AWS_SECRET_ACCESS_KEY=…"
  // x`), committed and pushed like a file's; a submodule (160000) is a commit id: nothing to scan.
  const files = parseRawDiff(raw).filter((entry) => entry.mode !== '160000')
  if (files.length === 0) return
  const lfs = new LfsObjects(source.cwd)
  // Most commits: every blob in one piece. cat-file reads blobs by id from anywhere inside the repository.
  const blobs = readBlobsAtOnce(
    source.cwd,
    files.map((entry) => entry.sha),
    maxFileSize,
  )
  if (blobs !== undefined) {
    for (const [i, entry] of files.entries())
      // A Git LFS pointer stands for content the clean filter stored beside the index: scan that.
      yield lfs.resolve(blobJob(entry.path, blobs[i], maxFileSize), maxFileSize)
    return
  }
  yield* streamedJobs(source.cwd, files, lfs, maxFileSize)
}

/** The jobs of `files` with their blobs streamed: never the whole commit held. */
async function* streamedJobs(
  cwd: string,
  files: readonly StagedEntry[],
  lfs: LfsObjects,
  maxFileSize: number,
): AsyncGenerator<ScanJob> {
  const blobs = new BlobReader(cwd, maxFileSize)
  try {
    // Keep a few reads in flight so cat-file works while we scan, without holding the whole commit.
    const window: Promise<BlobRead>[] = []
    let next = 0
    for (const entry of files) {
      while (next < files.length && window.length < READ_AHEAD) {
        const read = blobs.read((files[next] as StagedEntry).sha)
        // Reads left over when the consumer stops early are rejected on close: not an error.
        read.catch(() => undefined)
        window.push(read)
        next++
      }
      yield lfs.resolve(blobJob(entry.path, await window.shift(), maxFileSize), maxFileSize)
    }
  } finally {
    blobs.close()
  }
}

const READ_AHEAD = 8
