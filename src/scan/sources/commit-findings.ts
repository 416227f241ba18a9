/**
 * `--git`: which findings of a commit's blob are the commit's. A text rule's finding is the
 * commit's when it touches a line the commit added. A manifest analyser's finding also takes its
 * meaning from other lines of its YAML document (`kind: Secret`, `data:`, an anchor): a commit
 * that turns a ConfigMap into a Secret, or adds `data: {v: *x}` under an old anchor, adds no line
 * of the value yet makes it a plaintext Secret. Such a finding is the commit's when the commit
 * added any line of its document.
 */
import { ANALYSER_RULES } from '../analysers/catalogue.js'
import { decodeContent } from '../text.js'
import type { Finding } from '../types.js'
import { touchesRanges } from './types.js'
import type { LineRanges } from './types.js'

const ANALYSER_RULE_IDS: ReadonlySet<string> = new Set(ANALYSER_RULES.map((rule) => rule.id))

/** A YAML document marker at a line's start: `---` or `...`, alone or before a space or tab. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t\r]|$)/

/** The first line of each YAML document of `text` (1-based; a JSON text is one document). */
function documentStarts(text: string): number[] {
  const starts = [1]
  let line = 1
  for (let at = 0; at < text.length; line++) {
    const newline = text.indexOf('\n', at)
    const end = newline < 0 ? text.length : newline
    if (text.startsWith('---', at) || text.startsWith('...', at)) {
      if (DOCUMENT_MARKER.test(text.slice(at, Math.min(end, at + 5)))) starts.push(line)
    }
    if (newline < 0) break
    at = newline + 1
  }
  return starts
}

/** The findings a commit that added `added` lines to `content` is answerable for. */
export function commitFindings(findings: Finding[], content: Uint8Array, added: LineRanges): Finding[] {
  // An incomplete scan is reported whatever lines a commit added: the whole file went unread.
  const kept = (finding: Finding): boolean =>
    finding.ruleId === 'scan-incomplete' || touchesRanges(finding, added)
  if (findings.every((finding) => kept(finding) || !ANALYSER_RULE_IDS.has(finding.ruleId)))
    return findings.filter(kept)
  // Rare: an analyser's finding off the added lines. Its document is looked up in the text.
  const starts = documentStarts(decodeContent(content).text)
  const inTouchedDocument = (finding: Finding): boolean => {
    let doc = 0
    while (doc + 1 < starts.length && (starts[doc + 1] ?? 0) <= finding.line) doc++
    const start = starts[doc] ?? 1
    const end = doc + 1 < starts.length ? (starts[doc + 1] ?? 1) - 1 : Number.MAX_SAFE_INTEGER
    return touchesRanges({ ...finding, line: start, endLine: end }, added)
  }
  return findings.filter(
    (finding) => kept(finding) || (ANALYSER_RULE_IDS.has(finding.ruleId) && inTouchedDocument(finding)),
  )
}
