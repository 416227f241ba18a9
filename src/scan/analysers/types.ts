/** What GitOps analysers get and give back. */
import type { Document } from 'yaml'
import type { RawMatch } from '../rules/types.js'

/** One file, decoded: what every analyser reads besides its parsed documents. */
export interface FileInput {
  path: string
  text: string
  /** Allowlist stop words (lowercase). */
  stopwords: readonly string[]
  /**
   * The words the keyword pass found in the text (lowercased; structured.ts TRIGGER_KEYWORDS among
   * them), when it ran: an analyser need not search the text for one it lacks.
   */
  found?: ReadonlySet<string>
}

/** One file, decoded, with its YAML documents parsed once (empty when not YAML/JSON or unparsable). */
export interface AnalysisInput extends FileInput {
  docs: readonly Document.Parsed[]
}

/**
 * An analyser reading one file's documents one at a time, what it shares between them (budgets)
 * kept inside: a document is garbage once read, so a file of many documents is never held parsed
 * whole (holding 20,000 small Secrets made garbage collection half of the scan).
 */
export interface DocumentAnalyser {
  read(doc: Document.Parsed): void
  /** What it found in the documents read. */
  readonly analysis: Analysis
}

/** A finding of an analyser: a rule id and where the secret is. */
export interface AnalyserFinding extends RawMatch {
  ruleId: string
}

/** What an analyser learnt about a file. */
export interface Analysis {
  findings: AnalyserFinding[]
  /** Source ranges where text rules must stay silent (SealedSecret documents, SOPS metadata). */
  quiet: [number, number][]
  /** The file is SOPS-encrypted (for the `.sops.yaml` policy check). */
  sopsEncrypted?: boolean
  /** Rules that stopped at their match limit: the rest of the file was not checked for them. */
  capped?: string[]
  /** Rules that stopped at the file's judging budget: the rest of the file was not judged for them. */
  unjudged?: string[]
  /** What kept part of the file from being read (a manifest in a block scalar that does not parse). */
  problems?: string[]
  /**
   * Source ranges of a Secret's values written as block scalars (`password: |`) that are the value
   * itself, not a file kept in it: a `# gitseal:allow` there is part of the value, no comment.
   */
  valueBlocks?: [number, number][]
}
