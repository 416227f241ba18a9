/**
 * The scanner's contract between detection (rules, analysers, suppression: `engine.ts`) and the
 * gate around it (sources, workers, baseline, reporters, CLI). Pure data; no I/O.
 */

/** How bad a finding is; reporters map it to SARIF levels and colours. */
export type Severity = 'high' | 'medium' | 'low'

/** Where a finding came from in git modes (`--git RANGE`, `--staged`). */
export interface CommitInfo {
  sha: string
  author: string
  email: string
  /** ISO 8601 date of the commit. */
  date: string
  /** The commit's subject, its secret-looking tokens masked (`add key *****`). */
  message?: string
}

/** One detected secret. `secret` is the raw match: reporters must redact it unless told otherwise. */
export interface Finding {
  /** Stable rule id, e.g. `aws-access-key-id`, `k8s-secret-plaintext`. */
  ruleId: string
  /** One line saying what was found, e.g. "AWS access key ID". Never contains the secret. */
  title: string
  severity: Severity
  /** Path as given to the scanner (relative to the scan root, `/` separators), or `<stdin>`. */
  file: string
  /** 1-based line and column (column in UTF-16 code units, as editors count) of the secret's start. */
  line: number
  column: number
  endLine: number
  endColumn: number
  /** The secret itself. Only reporters with `--show-secrets` may print it. */
  secret: string
  /** The line with the secret masked (first/last few characters kept at most), trimmed to ~200 chars. */
  redactedLine: string
  /**
   * Stable id of the finding in reports (SARIF `partialFingerprints`, JSON, JUnit): a hash of rule,
   * file, the name the secret is assigned to and its rank among equal ones — never of the secret,
   * and not the line number, which drifts. Baselines hash the secret salted (see `createBaseline`).
   */
  fingerprint: string
  /** What to do about it, e.g. "Seal it with `gitseal seal` or encrypt it with `gitseal encrypt`." */
  remediation: string
  /** Set by git sources. */
  commit?: CommitInfo
}

/** Why a file was not scanned; the summary counts each reason. */
export type SkipReason =
  'binary' | 'too-large' | 'unreadable' | 'symlink-loop' | 'symlink' | 'excluded' | 'ignored'

/** The lines (1-based, inclusive) a finding spans. */
export interface LineRange {
  line: number
  endLine: number
}

/** The result of scanning one file's content. */
export interface FileScanResult {
  findings: Finding[]
  /** Where an inline `gitseal:allow` comment silenced a finding (counted in the report's summary). */
  allowedInline?: LineRange[]
  /** Set when the content was not scanned (e.g. binary). */
  skipped?: SkipReason
  /** Problems worth reporting that are not findings (e.g. invalid UTF-8 decoded with replacement). */
  notes?: string[]
}

/** Detection over one file's content. Implementations must be pure and safe to call from workers. */
export interface Detector {
  /**
   * Scan `content` of the file at `path` (the path matters: `.env`, `.sops.yaml` rules, kubeconfig...).
   * Never throws for bad content: binary, invalid UTF-8, huge lines are results, not errors.
   */
  scanFile(path: string, content: Uint8Array | string): FileScanResult
}
