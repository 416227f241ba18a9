/**
 * PLACEHOLDER — replaced on merge by the detection engine (rules, analysers, suppression).
 * It exists only so the gate (sources, workers, reporters, CLI) builds and runs before the engine
 * lands: it has the engine's API and finds nothing.
 */
import type { Detector, FileScanResult, Severity } from './types.js'

/** An extra rule as written in `gitseal.yaml` (validated by the engine). */
export type RuleConfig = Record<string, unknown>

/** What the engine is configured with; plain data so it can be sent to worker threads. */
export interface DetectorOptions {
  allowlist?: { paths?: string[]; regexes?: string[]; stopwords?: string[] }
  extraRules?: RuleConfig[]
  disabledRules?: string[]
  sopsConfig?: { file: string; text: string }
}

/** A rule's catalogue entry (reporters use it for SARIF rules and help). */
export interface RuleInfo {
  id: string
  title: string
  severity: Severity
  description: string
  remediation: string
}

/** Every rule the engine knows (none in this placeholder). */
export const RULES: readonly RuleInfo[] = []

/** Build a detector (this placeholder finds nothing). */
export function createDetector(_options: DetectorOptions = {}): Detector {
  return {
    scanFile(): FileScanResult {
      return { findings: [] }
    },
  }
}
