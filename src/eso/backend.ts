/**
 * The `eso` backend: a Secret becomes an ExternalSecret that points at AWS Secrets Manager (values
 * pushed first when the parameters ask for it); ESO documents are described for `status` and `scan`.
 */
import type { Backend, ProtectContext, ProtectionInfo } from '../core/backend.js'
import { mayHaveKind } from '../core/document-text.js'
import { GitsealError } from '../core/errors.js'
import { isRecord } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import { pushLayout } from './aws/push.js'
import { externalSecretFromLayout } from './external-secret.js'
import { planRemoteSecrets } from './layout.js'
import { esoParams } from '../config/policy-params.js'
import { esoOptions } from './protect-options.js'
import type { EsoOptions } from './protect-options.js'

const KINDS = ['ExternalSecret', 'ClusterExternalSecret', 'PushSecret', 'SecretStore', 'ClusterSecretStore']

async function protect(secret: Secret, context: ProtectContext<EsoOptions>): Promise<unknown[]> {
  const { options } = context
  const { store } = options.externalSecret
  if (store === undefined) throw storeMissing(options)
  const settings = { ...options.externalSecret, store }
  const layout = planRemoteSecrets(secret, settings)
  const externalSecret = externalSecretFromLayout(secret, layout, settings)
  // Without a push the values would exist nowhere: the ExternalSecret would point at a remote secret
  // nobody created. Refuse instead of dropping them.
  if (!options.push) throw notPushed(secret, options)
  await pushLayout(layout, { ...options.aws, regionHint: regionHint(options), signal: context.signal })
  return [externalSecret]
}

/**
 * The error for a missing `store`: names the file and where to set it — the rule that chose eso,
 * or a rule to add when `--to eso`/`--backend eso` chose it alone. No flag sets a store.
 */
function storeMissing(options: EsoOptions): GitsealError {
  const { file, configFile: config, ruleLine: line } = options
  const where = line !== undefined ? `the eso rule at ${config}:${String(line)}` : undefined
  const example = 'store: aws-secrets-manager'
  const why =
    where === undefined
      ? `no eso rule in ${config} matches this path to name it`
      : `${where} does not name it`
  return new GitsealError(
    'E_BAD_CONFIG',
    `${file ?? 'eso backend'}: \`store\` (the SecretStore the ExternalSecret reads from) is missing: ${why}`,
    {
      ...(file === undefined ? {} : { file }),
      hint:
        where === undefined
          ? `Add a policy rule for this path to ${config} with backend: eso and ${example} (the SecretStore's name); no command-line flag sets it.`
          : `Set \`store\` on that rule in ${config} (e.g. ${example}, the SecretStore's name); no command-line flag sets it.`,
    },
  )
}

/** Where a push from protect/convert gets its region: the rule (there is no --region flag there). */
function regionHint(options: EsoOptions): string {
  const { file, configFile: config, ruleLine: line } = options
  const rule = line !== undefined ? `the eso rule at ${config}:${String(line)}` : `an eso rule in ${config}`
  return `${file === undefined ? 'Set' : `To push ${file}, set`} region: (e.g. region: eu-west-1) on ${rule}, or set AWS_REGION, or region in your AWS profile.`
}

/** The refusal for an ESO conversion that would not push: names the file and both ways forward. */
function notPushed(secret: Secret, options: EsoOptions): GitsealError {
  // The path relative to gitseal.yaml's directory reads as the user knows the file.
  const { file } = options
  const what = file ?? `Secret "${secret.name ?? '(unnamed)'}"`
  return new GitsealError(
    'E_ESO_NOT_PUSHED',
    `${what}: the eso backend would replace ${secret.data.size} value(s) by references to AWS Secrets ` +
      'Manager without storing them there; nothing was written',
    {
      ...(file === undefined ? {} : { file }),
      hint:
        'Either push the values as you protect: add `push: true` (and `region:`) to the eso rule in ' +
        'gitseal.yaml, or pass --push; or push them yourself with `gitseal eso push SECRET.yaml ' +
        `--region R -o ${file ?? 'OUT'}\`, which stores the values of the plaintext Secret manifest ` +
        'SECRET.yaml and writes the ExternalSecret.',
    },
  )
}

/**
 * What an ESO document references, or `null` for anything else. A SecretStore with the `fake`
 * provider holds literal values, so it is not reported as protected (the scanner must look at it).
 * @throws GitsealError `E_BAD_MANIFEST` for an ESO document without a `spec` mapping.
 */
