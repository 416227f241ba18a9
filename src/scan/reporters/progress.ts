/**
 * The TTY progress line of long scans (files, bytes, rate), redrawn in place at most ten times a
 * second and only after the scan has run for a moment, so short scans print nothing extra.
 */
import type { ScanProgress } from '../workers/pipeline.js'
import { formatBytes } from './common.js'

/** A progress display writing through `write` (stderr on a terminal). */
export interface ProgressLine {
  update: (progress: ScanProgress) => void
  /** Erase the line (call before printing the report). */
  clear: () => void
}

/** Make a progress line; `now` is injectable for tests. */
export function createProgressLine(
  write: (text: string) => void,
  options: { delayMs?: number; intervalMs?: number; now?: () => number } = {},
): ProgressLine {
  const now = options.now ?? (() => performance.now())
  const delay = options.delayMs ?? 400
  const interval = options.intervalMs ?? 100
  let last = -Infinity
  let shown = false
  return {
    update(progress) {
      const t = now()
      if (progress.elapsedMs < delay || t - last < interval) return
      last = t
      shown = true
      const rate = progress.bytes / 1e6 / Math.max(progress.elapsedMs / 1000, 0.001)
      const findings = progress.findings > 0 ? `, ${progress.findings} found` : ''
      write(
        `\r\x1b[Kscanning: ${progress.files} files, ${formatBytes(progress.bytes)}, ${rate.toFixed(1)} MB/s${findings}`,
      )
    },
    clear() {
      if (shown) write('\r\x1b[K')
      shown = false
    },
  }
}
