/**
 * The detection engine: one file's content in, findings out. Provider rules (keyword prefilter,
 * regex, validation), generic assignments, and the GitOps analysers (Kubernetes, SOPS, kubeconfig,
 * docker config, `.sops.yaml` policy), then suppression (inline `gitseal:allow`, allowlist) and
 * redaction. Pure and synchronous so the gate can run it on worker threads.
 */
import { GitsealError } from '../core/errors.js'
import { compileAllowlist } from './allowlist.js'
import type { AllowlistOptions } from './allowlist.js'
import { ANALYSER_RULES, analyseEach } from './analysers/index.js'
import { MAX_JUDGED_PER_FILE } from './analysers/values.js'
import { TRIGGER_KEYWORDS, eachDocumentToAnalyse } from './structured.js'
import { compileExtraRules } from './extra-rules.js'
import type { RuleConfig } from './extra-rules.js'
import { MAX_MATCHES_PER_RULE, findMatches, keywordAutomatonFor } from './matcher.js'
import type { Candidate } from './matcher.js'
import type { KeywordAutomaton, KeywordHits } from './keyword-automaton.js'
import { GENERIC_KEYWORDS, GENERIC_RULES, PROVIDER_RULES } from './rules/index.js'
import { GENERIC_GATE_WORDS } from './rules/generic.js'
import type { Rule, RuleInfo } from './rules/index.js'
import { parseSopsPolicy } from './sops-policy.js'
import type { SopsPolicy } from './sops-policy.js'
import { buildFindings } from './findings.js'
import { cleanUtf16, decodeContent } from './text.js'
import { printableText } from './sources/binary.js'
import { claimedFormat, claimsTextFormat } from './sources/binary-formats.js'
import { readByProviderRulesOnly } from './third-party-files.js'
import { isCapturedPage } from './captured-pages.js'
import { isVendoredPath } from '../io/vendored-dirs.js'
import { kubernetesAnalyser } from './analysers/k8s.js'
import { INCOMPLETE_RULE, INCOMPLETE_RULE_ID, incompleteFinding } from './incomplete.js'
import { TYPED_WORD_RULE } from './typed-words.js'
import { PKCS12_RULE, pkcs12Candidates } from './rules/pkcs12.js'
import { BINARY_KEY_RULE, JAVA_KEYSTORE_RULE, keyFileCandidates } from './rules/key-files.js'
import type { Detector, FileScanResult, Finding, LineRange } from './types.js'

/** What the engine is configured with; plain data so it can be sent to worker threads. */
export interface DetectorOptions {
  allowlist?: AllowlistOptions
  extraRules?: RuleConfig[]
  disabledRules?: string[]
  /** The repository's `.sops.yaml`: its path relative to the scan root and its text. */
  sopsConfig?: { file: string; text: string }
}

/** Why a file is incomplete when `rule` stopped at its match limit. */
function matchLimitProblem(rule: string): string {
  return `more than ${MAX_MATCHES_PER_RULE} matches of ${rule}, or too many candidates to check: the rest of the file was not checked for it`
}

/** Why a file is incomplete when `rule` stopped at the file's judging budget. */
function judgingLimitProblem(rule: string): string {
  return `more than ${MAX_JUDGED_PER_FILE} values to judge in one file (Secret values and the documents in them): the rest was not judged for ${rule}`
}

/** Every rule the engine knows, for reporters (SARIF rule metadata, help). */
export const RULES: readonly RuleInfo[] = [
  ...ANALYSER_RULES,
  ...PROVIDER_RULES,
  ...GENERIC_RULES,
  TYPED_WORD_RULE,
  PKCS12_RULE,
  JAVA_KEYSTORE_RULE,
  BINARY_KEY_RULE,
  INCOMPLETE_RULE,
].map(({ id, title, severity, description, remediation }) => ({
  id,
  title,
  severity,
  description,
  remediation,
}))

/**
 * The words the keyword pass records besides the rules' keywords: the analysers' triggers and the
 * generic pass's gates (scripts/bundle.mjs prebuilds the automaton with the same list).
 */
export const PASS_WORDS: readonly string[] = [...TRIGGER_KEYWORDS, ...GENERIC_GATE_WORDS]

