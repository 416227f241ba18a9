/**
 * `scan()` and `scanAll()`: sources → pipeline → findings. Apart from the index so the CLI can
 * run a scan without loading every reporter and the baseline code.
 */
import { GitsealError } from '../core/errors.js'
import type { DetectorOptions } from './engine.js'
import type { Detector, Finding } from './types.js'
import type { HistoryStats } from './sources/history.js'
import type { ScanJob, ScanSource } from './sources/types.js'
import { emptySummary, runPipeline } from './workers/pipeline.js'
import type { ScanProgress, ScanSummary } from './workers/pipeline.js'

/** How to scan. Everything is optional; the defaults are the CLI's. */
export interface ScanOptions {
  /**
   * A ready detector, run on the calling thread. Without it the engine (`createDetector` of
   * `detectorModule`, default gitseal's own) is used, on worker threads when the scan is large.
   */
  detector?: Detector
  /** URL or specifier of a module exporting `createDetector(options)`, loadable in a worker. */
  detectorModule?: string
  /** Options for `createDetector` (allowlists, extra and disabled rules, `.sops.yaml`); plain data. */
  detectorOptions?: DetectorOptions
  /** `auto` (default) starts workers when a scan is big; 0 never; n starts n workers at once. */
  workers?: number | 'auto'
  /** Files larger than this many bytes are skipped as `too-large` (default 50 MiB). */
  maxFileSize?: number
  /** gitignore-style globs of paths not to scan (`--exclude`). */
  exclude?: readonly string[]
  /** Fingerprints of known findings not to report (see `parseBaseline`). */
  baseline?: ReadonlySet<string>
  /** Called after each file; throttle it yourself. */
  onProgress?: (progress: ScanProgress) => void
  signal?: AbortSignal
  /** Worker script to use instead of the built one (tests). */
  workerUrl?: URL
}

/** A running scan: iterate it for findings (in source order), then read its summary. */
export interface ScanRun extends AsyncIterable<Finding> {
  /**
   * The summary, once iteration has ended (a scan never iterated is run to the end first, its
   * findings only counted).
   */
  summary(): Promise<ScanSummary>
}

/**
 * gitseal's own detector module: the engine beside this module (in the bundled CLI, the engine
 * compiled from its code cache, not a second copy in the CLI's script).
 */
export const ENGINE_MODULE = new URL('./engine.js', import.meta.url).href

// Sources and `ignore` are imported when a scan needs them: `gitseal scan --staged` never loads the
// directory walk, and importing `gitseal/scan` stays cheap.
async function excludeMatcher(
  globs: readonly string[] | undefined,
): Promise<((path: string, isDir: boolean) => boolean) | undefined> {
  if (globs === undefined || globs.length === 0) return undefined
  const { default: ignore } = await import('ignore')
  const rules = ignore({ allowRelativePaths: true }).add([...globs])
  return (path, isDir) => {
    const rel = path.replace(/^\/+/, '')
    return rel !== '' && rel !== '.' && rules.ignores(isDir ? `${rel}/` : rel)
  }
}

async function* jobsOf(
  source: ScanSource,
  exclude: readonly string[] | undefined,
  stats: HistoryStats,
  maxFileSize: number | undefined,
): AsyncGenerator<ScanJob> {
  const isExcluded = await excludeMatcher(exclude)
  let jobs: AsyncIterable<ScanJob>
  switch (source.kind) {
    case 'paths': {
      const { walkFiles } = await import('../io/walk-files.js')
      const roots = { ...source, gitignoreOnlyInRepository: true }
      jobs = walkFiles(roots, isExcluded === undefined ? {} : { isExcluded })
      break
    }
    case 'staged': {
      const { stagedJobs } = await import('./sources/staged.js')
      jobs = stagedJobs(source, maxFileSize)
      break
    }
    case 'git': {
      const { historyJobs } = await import('./sources/history.js')
      jobs = historyJobs(source, stats, maxFileSize)
      break
    }
    case 'content': {
      const content =
        typeof source.content === 'string' ? new TextEncoder().encode(source.content) : source.content
      jobs = (async function* () {
        yield await Promise.resolve({ path: source.filename ?? '<stdin>', content })
      })()
      break
    }
    default:
      throw new GitsealError('E_USAGE', `unknown scan source ${String((source as { kind: unknown }).kind)}`)
  }
  for await (const job of jobs) {
    if (source.kind !== 'paths' && isExcluded?.(job.path, false) === true) continue
    yield job
  }
}

/**
 * Scan `source` for secrets. Findings stream out as files finish; the summary (files, bytes,
 * skipped files by reason, baselined findings) is complete once iteration ends.
 * @throws GitsealError (while iterating) `E_NOT_FOUND` for a missing path, `E_USAGE` for git errors.
 */
export function scan(source: ScanSource, options: ScanOptions = {}): ScanRun {
  const summary = emptySummary()
  const stats: HistoryStats = { commits: 0 }
  const pipelineOptions = {
    detectorModule: options.detectorModule ?? ENGINE_MODULE,
    detectorOptions: options.detectorOptions ?? {},
    // A detector object cannot cross threads: without a module for workers to load, stay on this one.
    workers:
      options.detector !== undefined && options.detectorModule === undefined
        ? 0
        : (options.workers ?? 'auto'),
    ...(options.detector === undefined ? {} : { detector: options.detector }),
    ...(options.maxFileSize === undefined ? {} : { maxFileSize: options.maxFileSize }),
    ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.workerUrl === undefined ? {} : { workerUrl: options.workerUrl }),
    // Disabling the rule in gitseal.yaml turns incomplete scans into notes, here as in the engine.
    failClosed: !(options.detectorOptions?.disabledRules ?? []).includes('scan-incomplete'),
  }
  let iterator: AsyncGenerator<Finding> | undefined
  let done: Promise<ScanSummary> | undefined
  const start = (): AsyncGenerator<Finding> => {
    if (iterator !== undefined) throw new GitsealError('E_USAGE', 'a scan can be iterated only once')
    iterator = (async function* () {
      yield* runPipeline(
        jobsOf(source, options.exclude, stats, options.maxFileSize),
        pipelineOptions,
        summary,
      )
      if (source.kind === 'git') summary.commits = stats.commits
    })()
    return iterator
  }
  return {
    [Symbol.asyncIterator]: start,
    summary: () => {
      done ??= (async () => {
        if (iterator === undefined) for await (const _ of start()) continue
        return summary
      })()
      return done
    },
  }
}

/** Scan and collect every finding (convenient for small scans; use {@link scan} to stream). */
export async function scanAll(
  source: ScanSource,
  options: ScanOptions = {},
): Promise<{ findings: Finding[]; summary: ScanSummary }> {
  const run = scan(source, options)
  const findings: Finding[] = []
  for await (const finding of run) findings.push(finding)
  return { findings, summary: await run.summary() }
}
