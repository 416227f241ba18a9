/**
 * Check that every remote key (and JSON property) an ExternalSecret references exists in AWS
 * Secrets Manager. Values are read to look properties up and then dropped; never returned.
 */
import { GitsealError } from '../../core/errors.js'
import { isRecord } from '../../core/secret.js'
import { lookupProperty } from '../gjson.js'
import { connectSecretsManager } from './client.js'
import type { AwsClientOptions, SecretsManagerConnection } from './client.js'

/** One reference of an ExternalSecret and what was found. */
export interface RefCheck {
  /** `metadata.name` of the ExternalSecret. */
  externalSecret: string
  /** `data[].secretKey`, or undefined for `dataFrom`. */
  secretKey: string | undefined
  /** Remote name as sent to AWS (store prefix applied). */
  key: string
  property: string | undefined
  version: string | undefined
  status: 'ok' | 'missing-secret' | 'missing-property' | 'deleted' | 'unsupported' | 'skipped'
  /** Why a reference was skipped or unsupported. */
  note?: string | undefined
}

/** Options for {@link verifyExternalSecrets}. */
export interface VerifyOptions extends AwsClientOptions {
  /** The SecretStore `prefix`, prepended to every remote key as ESO does (overrides `stores`). */
  prefix?: string | undefined
  /**
   * SecretStore / ClusterSecretStore documents (e.g. from the same repository). A store matching an
   * ExternalSecret's `secretStoreRef` supplies its `prefix`; refs to stores that are not AWS Secrets
   * Manager, or in another region than `region`, are reported as `skipped`.
   */
  stores?: unknown[] | undefined
  signal?: AbortSignal | undefined
  connection?: SecretsManagerConnection | undefined
}

interface Ref {
  secretKey: string | undefined
  key: string
  property: string | undefined
  version: string | undefined
}

/** True for an ExternalSecret object (any served or old API version). */
export function isExternalSecret(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    value.kind === 'ExternalSecret' &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('external-secrets.io/')
  )
}

/**
 * Check every `data[].remoteRef` and `dataFrom[].extract` of `documents` (ExternalSecrets; other
 * documents are ignored). `find`, generators and other stores' refs are reported as `skipped`.
 * @throws GitsealError `E_BAD_MANIFEST` for a malformed ExternalSecret, `E_AWS_*` for remote failures
 * other than a missing secret.
 */
export async function verifyExternalSecrets(
  documents: unknown[],
  options: VerifyOptions,
): Promise<RefCheck[]> {
  const connection = options.connection ?? (await connectSecretsManager(options))
  const cache = new Map<string, Promise<{ value: string | undefined; status: RefCheck['status'] }>>()
  const fetch = (key: string, version: string | undefined) => {
    const id = `${key}\0${version ?? ''}`
    let pending = cache.get(id)
    if (!pending) {
      pending = fetchValue(connection, key, version, options.signal)
      cache.set(id, pending)
    }
    return pending
  }
  try {
    const checks: RefCheck[] = []
    for (const document of documents.filter(isExternalSecret)) {
      const name =
        isRecord(document.metadata) && typeof document.metadata.name === 'string'
          ? document.metadata.name
          : '(unnamed)'
      const store = storeFor(document, options)
      for (const { skip, ...ref } of refsOf(document, name)) {
        const base = { externalSecret: name, ...ref, key: `${store.prefix}${ref.key}` }
        const why = skip ?? store.skip
        if (why !== undefined) {
          checks.push({ ...base, status: 'skipped', note: why })
          continue
        }
        const { value, status } = await fetch(base.key, ref.version)
        if (status !== 'ok' || ref.property === undefined) {
          checks.push({ ...base, status })
          continue
        }
        const found = lookupProperty(value ?? '', ref.property)
        checks.push({
          ...base,
          status: found === 'found' ? 'ok' : found === 'missing' ? 'missing-property' : 'unsupported',
          ...(found === 'unsupported' ? { note: 'gjson query paths are not checked' } : {}),
        })
      }
    }
    return checks
  } finally {
    if (!options.connection) connection.close()
  }
}