/** A detector's compiled configuration: what every file is scanned with. */
interface Setup {
  allowlist: ReturnType<typeof compileAllowlist>
  disabled: ReadonlySet<string>
  infos: ReadonlyMap<string, RuleInfo>
  rules: readonly Rule[]
  keywords: KeywordAutomaton
  policy: SopsPolicy | undefined
  /** False when `scan-incomplete` is disabled: problems become notes instead of findings. */
  failClosed: boolean
}

/** @throws GitsealError `E_BAD_CONFIG` for a bad allowlist glob/regex or extra rule. */
function setUp(options: DetectorOptions): Setup {
  const allowlist = compileAllowlist(options.allowlist)
  const disabled = new Set(options.disabledRules ?? [])
  const known = new Set(RULES.map((rule) => rule.id))
  const extra = compileExtraRules(options.extraRules ?? [], known, allowlist.stopwords)
  const rules: Rule[] = [...PROVIDER_RULES, ...extra].filter((rule) => !disabled.has(rule.id))
  return {
    allowlist,
    disabled,
    infos: new Map<string, RuleInfo>([...RULES, ...extra].map((rule) => [rule.id, rule])),
    rules,
    keywords: keywordAutomatonFor(rules, PASS_WORDS),
    policy:
      options.sopsConfig === undefined
        ? undefined
        : parseSopsPolicy(options.sopsConfig.file, options.sopsConfig.text),
    failClosed: !disabled.has(INCOMPLETE_RULE_ID),
  }
}

/**
 * Fail closed: what kept a file from being checked in full is a finding, or with the rule
 * disabled in gitseal.yaml a note; never nothing.
 */
function finish(setup: Setup, path: string, result: FileScanResult, tally: Tally): FileScanResult {
  const { problems, allowedInline } = tally
  if (allowedInline.length > 0) result.allowedInline = allowedInline
  if (problems.length === 0) return result
  if (setup.failClosed) {
    result.findings = [
      ...[...new Set(problems)].map((reason) => incompleteFinding(path, reason)),
      ...result.findings,
    ]
  } else {
    result.notes = [...(result.notes ?? []), ...problems.map((reason) => `not fully scanned: ${reason}`)]
  }
  return result
}

/** What scanning one file gathers besides its findings. */
interface Tally {
  /** What kept the file from being checked in full (see {@link finish}). */
  problems: string[]
  /** Where an inline `gitseal:allow` silenced a finding. */
  allowedInline: LineRange[]
}

/** What one file's text is scanned with: its keyword pass and the problems found so far. */
interface FileText {
  path: string
  text: string
  /** The keyword pass over the text; `found`: the keywords that let rules run. */
  hits: KeywordHits
  found: ReadonlySet<string>
  problems: string[]
}

/** The rules' matches in the file's text; a rule stopped at its match limit is a problem of the file. */
function matchRules(setup: Setup, file: FileText, quiet: readonly [number, number][]): Candidate[] {
  const capped = new Set<string>()
  const unchecked = new Set<string>()
  const { path, text, found, hits } = file
  const { rules, disabled, allowlist } = setup
  const matches = findMatches(
    text,
    path,
    rules,
    found,
    disabled,
    allowlist.stopwords,
    quiet,
    undefined,
    capped,
    hits,
    unchecked,
  )
  for (const rule of capped) file.problems.push(matchLimitProblem(rule))
  for (const rule of unchecked)
    file.problems.push(
      `a possible match of ${rule} runs past the thousands of characters its pattern is checked for: that place was not checked`,
    )
  return matches
}

/** Findings of `candidates`, de-duplicated, allowlisted and without disabled rules. */
function findingsOf(
  setup: Setup,
  path: string,
  text: string,
  candidates: Candidate[],
  tally: Tally,
  valueBlocks: readonly [number, number][] = [],
): Finding[] {
  const { infos, allowlist, disabled } = setup
  const { problems, allowedInline } = tally
  const limits = { disabled, problems, allowedInline, valueBlocks }
  return buildFindings(path, text, candidates, infos, allowlist, limits)
}

/**
 * Binary content: the provider rules (and extra rules) on its printable text, so a token planted
 * between NUL bytes or embedded in a binary is found; the generic assignments and the analysers,
 * which would cry wolf on a binary's strings, stay out — but for content that reads as clean
 * UTF-16 (CJK comments around a `.env` line, no byte order mark), whose decoded text gets the whole
 * scan as well, what both passes found reported once. Nothing found: skipped as binary.
 */
