/**
 * `.sops.yaml` says a file must be encrypted, but it is not: report the first value the matching
 * creation rule would encrypt. Kubernetes documents other than Secrets are left alone (a broad
 * `path_regex: .*\.yaml` meant for Secrets should not flag every Deployment or ConfigMap).
 */
import { ruleForPath } from '../sops-policy.js'
import type { SopsPolicy } from '../sops-policy.js'
import type { Analysis, AnalysisInput } from './types.js'
import { dotenvLeaves, documentLeaves, iniLeaves } from './leaves.js'
import type { Leaf } from './leaves.js'
import { shouldBeEncrypted } from './sops-rules.js'
import { getString, isMap } from './yaml.js'

function candidateDocs(input: AnalysisInput): AnalysisInput['docs'] {
  return input.docs.filter((doc) => {
    const kind = isMap(doc.contents) ? getString(doc.contents, 'kind') : undefined
    return kind === undefined || kind === 'Secret'
  })
}

/** Check a file that is not SOPS-encrypted against the policy. */
export function checkSopsPolicy(input: AnalysisInput, policy: SopsPolicy, encrypted: boolean): Analysis {
  const out: Analysis = { findings: [], quiet: [] }
  if (encrypted) return out
  const rule = ruleForPath(policy, input.path)
  if (rule === undefined) return out
  let leaves: Iterable<Leaf>
  if (input.docs.length > 0) leaves = documentLeaves(input.text, candidateDocs(input))
  else if (/\.env$|(?:^|\/)\.env(?:\.[\w.-]+)?$/.test(input.path)) leaves = dotenvLeaves(input.text)
  else if (/\.ini$/i.test(input.path)) leaves = iniLeaves(input.text)
  else if (/\.(?:ya?ml|json)$/i.test(input.path))
    leaves = [] // structured but unparsable: nothing to point at
  else {
    const start = input.text.search(/\S/)
    if (start < 0) return out
    const lineEnd = input.text.indexOf('\n', start)
    const end = lineEnd < 0 ? input.text.length : lineEnd
    leaves = [{ path: [], value: input.text.slice(start, end), start, end }]
  }
  let first: Leaf | undefined
  for (const leaf of leaves) {
    if (leaf.value.trim() === '') continue
    if (leaf.path.length > 0 && !shouldBeEncrypted(rule.selector, leaf.path)) continue
    first ??= leaf
    // Point at a Secret's data rather than its apiVersion when there is some.
    if (leaf.path[0] === 'data' || leaf.path[0] === 'stringData') {
      first = leaf
      break
    }
  }
  if (first)
    out.findings.push({
      ruleId: 'sops-policy-unencrypted',
      start: first.start,
      end: first.end,
      secret: first.value,
    })
  return out
}
