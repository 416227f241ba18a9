/**
 * Docker client configuration (`~/.docker/config.json`, `.dockerconfigjson`, legacy `.dockercfg`):
 * registry credentials in `auths` (`auth` is base64 of `user:password`), identity tokens.
 */
import { isPlaceholder } from '../placeholder.js'
import type { Analysis, AnalysisInput, DocumentAnalyser, FileInput } from './types.js'
import { readAll } from './read-all.js'
import { entries, getNode, isMap, isScalar, scalarSpan } from './yaml.js'
import type { Document } from './yaml.js'
import { registryAuthHoldsPassword } from './values.js'

const LEGACY = /(?:^|\/)\.dockercfg$/

function credentialOk(field: string, value: string, stopwords: readonly string[]): boolean {
  if (field === 'auth') return registryAuthHoldsPassword(value, stopwords)
  return value.length >= 6 && !isPlaceholder(value, stopwords)
}

/** The docker config analyser of one file (registry credentials), a document at a time. */
export function dockerConfigAnalyser(input: FileInput): DocumentAnalyser {
  const out: Analysis = { findings: [], quiet: [] }
  // Once per file, not per document (a file of 20,000 small Secrets tested its path 20,000 times).
  const legacy = LEGACY.test(input.path)
  const read = (doc: Document.Parsed): void => {
    const root = doc.contents
    if (!isMap(root)) return
    const registries = getNode(root, 'auths') ?? (legacy ? root : undefined)
    if (registries === undefined) return
    for (const { value: registry } of entries(registries)) {
      if (!isMap(registry)) continue
      for (const { key, value } of entries(registry)) {
        if (!['auth', 'password', 'identitytoken', 'registrytoken'].includes(key)) continue
        if (!isScalar(value) || typeof value.value !== 'string') continue
        if (!credentialOk(key, value.value, input.stopwords)) continue
        const span = scalarSpan(input.text, value)
        if (span)
          out.findings.push({
            ruleId: 'docker-config-auth',
            start: span.start,
            end: span.end,
            secret: value.value,
          })
      }
    }
  }
  return { analysis: out, read }
}

/** Analyse a docker config file's registry credentials. */
export function analyseDockerConfig(input: AnalysisInput): Analysis {
  return readAll(dockerConfigAnalyser(input), input.docs)
}