function scanBinary(setup: Setup, path: string, content: Uint8Array, tally: Tally): FileScanResult {
  const text = printableText(content)
  const keyFiles = [...pkcs12Candidates(content, text), ...keyFileCandidates(content, text)]
  let findings = providerFindings(setup, path, text, tally, keyFiles)
  const utf16 = readByProviderRulesOnly(path) ? undefined : cleanUtf16(content)
  // A file named as text (`.env`, `.yaml`, …) that reads as binary had control bytes planted in it
  // (`printf 'DB_PASSWORD=…\n\0\1'` made a small .env binary, every generic rule out): its
  // printable text gets the whole scan too (red team 25). A real binary so named is rare (a
  // git-crypt file: ciphertext, whose printable runs are blanks).
  const wholes: string[] = []
  if (utf16 !== undefined) wholes.push(new TextDecoder(utf16).decode(content))
  // (Both when both hold: a few ASCII bytes and planted NUL bytes can read as "clean" UTF-16 too.)
  if (!readByProviderRulesOnly(path) && claimsTextFormat(path)) wholes.push(text)
  for (const whole of wholes) findings = mergeReadings(scanText(setup, path, whole, tally), findings)
  // A skipped file's findings are not read: skipped only when nothing at all is to be reported.
  return findings.length > 0 || tally.problems.length > 0 ? { findings } : { findings: [], skipped: 'binary' }
}

/** Findings of two readings of one file, each secret a rule found reported once (`first`'s), in line order. */
function mergeReadings(first: Finding[], second: Finding[]): Finding[] {
  const key = (finding: Finding): string => `${finding.ruleId}\0${finding.secret}`
  const inFirst = new Set(first.map(key))
  return [...first, ...second.filter((finding) => !inFirst.has(key(finding)))].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  )
}

/**
 * The provider rules' (and extra rules') findings in `text`: binary strings and vendored files;
 * `inBytes` adds what was found in the bytes themselves (a PKCS#12 file, a keystore, a DER key).
 */
function providerFindings(
  setup: Setup,
  path: string,
  text: string,
  tally: Tally,
  inBytes: Candidate[] = [],
  hits: KeywordHits = setup.keywords.scan(text),
): Finding[] {
  const found = new Set(hits.found)
  // Without the generic keywords the generic rules do not run (nor vault-legacy-token, whose
  // keyword is `token`: a low-confidence shape in a binary's strings anyway).
  for (const word of GENERIC_KEYWORDS) found.delete(word)
  const candidates = [
    ...inBytes,
    ...matchRules(setup, { path, text, hits, found, problems: tally.problems }, []),
  ]
  return findingsOf(setup, path, text, candidates, tally)
}

/** The Kubernetes analyser's findings kept in vendored trees: a Secret's values are no library's test data. */
const VENDORED_ANALYSER_RULES: ReadonlySet<string> = new Set([
  'k8s-secret-plaintext',
  'sealed-secrets-controller-key',
])

/**
 * The plaintext Secret manifests of a vendored file: `kubectl apply -f vendor/k8s` applies them as
 * they stand, and the Secret analyser is precise, unlike the generic rules that stay out of vendored
 * code (a library's test passwords).
 */
function vendoredSecrets(
  setup: Setup,
  path: string,
  text: string,
  found: ReadonlySet<string>,
  problems: string[],
): Candidate[] {
  const reader = kubernetesAnalyser({ path, text, stopwords: setup.allowlist.stopwords, found })
  for (const doc of eachDocumentToAnalyse(path, text, found, undefined, problems)) reader.read(doc)
  const { analysis } = reader
  for (const rule of analysis.capped ?? []) problems.push(matchLimitProblem(rule))
  for (const rule of analysis.unjudged ?? []) problems.push(judgingLimitProblem(rule))
  for (const problem of analysis.problems ?? []) problems.push(problem)
  return analysis.findings
    .filter((finding) => VENDORED_ANALYSER_RULES.has(finding.ruleId))
    .map((finding) => ({ ...finding, priority: 0 }))
}

