/**
 * Kubernetes Secrets written in CUE (`k: Secret: hydra: stringData: {…}`, or a struct with
 * `kind: "Secret"`): no YAML parser sees them, so their `data`/`stringData` fields are read line by
 * line and judged as a YAML Secret's are. One pass over the lines: linear in the file.
 */
import type { Analysis, FileInput } from './types.js'
import { JudgingBudget, decodeBase64, secretValueReportable } from './values.js'
import { MAX_MATCHES_PER_RULE } from '../matcher.js'

// `… Secret: name: stringData: {` or `stringData: {` (the Secret named by a `kind:` line before it).
const OPEN = /(?:^|[\s:])(string[dD]ata|data):[ \t]*\{[ \t]*$/
const SECRET_LABEL = /(?:^|[\s:])Secret:/
const KIND = /(?:^|[\s{,])kind:[ \t]*"([A-Za-z]+)"/
// `KEY: "value"` or `"key.json": "value"`: one double-quoted string, nothing else on the line.
const FIELD =
  /^[ \t]*(?:"([^"\\]{1,200})"|([A-Za-z_$][\w$-]{0,200})):[ \t]*"((?:[^"\\\r\n]|\\.){1,4096})"[ \t]*,?[ \t]*(?:\/\/.*)?$/

/**
 * `{` less `}` on a line, outside double-quoted strings: a loop, not a regex alternation over the
 * string (V8 ran out of stack on a 10 MB line).
 */
function braceBalance(line: string): number {
  let balance = 0
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (quoted) {
      if (c === 92) i++
      else if (c === 34) quoted = false
    } else if (c === 34) quoted = true
    else if (c === 123) balance++
    else if (c === 125) balance--
  }
  return balance
}

/** Plaintext values of Secrets declared in a `.cue` file. */
export function analyseCue(input: FileInput): Analysis {
  const out: Analysis = { findings: [], quiet: [] }
  if (!input.path.endsWith('.cue')) return out
  const { text } = input
  let kind = ''
  let field: string | undefined // inside a Secret's data/stringData block
  let depth = 0
  const budget = new JudgingBudget()
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start)
    const end = newline < 0 ? text.length : newline
    const line = text.slice(start, end)
    if (field === undefined) {
      const kindMatch = KIND.exec(line)
      if (kindMatch) kind = kindMatch[1] ?? ''
      const open = OPEN.exec(line)
      if (open && (SECRET_LABEL.test(line) || kind === 'Secret')) {
        field = open[1]
        depth = 1
      }
    } else {
      const match = FIELD.exec(line)
      if (depth === 1 && match) {
        const key = match[1] ?? match[2] ?? ''
        const raw = match[3] ?? ''
        const judged = field === 'data' ? (decodeBase64(raw) ?? raw) : raw
        const reportable = secretValueReportable(key, judged, input.stopwords, 0, budget)
        // Past the file's judging budget or match limit the rest is not judged: not fully scanned.
        if (budget.exhausted) {
          out.unjudged = ['k8s-secret-plaintext']
          return out
        }
        if (out.findings.length >= MAX_MATCHES_PER_RULE) {
          out.capped = ['k8s-secret-plaintext']
          return out
        }
        if (reportable) {
          const at = start + line.lastIndexOf(`"${raw}"`) + 1
          out.findings.push({ ruleId: 'k8s-secret-plaintext', start: at, end: at + raw.length, secret: raw })
        }
      } else {
        depth += braceBalance(line)
        if (depth <= 0) field = undefined
      }
    }
    start = end + 1
  }
  return out
}
