/**
 * `gitseal/scan` — not implemented yet: every function throws `E_NOT_IMPLEMENTED` until its issue lands.
 */
import { GitsealError } from '../core/errors.js'

/** Placeholder until the scan backend lands. */
export function notImplemented(): never {
  throw new GitsealError('E_NOT_IMPLEMENTED', 'gitseal/scan is not implemented yet')
}

export type { CommitInfo, Detector, FileScanResult, Finding, Severity, SkipReason } from './types.js'
