/** Run every GitOps analyser over one file and merge what they learnt. */
import type { Document } from 'yaml'
import { mayHaveSopsKey } from '../../core/document-text.js'
import type { SopsPolicy } from '../sops-policy.js'
import { analyseCue } from './cue.js'
import { analyseDockerConfig, dockerConfigAnalyser } from './docker-config.js'
import { analyseKubernetes, kubernetesAnalyser } from './k8s.js'
import { analyseKubeconfig, kubeconfigAnalyser } from './kubeconfig.js'
import { checkSopsPolicy, sopsPolicyAnalyser } from './sops-policy-check.js'
import { analyseSops, firstSopsMetadata, sopsAnalyser } from './sops-file.js'
import type { DocumentStream } from './documents.js'
import type { Analysis, AnalysisInput, FileInput } from './types.js'

/** All analysers; `policy` is the parsed `.sops.yaml`, when the scan has one. */
export function analyse(input: AnalysisInput, policy: SopsPolicy | undefined): Analysis {
  const sops = analyseSops(input)
  // The policy finding comes first: on the same value it says more than "plaintext Secret".
  const parts =
    policy === undefined ? [sops] : [checkSopsPolicy(input, policy, sops.sopsEncrypted === true), sops]
  if (input.docs.length > 0)
    parts.push(analyseKubernetes(input), analyseKubeconfig(input), analyseDockerConfig(input))
  return merged(input, parts, sops.sopsEncrypted === true)
}

/**
 * {@link analyse} with the documents read one at a time as `docs` yields them (parsed on demand):
 * a document is garbage once read, so a file of many documents is never held parsed whole.
 * When some document may hold SOPS metadata, which makes every document of the file encrypted,
 * the metadata is looked for first among the documents that may hold it (then every document is
 * read one at a time as well); without that pass, the documents are read together.
 */
export function analyseEach(
  file: FileInput,
  docs: Iterable<Document.Parsed> | DocumentStream,
  policy: SopsPolicy | undefined,
): Analysis {
  let metadata: unknown
  if (file.found?.has('sops') !== false && mayHaveSopsKey(file.text)) {
    const candidates = (docs as DocumentStream).sopsCandidates
    if (candidates === undefined) return analyse({ ...file, docs: [...docs] }, policy)
    metadata = firstSopsMetadata(candidates())
  }
  const encrypted = metadata !== undefined
  // The order of `analyse`'s parts: the policy says nothing of an encrypted file, and the SOPS
  // analyser finds nothing in a file without metadata.
  const readers = [
    ...(policy === undefined || encrypted ? [] : [sopsPolicyAnalyser(file, policy)]),
    ...(encrypted ? [sopsAnalyser(file, metadata)] : []),
    kubernetesAnalyser(file),
    kubeconfigAnalyser(file),
    dockerConfigAnalyser(file),
  ]
  let none = true
  for (const doc of docs) {
    none = false
    for (const reader of readers) reader.read(doc)
  }
  // No document: a dotenv/INI file, which the SOPS and policy analysers read by its lines.
  if (none) return analyse({ ...file, docs: [] }, policy)
  return merged(
    file,
    readers.map((reader) => reader.analysis),
    encrypted,
  )
}

/** The analysers' parts in order, with the CUE analyser's for a `.cue` file. */
function merged(file: FileInput, parts: Analysis[], sopsEncrypted: boolean): Analysis {
  if (file.path.endsWith('.cue')) parts.push(analyseCue(file))
  const out: Analysis = { findings: [], quiet: [] }
  if (sopsEncrypted) out.sopsEncrypted = true
  for (const part of parts) {
    // Element by element: spreading an unbounded array into arguments overflows the stack.
    for (const finding of part.findings) out.findings.push(finding)
    for (const span of part.quiet) out.quiet.push(span)
    for (const rule of part.capped ?? []) (out.capped ??= []).push(rule)
    for (const rule of part.unjudged ?? []) (out.unjudged ??= []).push(rule)
    for (const problem of part.problems ?? []) (out.problems ??= []).push(problem)
    for (const span of part.valueBlocks ?? []) (out.valueBlocks ??= []).push(span)
  }
  return out
}

export { ANALYSER_RULES } from './catalogue.js'
export { parseYamlDocuments } from './yaml.js'
export type { Analysis, AnalysisInput, AnalyserFinding, FileInput } from './types.js'
