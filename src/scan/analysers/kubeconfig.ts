/**
 * kubeconfig files: users with embedded credentials (`token`, `password`, `client-key-data`, OIDC
 * auth-provider secrets). Certificates and CA data are public and never reported.
 */
import { isPlaceholder } from '../placeholder.js'
import type { Analysis, AnalysisInput, DocumentAnalyser, FileInput } from './types.js'
import { readAll } from './read-all.js'
import { entries, getNode, getString, isMap, isScalar, items, scalarSpan } from './yaml.js'
import type { Document, Scalar } from './yaml.js'
import { decodeBase64 } from './values.js'
import { holdsPrivateKey } from '../rules/pem.js'

const FIELDS: Record<string, string> = {
  token: 'kubeconfig-token',
  password: 'kubeconfig-password',
  'client-key-data': 'kubeconfig-client-key',
  'client-secret': 'kubeconfig-token',
  'id-token': 'kubeconfig-token',
  'refresh-token': 'kubeconfig-token',
  'access-token': 'kubeconfig-token',
}

// Lowercase words joined by `-`, `_` or `.`.
const WORDS = /^[a-z]+(?:[-_.][a-z]+)*$/

function report(input: FileInput, field: string, node: Scalar, out: Analysis): void {
  if (typeof node.value !== 'string') return
  const value = node.value
  if (field === 'client-key-data') {
    const pem = decodeBase64(value) ?? ''
    if (!pem.includes('PRIVATE KEY')) return
    if (!holdsPrivateKey(pem) && isPlaceholder(value, input.stopwords)) return
  } else if (isPlaceholder(value, input.stopwords) || value.length < 6) return
  // `token: blue-token`: lowercase words name a demo user's token; a server issues random ones.
  else if (field !== 'password' && WORDS.test(value)) return
  const span = scalarSpan(input.text, node)
  const ruleId = FIELDS[field]
  if (span && ruleId !== undefined)
    out.findings.push({ ruleId, start: span.start, end: span.end, secret: value })
}

function scanUser(input: FileInput, user: unknown, out: Analysis): void {
  for (const { key, value } of entries(user)) {
    if (key in FIELDS && isScalar(value)) report(input, key, value, out)
  }
  for (const { key, value } of entries(getNode(getNode(user, 'auth-provider'), 'config'))) {
    if (key in FIELDS && isScalar(value)) report(input, key, value, out)
  }
}

/** The kubeconfig analyser of one file (`kind: Config`, or `users` beside `clusters`), a document at a time. */
export function kubeconfigAnalyser(input: FileInput): DocumentAnalyser {
  const analysis: Analysis = { findings: [], quiet: [] }
  const read = (doc: Document.Parsed): void => {
    const root = doc.contents
    if (!isMap(root)) return
    const kubeconfig =
      getString(root, 'kind') === 'Config' ||
      (getNode(root, 'users') !== undefined && getNode(root, 'clusters') !== undefined)
    if (!kubeconfig) return
    for (const entry of items(getNode(root, 'users'))) scanUser(input, getNode(entry, 'user'), analysis)
  }
  return { analysis, read }
}

/** Analyse kubeconfig documents (`kind: Config`, or `users` beside `clusters`). */
export function analyseKubeconfig(input: AnalysisInput): Analysis {
  return readAll(kubeconfigAnalyser(input), input.docs)
}
