/** What the gate scans, and the unit of work a source hands to the scanning pipeline. */
import type { CommitInfo, LineRange, SkipReason } from '../types.js'

/** Directories and files on disk (`gitseal scan PATH...`). */
export interface PathsSource {
  kind: 'paths'
  /** Files or directories; relative ones are resolved against `cwd`. */
  paths: string[]
  /** Directory the reported paths are relative to (the CLI passes the working directory). */
  cwd: string
  /** Also walk `node_modules`, `vendor` and similar trees (skipped by default). */
  includeVendored?: boolean
  /** Do not honour `.gitignore` files. */
  noGitignore?: boolean
}

/** What is staged for commit: the index content, not the working tree (`--staged`). */
export interface StagedSource {
  kind: 'staged'
  /** Any directory inside the repository. */
  cwd: string
  /** Optional pathspecs limiting the scan. */
  paths?: string[]
}

/** Lines added by each commit of a range (`--git RANGE`); no range means the whole history of HEAD. */
export interface GitSource {
  kind: 'git'
  cwd: string
  /** A revision range as `git log` takes it, e.g. `origin/main..HEAD`; default `HEAD`. */
  range?: string
}

/** One in-memory document (`--stdin`), named so path-dependent rules apply. */
export interface ContentSource {
  kind: 'content'
  content: Uint8Array | string
  /** Path used for rules and reports; default `<stdin>`. */
  filename?: string
}

/** Anything {@link scan} can read. */
export type ScanSource = PathsSource | StagedSource | GitSource | ContentSource

/** Added lines of a file in a commit, as sorted inclusive `[start, end]` ranges (1-based). */
export type LineRanges = [number, number][]

/** One file to scan: read from disk (`absPath`) or given (`content`). */
export interface ScanJob {
  /** Reported path (`/` separators, relative to the scan root). */
  path: string
  absPath?: string
  /**
   * The walk found a regular file at `absPath` (not named on the command line) under this directory
   * (its real path): it is opened without following a link, and must still be a regular file under
   * it when read.
   */
  walkRoot?: string
  content?: Uint8Array
  /** Set when the source already knows the file must not be scanned. */
  skip?: SkipReason
  /** A note for the summary (why it was skipped, for instance). */
  note?: string
  /** Set when the file or directory exists but could not be read: the gate fails it closed. */
  incomplete?: string
  /** Git modes: the commit that introduced the content. */
  commit?: CommitInfo
  /** Git history mode: only findings touching these lines are kept. */
  addedLines?: LineRanges
}

/** True when a finding (or any line range) touches one of `ranges`. */
export function touchesRanges(finding: LineRange, ranges: LineRanges): boolean {
  for (const [start, end] of ranges) {
    if (finding.line <= end && finding.endLine >= start) return true
  }
  return false
}