/** One file: the analysers on its parsed documents, then the text rules. */
function scanContent(setup: Setup, path: string, content: Uint8Array | string, tally: Tally): FileScanResult {
  const { allowlist, policy } = setup
  const { problems } = tally
  if (allowlist.pathAllowed(path)) return { findings: [] }
  const decoded = decodeContent(content, claimedFormat(path) !== undefined)
  if (decoded.binary) return scanBinary(setup, path, content as Uint8Array, tally)
  const { text } = decoded
  const notes = [...decoded.notes]
  // A dependency's code (vendor/, node_modules/) or a lockfile: its keys and tokens are leaked all
  // the same, but its test passwords and package names are not this repository's config (docs/scan.md).
  // A web page saved from a public site: what it holds was served to every visitor.
  if (readByProviderRulesOnly(path) || isCapturedPage(path, text)) {
    const hits = setup.keywords.scan(text, decoded.utf8)
    const secrets = isVendoredPath(path) ? vendoredSecrets(setup, path, text, hits.found, problems) : []
    const findings = providerFindings(setup, path, text, tally, secrets, hits)
    return notes.length > 0 ? { findings, notes } : { findings }
  }
  if (policy !== undefined && path === policy.file) for (const note of policy.notes) notes.push(note)
  let findings = scanText(setup, path, text, tally, decoded.utf8)
  // Read as UTF-16 on a byte order mark and a NUL, or on NUL pairs in its head (UTF-32 on its byte
  // order mark): bytes that are not UTF-16 after that head (an ASCII `.env` line) read as CJK noise
  // (U+FFFD), so the bytes' printable text is scanned too: its byte runs only, for real UTF-16 and
  // UTF-32 text has a NUL byte beside each ASCII character.
  if (decoded.wide === true && typeof content !== 'string')
    findings = mergeReadings(findings, scanText(setup, path, printableText(content, false), tally))
  return notes.length > 0 ? { findings, notes } : { findings }
}

/** The analysers and every text rule on a file's decoded text (`utf8`: its bytes, when clean UTF-8). */
function scanText(setup: Setup, path: string, text: string, tally: Tally, utf8?: Uint8Array): Finding[] {
  const { allowlist, policy } = setup
  const { problems } = tally
  // Clean UTF-8 (nothing replaced): the keyword pass steps over the bytes, several times faster.
  const hits = setup.keywords.scan(text, utf8)
  const { found } = hits
  // No variable holds the parsed documents, and a multi-document file's are parsed as the analysers
  // read them: each is garbage once analysed (holding them all made GC half of a scan).
  const file = { path, text, stopwords: allowlist.stopwords, found }
  const analysis = analyseEach(file, eachDocumentToAnalyse(path, text, found, policy, problems), policy)
  for (const rule of analysis.capped ?? []) problems.push(matchLimitProblem(rule))
  for (const rule of analysis.unjudged ?? []) problems.push(judgingLimitProblem(rule))
  for (const problem of analysis.problems ?? []) problems.push(problem)
  const candidates: Candidate[] = analysis.findings.map((finding) => ({ ...finding, priority: 0 }))
  // One push per match: spreading an unbounded array into arguments overflows the stack.
  for (const match of matchRules(setup, { path, text, hits, found, problems }, analysis.quiet))
    candidates.push(match)
  return findingsOf(setup, path, text, candidates, tally, analysis.valueBlocks)
}

/**
 * Build a detector. Throws only for bad options, never while scanning.
 * @throws GitsealError `E_BAD_CONFIG` for a bad allowlist glob/regex or extra rule.
 */
export function createDetector(options: DetectorOptions = {}): Detector {
  const setup = setUp(options)
  return {
    scanFile(path, content) {
      const tally: Tally = { problems: [], allowedInline: [] }
      try {
        return finish(setup, path, scanContent(setup, path, content, tally), tally)
      } catch (error) {
        // Never throw for content: an unexpected failure fails the file closed. By error name
        // only: a message could quote the content.
        const what = error instanceof GitsealError ? error.code : (error as Error).name
        tally.problems.push(`detection failed (${what})`)
        return finish(setup, path, { findings: [] }, tally)
      }
    },
  }
}

export type { RuleConfig } from './extra-rules.js'
export type { RuleInfo } from './rules/index.js'
