/**
 * The detection engine: one file's content in, findings out. Provider rules (keyword prefilter,
 * regex, validation), generic assignments, and the GitOps analysers (Kubernetes, SOPS, kubeconfig,
 * docker config, `.sops.yaml` policy), then suppression (inline `gitseal:allow`, allowlist) and
 * redaction. Pure and synchronous so the gate can run it on worker threads.
 */
import { GitsealError } from '../core/errors.js'
import { compileAllowlist } from './allowlist.js'
import type { AllowlistOptions } from './allowlist.js'
import { ANALYSER_RULES, analyse } from './analysers/index.js'
import { TRIGGER_KEYWORDS, documentsToAnalyse } from './structured.js'
import { compileExtraRules } from './extra-rules.js'
import type { RuleConfig } from './extra-rules.js'
import { findMatches, keywordAutomatonFor } from './matcher.js'
import type { Candidate } from './matcher.js'
import { GENERIC_RULES, PROVIDER_RULES } from './rules/index.js'
import type { Rule, RuleInfo } from './rules/index.js'
import { parseSopsPolicy } from './sops-policy.js'
import type { SopsPolicy } from './sops-policy.js'
import { buildFindings } from './findings.js'
import { decodeContent } from './text.js'
import type { Detector, FileScanResult } from './types.js'

/** What the engine is configured with; plain data so it can be sent to worker threads. */
export interface DetectorOptions {
  allowlist?: AllowlistOptions
  extraRules?: RuleConfig[]
  disabledRules?: string[]
  /** The repository's `.sops.yaml`: its path relative to the scan root and its text. */
  sopsConfig?: { file: string; text: string }
}

/** Every rule the engine knows, for reporters (SARIF rule metadata, help). */
export const RULES: readonly RuleInfo[] = [...ANALYSER_RULES, ...PROVIDER_RULES, ...GENERIC_RULES].map(
  ({ id, title, severity, description, remediation }) => ({ id, title, severity, description, remediation }),
)

/**
 * Build a detector. Throws only for bad options, never while scanning.
 * @throws GitsealError `E_BAD_CONFIG` for a bad allowlist glob/regex or extra rule.
 */
export function createDetector(options: DetectorOptions = {}): Detector {
  const allowlist = compileAllowlist(options.allowlist)
  const disabled = new Set(options.disabledRules ?? [])
  const known = new Set(RULES.map((rule) => rule.id))
  const extra = compileExtraRules(options.extraRules ?? [], known, allowlist.stopwords)
  const infos = new Map<string, RuleInfo>([...RULES, ...extra].map((rule) => [rule.id, rule]))
  const rules: Rule[] = [...PROVIDER_RULES, ...extra].filter((rule) => !disabled.has(rule.id))
  const keywords = keywordAutomatonFor(rules, TRIGGER_KEYWORDS)
  const policy: SopsPolicy | undefined =
    options.sopsConfig === undefined
      ? undefined
      : parseSopsPolicy(options.sopsConfig.file, options.sopsConfig.text)

  function scan(path: string, content: Uint8Array | string): FileScanResult {
    if (allowlist.pathAllowed(path)) return { findings: [] }
    const decoded = decodeContent(content)
    if (decoded.binary) return { findings: [], skipped: 'binary' }
    const { text } = decoded
    const notes = [...decoded.notes]
    if (policy !== undefined && path === policy.file) notes.push(...policy.notes)
    const { found } = keywords.scan(text)
    const docs = documentsToAnalyse(path, text, found, policy)
    const analysis = analyse({ path, text, docs, stopwords: allowlist.stopwords }, policy)
    const candidates: Candidate[] = analysis.findings.map((finding) => ({ ...finding, priority: 0 }))
    candidates.push(...findMatches(text, path, rules, found, disabled, allowlist.stopwords, analysis.quiet))
    const findings = buildFindings(path, text, candidates, infos, allowlist).filter(
      (finding) => !disabled.has(finding.ruleId),
    )
    return notes.length > 0 ? { findings, notes } : { findings }
  }

  return {
    scanFile(path, content) {
      try {
        return scan(path, content)
      } catch (error) {
        // Never throw for content: an unexpected failure is a note, and the file counts as scanned.
        const message = error instanceof GitsealError ? error.message : (error as Error).name
        return { findings: [], notes: [`${path}: detection failed (${message}); file not fully scanned`] }
      }
    },
  }
}

export type { RuleConfig } from './extra-rules.js'
export type { RuleInfo } from './rules/index.js'