function describe(document: unknown): ProtectionInfo | null {
  if (!isRecord(document) || typeof document.apiVersion !== 'string') return null
  if (!document.apiVersion.startsWith('external-secrets.io/') || typeof document.kind !== 'string')
    return null
  const kind = document.kind
  if (!KINDS.includes(kind)) return null
  const name =
    isRecord(document.metadata) && typeof document.metadata.name === 'string'
      ? document.metadata.name
      : '(unnamed)'
  const spec = document.spec
  if (!isRecord(spec)) {
    throw new GitsealError('E_BAD_MANIFEST', `${kind} "${name}": spec must be a mapping`, {
      hint: 'Fix the manifest; gitseal eso externalsecret writes valid ones.',
    })
  }
  const details: Record<string, unknown> = { kind, name, apiVersion: document.apiVersion }
  return kind === 'SecretStore' || kind === 'ClusterSecretStore'
    ? describeStore(kind, name, spec, details)
    : describeReferences(kind, name, spec, details)
}

/** A SecretStore or ClusterSecretStore: its provider; `null` for the `fake` provider (literal values). */
function describeStore(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  details: Record<string, unknown>,
): ProtectionInfo | null {
  const provider = isRecord(spec.provider) ? spec.provider : {}
  const providerName = Object.keys(provider)[0] ?? 'unknown'
  if (providerName === 'fake') return null
  const config = isRecord(provider[providerName]) ? provider[providerName] : {}
  const service = typeof config.service === 'string' ? ` ${config.service}` : ''
  const region = typeof config.region === 'string' ? ` ${config.region}` : ''
  Object.assign(details, { provider: providerName, service: config.service, region: config.region })
  return { backend: 'eso', summary: `${kind} "${name}": ${providerName}${service}${region}`, details }
}

/**
 * An (Cluster)ExternalSecret or PushSecret: its store and the remote keys it references; `null` when
 * its template carries literal text (left to the scanner).
 */
function describeReferences(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  details: Record<string, unknown>,
): ProtectionInfo | null {
  const es =
    kind === 'ClusterExternalSecret' && isRecord(spec.externalSecretSpec) ? spec.externalSecretSpec : spec
  // A template can carry literal text into the Secret: with no template action in it, that text
  // may be a secret written into Git, so the document is left to the scanner.
  if (
    hasLiteralTemplate(
      kind === 'PushSecret' ? spec.template : isRecord(es.target) ? es.target.template : undefined,
    )
  ) {
    return null
  }
  const storeRef = (
    kind === 'PushSecret'
      ? Array.isArray(spec.secretStoreRefs)
        ? spec.secretStoreRefs[0]
        : undefined
      : es.secretStoreRef
  ) as unknown
  const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback)
  const store = isRecord(storeRef)
    ? `${text(storeRef.kind, 'SecretStore')}/${text(storeRef.name, '?')}`
    : 'no store'
  const { keys, remoteKeys } = references(kind, es)
  Object.assign(details, { store, remoteKeys })
  const arrow = kind === 'PushSecret' ? '→' : '←'
  const from = remoteKeys.length === 0 ? '' : ` (${remoteKeys.join(', ')})`
  return {
    backend: 'eso',
    summary: `${kind} "${name}" ${arrow} ${store}: ${keys} reference(s)${from}`,
    details,
  }
}

/** How many `data`/`dataFrom` entries `es` has, and the remote keys they name (each once). */
function references(kind: string, es: Record<string, unknown>): { keys: number; remoteKeys: string[] } {
  const remoteKeys = new Set<string>()
  const add = (value: unknown, field: string): void => {
    if (isRecord(value) && typeof value[field] === 'string') remoteKeys.add(value[field])
  }
  let keys = 0
  for (const item of Array.isArray(es.data) ? (es.data as unknown[]) : []) {
    if (!isRecord(item)) continue
    keys++
    if (kind !== 'PushSecret') add(item.remoteRef, 'key')
    else if (isRecord(item.match)) add(item.match.remoteRef, 'remoteKey')
  }
  for (const item of Array.isArray(es.dataFrom) ? (es.dataFrom as unknown[]) : []) {
    if (!isRecord(item)) continue
    keys++
    add(item.extract, 'key')
  }
  return { keys, remoteKeys: [...remoteKeys] }
}

function hasLiteralTemplate(template: unknown): boolean {
  if (!isRecord(template)) return false
  const literal = (value: unknown): boolean =>
    typeof value === 'string' && value !== '' && !value.includes('{{')
  const data = isRecord(template.data) ? Object.values(template.data) : []
  const from = Array.isArray(template.templateFrom) ? (template.templateFrom as unknown[]) : []
  return data.some(literal) || from.some((item) => isRecord(item) && literal(item.literal))
}

/** The External Secrets Operator backend (`eso`). The CLI lists it in `builtinBackends()`. */
export const esoBackend: Backend<EsoOptions> = {
  name: 'eso',
  params: esoParams,
  options: esoOptions,
  protect,
  describe,
  mayDescribe: (text) => mayHaveKind(text, 'Secret'), // every ESO kind above contains it
}
