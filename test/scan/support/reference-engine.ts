/**
 * The engine's old hot path, kept as a reference for differential tests: every keyword found by a
 * check of every position of the lowercased text, and every structured file (or manifest) that matches the
 * analyser trigger parsed whole. The engine must report exactly what this reports.
 */
import { compileAllowlist } from '../../../src/scan/allowlist.js'
import { analyse, parseYamlDocuments } from '../../../src/scan/analysers/index.js'
import { buildFindings } from '../../../src/scan/findings.js'
import { findMatches } from '../../../src/scan/matcher.js'
import type { Candidate } from '../../../src/scan/matcher.js'
import { RULES } from '../../../src/scan/engine.js'
import { GENERIC_KEYWORDS, PROVIDER_RULES } from '../../../src/scan/rules/index.js'
import type { RuleInfo } from '../../../src/scan/rules/index.js'
import { ANALYSER_TRIGGER, MAX_PARSE, STRUCTURED, readsAsManifest } from '../../../src/scan/structured.js'
import { decodeContent } from '../../../src/scan/text.js'
import type { Finding } from '../../../src/scan/types.js'
import { KeywordIndex } from './reference-keywords.js'

const index = new KeywordIndex([...PROVIDER_RULES.flatMap((rule) => rule.keywords), ...GENERIC_KEYWORDS])
const infos = new Map<string, RuleInfo>(RULES.map((rule) => [rule.id, rule]))
const allowlist = compileAllowlist(undefined)

/** The old way to run a rule: its global regex over the whole text. */
export function* globalExec(regex: RegExp, text: string): Generator<RegExpExecArray> {
  regex.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = regex.exec(text)) !== null) {
    if (match[0].length === 0) {
      regex.lastIndex++
      continue
    }
    yield match
  }
}

/** Findings of the old path for one file (default options: no allowlist, extra rules or policy). */
export function referenceScan(path: string, content: string): Finding[] {
  const { text } = decodeContent(content)
  const parse =
    // A manifest is one under any name (kustomize and `kubectl apply -f` read it).
    (STRUCTURED.test(path) || readsAsManifest(text)) &&
    text.length <= MAX_PARSE &&
    (ANALYSER_TRIGGER.test(text) || /\.dockercfg$/.test(path))
  const docs = parse ? parseYamlDocuments(text) : []
  const analysis = analyse({ path, text, docs, stopwords: allowlist.stopwords }, undefined)
  const candidates: Candidate[] = analysis.findings.map((finding) => ({ ...finding, priority: 0 }))
  const found = index.found(text.toLowerCase())
  candidates.push(
    ...findMatches(
      text,
      path,
      PROVIDER_RULES,
      found,
      new Set(),
      allowlist.stopwords,
      analysis.quiet,
      globalExec,
    ),
  )
  return buildFindings(path, text, candidates, infos, allowlist)
}
