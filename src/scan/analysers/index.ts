/** Run every GitOps analyser over one file and merge what they learnt. */
import type { SopsPolicy } from '../sops-policy.js'
import { analyseCue } from './cue.js'
import { analyseDockerConfig } from './docker-config.js'
import { analyseKubernetes } from './k8s.js'
import { analyseKubeconfig } from './kubeconfig.js'
import { checkSopsPolicy } from './sops-policy-check.js'
import { analyseSops } from './sops-file.js'
import type { Analysis, AnalysisInput } from './types.js'

/** All analysers; `policy` is the parsed `.sops.yaml`, when the scan has one. */
export function analyse(input: AnalysisInput, policy: SopsPolicy | undefined): Analysis {
  const sops = analyseSops(input)
  // The policy finding comes first: on the same value it says more than "plaintext Secret".
  const parts =
    policy === undefined ? [sops] : [checkSopsPolicy(input, policy, sops.sopsEncrypted === true), sops]
  if (input.docs.length > 0)
    parts.push(analyseKubernetes(input), analyseKubeconfig(input), analyseDockerConfig(input))
  if (input.path.endsWith('.cue')) parts.push(analyseCue(input))
  const out: Analysis = { findings: [], quiet: [] }
  if (sops.sopsEncrypted === true) out.sopsEncrypted = true
  for (const part of parts) {
    // Element by element: spreading an unbounded array into arguments overflows the stack.
    for (const finding of part.findings) out.findings.push(finding)
    for (const span of part.quiet) out.quiet.push(span)
    for (const rule of part.capped ?? []) (out.capped ??= []).push(rule)
    for (const rule of part.unjudged ?? []) (out.unjudged ??= []).push(rule)
  }
  return out
}

export { ANALYSER_RULES } from './catalogue.js'
export { parseYamlDocuments } from './yaml.js'
export type { Analysis, AnalysisInput, AnalyserFinding } from './types.js'
