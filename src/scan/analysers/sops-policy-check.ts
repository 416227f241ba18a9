/**
 * `.sops.yaml` says a file must be encrypted, but it is not: report the first value that the
 * matching creation rule would encrypt and that is a secret. Only what is true is reported:
 * - a Secret manifest's `data`/`stringData` value that is a secret (not empty, a `${VAR}`, a
 *   placeholder or a reference);
 * - in a plain YAML/JSON/dotenv/INI file (the usual `secrets.yaml` / `.env`), a value under a
 *   secret-like key, or one that looks random;
 * - never other Kubernetes kinds (a broad `path_regex: .*\.yaml` meant for Secrets should not flag
 *   every Deployment), nor files that are not structured (a README or template that merely
 *   matches `.*secret.*`): the text rules judge those by what they hold.
 */
import { ruleForPath } from '../sops-policy.js'
import type { SopsPolicy } from '../sops-policy.js'
import { valueMustBeEncrypted, withDefault } from '../../core/sops-rules.js'
import type { EncryptionRules } from '../../core/sops-rules.js'
import { isEncryptedValue } from '../../core/sops-value.js'
import { shannonEntropy } from '../entropy.js'
import { SECRET_MANAGER_REFERENCE } from '../placeholder.js'
import { secretLikeName, secretLikeValue } from '../rules/generic.js'
import type { Analysis, AnalysisInput, DocumentAnalyser, FileInput } from './types.js'
import { dotenvLeaves, documentLeaves, iniLeaves } from './leaves.js'
import type { Leaf } from './leaves.js'
import { JudgingBudget, decodeBase64, secretValueReportable } from './values.js'
import { getString, isMap } from './yaml.js'
import type { Document } from './yaml.js'

const DOTENV_PATH = /\.env$|(?:^|\/)\.env(?:\.[\w.-]+)?$/

function unquote(value: string): string {
  const trimmed = value.trim()
  const quoted = /^(["'])([\s\S]*)\1$/.exec(trimmed)
  return quoted ? (quoted[2] ?? '') : trimmed
}

// One token of the characters keys are written in, `=` only as base64 padding: no spaces, `:`, `@`
// or `NAME=value` (commands, image references, mounts, addresses, labels, variables).
const TOKEN = /^[A-Za-z0-9+/_.~-]{16,}={0,2}$/
// Lowercase pieces joined by `.`, `_`, `/` or `-` (`linuxserver/smokeping`, `responder.py.j2`, a
// UUID): a path, a name or an identifier.
const LOWERCASE_PIECES = /^[a-z0-9]+(?:[._/-][a-z0-9]+)+$/

/**
 * A value under a name that says nothing of a secret is reported only when it is one random token
 * of letters and digits (`America/New_York`, image names and mounts, in a repository whose broad
 * `path_regex: \.yaml$` rule covers every playbook, are not), as the generic rules would take it.
 */
function looksRandom(value: string, stopwords: readonly string[]): boolean {
  return (
    TOKEN.test(value) &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !LOWERCASE_PIECES.test(value) &&
    shannonEntropy(value) >= 3.5 &&
    secretLikeValue(value, stopwords)
  )
}

/** Whether `leaf`, which the rule says must be encrypted, holds a secret. */
function holdsSecret(
  leaf: Leaf,
  secretManifest: boolean,
  stopwords: readonly string[],
  budget: JudgingBudget,
): boolean {
  const key = leaf.path.at(-1) ?? ''
  let value = leaf.block ?? unquote(leaf.value)
  if (value === '' || isEncryptedValue(value)) return false
  // `api_key: !env_var RADARR_APIKEY`: a reference the application resolves, not a value.
  if (leaf.tag !== undefined && SECRET_MANAGER_REFERENCE.test(`${leaf.tag} ${value}`)) return false
  if (secretManifest) {
    if (leaf.path[0] !== 'data' && leaf.path[0] !== 'stringData') return false
    if (leaf.path[0] === 'data') value = decodeBase64(value) ?? value
  } else if (
    !leaf.path.some((name) => secretLikeName(name) !== undefined) &&
    !looksRandom(value, stopwords)
  ) {
    return false
  }
  return secretValueReportable(key, value, stopwords, 0, budget)
}

/** The first leaf holding a secret; undefined also once the file's judging budget is spent. */
function firstSecret(
  leaves: Iterable<Leaf>,
  rules: EncryptionRules,
  secretManifest: boolean,
  stopwords: readonly string[],
  budget: JudgingBudget,
): Leaf | undefined {
  for (const leaf of leaves) {
    if (budget.exhausted) return undefined
    if (valueMustBeEncrypted(rules, leaf.path) && holdsSecret(leaf, secretManifest, stopwords, budget))
      return leaf
  }
  return undefined
}

/** The first secret of a dotenv or INI file (no documents). */
function findInLines(input: FileInput, rules: EncryptionRules, budget: JudgingBudget): Leaf | undefined {
  const { stopwords } = input
  if (DOTENV_PATH.test(input.path))
    return firstSecret(dotenvLeaves(input.text), rules, false, stopwords, budget)
  if (/\.ini$/i.test(input.path)) return firstSecret(iniLeaves(input.text), rules, false, stopwords, budget)
  return undefined
}

/**
 * The policy check of one file, a document at a time (a file without documents, dotenv or INI,
 * is read whole by `finishLines`): the first value its rule would encrypt that is a secret.
 */
function policyChecker(
  input: FileInput,
  policy: SopsPolicy,
): (DocumentAnalyser & { finishLines(): Analysis }) | undefined {
  const rule = ruleForPath(policy, input.path)
  if (rule === undefined) return undefined
  // As sops encrypts a new file under this rule: its rules, or the default when it names none.
  const rules = withDefault(rule.rules)
  const budget = new JudgingBudget()
  let leaf: Leaf | undefined
  const analysis = (): Analysis => {
    const out: Analysis = { findings: [], quiet: [] }
    // Values left unjudged past the file's budget: not fully checked against the policy.
    if (leaf === undefined && budget.exhausted) out.unjudged = ['sops-policy-unencrypted']
    if (leaf)
      out.findings.push({
        ruleId: 'sops-policy-unencrypted',
        start: leaf.start,
        end: leaf.end,
        secret: leaf.value,
      })
    return out
  }
  return {
    read(doc: Document.Parsed): void {
      if (leaf !== undefined) return
      const kind = isMap(doc.contents) ? getString(doc.contents, 'kind') : undefined
      if (kind !== undefined && kind !== 'Secret') return
      const leaves = documentLeaves(input.text, [doc])
      leaf = firstSecret(leaves, rules, kind === 'Secret', input.stopwords, budget)
    },
    get analysis() {
      return analysis()
    },
    finishLines(): Analysis {
      leaf = findInLines(input, rules, budget)
      return analysis()
    },
  }
}

/** The policy check of a file whose documents are read one at a time (never SOPS-encrypted: see index.ts). */
export function sopsPolicyAnalyser(input: FileInput, policy: SopsPolicy): DocumentAnalyser {
  return policyChecker(input, policy) ?? { analysis: { findings: [], quiet: [] }, read: () => undefined }
}

/** Check a file against the policy; `encrypted` when it is SOPS-encrypted (then nothing to say here). */
export function checkSopsPolicy(input: AnalysisInput, policy: SopsPolicy, encrypted: boolean): Analysis {
  const checker = encrypted ? undefined : policyChecker(input, policy)
  if (checker === undefined) return { findings: [], quiet: [] }
  if (input.docs.length === 0) return checker.finishLines()
  for (const doc of input.docs) checker.read(doc)
  return checker.analysis
}