/** The prefix to apply, or why the ExternalSecret's refs cannot be checked here. */
function storeFor(
  document: Record<string, unknown>,
  options: VerifyOptions,
): { prefix: string; skip?: string } {
  const spec = isRecord(document.spec) ? document.spec : {}
  const ref = isRecord(spec.secretStoreRef) ? spec.secretStoreRef : {}
  const kind = typeof ref.kind === 'string' ? ref.kind : 'SecretStore'
  const namespace = isRecord(document.metadata) ? document.metadata.namespace : undefined
  const store = (options.stores ?? []).find((candidate): candidate is Record<string, unknown> => {
    if (!isRecord(candidate) || candidate.kind !== kind || !isRecord(candidate.metadata)) return false
    if (candidate.metadata.name !== ref.name) return false
    const storeNamespace = candidate.metadata.namespace
    return (
      kind === 'ClusterSecretStore' ||
      storeNamespace === undefined ||
      namespace === undefined ||
      storeNamespace === namespace
    )
  })
  if (!store) return { prefix: options.prefix ?? '' }
  const provider = isRecord(store.spec) && isRecord(store.spec.provider) ? store.spec.provider : {}
  const label = `${kind} "${String(ref.name)}"`
  if (!isRecord(provider.aws)) return { prefix: '', skip: `${label} is not an AWS store` }
  const aws = provider.aws
  if (aws.service !== 'SecretsManager')
    return { prefix: '', skip: `${label} uses ${String(aws.service)}, not SecretsManager` }
  if (typeof aws.region === 'string' && options.region !== undefined && aws.region !== options.region) {
    return { prefix: '', skip: `${label} is in region ${aws.region}; run with --region ${aws.region}` }
  }
  return { prefix: options.prefix ?? (typeof aws.prefix === 'string' ? aws.prefix : '') }
}

async function fetchValue(
  connection: SecretsManagerConnection,
  key: string,
  version: string | undefined,
  signal: AbortSignal | undefined,
): Promise<{ value: string | undefined; status: RefCheck['status'] }> {
  // ESO's AWS provider: `uuid/<VersionId>` selects a version id, anything else a version stage.
  const selector =
    version === undefined
      ? {}
      : version.startsWith('uuid/')
        ? { VersionId: version.slice('uuid/'.length) }
        : { VersionStage: version }
  try {
    const got = await connection.call<{ SecretString?: string; SecretBinary?: Uint8Array }>(
      'GetSecretValue',
      { SecretId: key, ...selector },
      key,
      signal,
    )
    const value =
      got.SecretString ?? (got.SecretBinary ? Buffer.from(got.SecretBinary).toString('utf8') : undefined)
    return { value, status: 'ok' }
  } catch (error) {
    if (error instanceof GitsealError && error.code === 'E_AWS_NOT_FOUND')
      return { value: undefined, status: 'missing-secret' }
    if (error instanceof GitsealError && error.code === 'E_AWS_DELETED')
      return { value: undefined, status: 'deleted' }
    throw error
  }
}

function refsOf(document: Record<string, unknown>, name: string): (Ref & { skip?: string })[] {
  const bad = (what: string): never => {
    throw new GitsealError('E_BAD_MANIFEST', `ExternalSecret "${name}": ${what}`, {
      hint: 'Fix the manifest; `gitseal eso externalsecret` writes valid ones.',
    })
  }
  const spec = document.spec
  if (!isRecord(spec)) return bad('spec must be a mapping')
  const refs: (Ref & { skip?: string })[] = []
  const remoteRef = (value: unknown, secretKey: string | undefined, where: string): Ref => {
    if (!isRecord(value) || typeof value.key !== 'string' || value.key === '')
      return bad(`${where}.key is missing`)
    const property = typeof value.property === 'string' && value.property !== '' ? value.property : undefined
    const version = typeof value.version === 'string' && value.version !== '' ? value.version : undefined
    return { secretKey, key: value.key, property, version }
  }
  const data = spec.data ?? []
  if (!Array.isArray(data)) return bad('spec.data must be a list')
  data.forEach((item: unknown, i) => {
    if (!isRecord(item)) return bad(`spec.data[${i}] must be a mapping`)
    const secretKey = typeof item.secretKey === 'string' ? item.secretKey : undefined
    if (item.sourceRef !== undefined) {
      refs.push({
        secretKey,
        key: '',
        property: undefined,
        version: undefined,
        skip: 'sourceRef (other store or generator)',
      })
    } else refs.push(remoteRef(item.remoteRef, secretKey, `spec.data[${i}].remoteRef`))
  })
  const dataFrom = spec.dataFrom ?? []
  if (!Array.isArray(dataFrom)) return bad('spec.dataFrom must be a list')
  dataFrom.forEach((item: unknown, i) => {
    if (!isRecord(item)) return bad(`spec.dataFrom[${i}] must be a mapping`)
    if (item.extract !== undefined && item.sourceRef === undefined) {
      refs.push(remoteRef(item.extract, undefined, `spec.dataFrom[${i}].extract`))
    } else {
      refs.push({
        secretKey: undefined,
        key: '',
        property: undefined,
        version: undefined,
        skip: 'find, generator or sourceRef',
      })
    }
  })
  return refs
}
