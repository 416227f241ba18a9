/**
 * Kubernetes Secret → `ExternalSecret` that makes ESO recreate it (name, type, labels, annotations)
 * from the secret store. Field names and defaults follow ESO v2.9.0
 * `apis/externalsecrets/v1/externalsecret_types.go`.
 */
import { GitsealError } from '../core/errors.js'
import type { Secret } from '../core/secret.js'
import { planRemoteSecrets } from './layout.js'
import type { RemoteNamingOptions, SecretLayout } from './layout.js'
import {
  checkApiVersion,
  checkDuration,
  checkObjectName,
  checkStoreKind,
  esoApiVersion,
  oneOf,
} from './options.js'
import type { CreationPolicy, DeletionPolicy, EsoApiVersion, StoreKind, WarningSink } from './options.js'

/** Options for {@link toExternalSecret}. */
export interface ExternalSecretOptions extends RemoteNamingOptions {
  /** Name of the SecretStore / ClusterSecretStore. */
  store: string
  /** Default `SecretStore`. */
  storeKind?: StoreKind | undefined
  /** Default `v1`; `v1beta1` warns (unserved since ESO v0.17). */
  apiVersion?: EsoApiVersion | undefined
  /** Go duration, default `1h`. */
  refreshInterval?: string | undefined
  /** Default `Owner`. */
  creationPolicy?: CreationPolicy | undefined
  /** Default `Retain`. */
  deletionPolicy?: DeletionPolicy | undefined
  /**
   * Write `nullBytePolicy` on every ref (ESO ≥ 2.3, v1 only). ESO 2.3–2.6 default it to `Ignore`, so
   * set `Ignore` for those clusters to avoid Argo CD drift; older CRDs do not know the field.
   */
  nullBytePolicy?: 'Ignore' | 'Fail' | undefined
  /** Receives warnings (v1beta1, dropped annotations). */
  onWarning?: WarningSink | undefined
}

// Never carried into the template: kubectl's copy of the whole object holds the plaintext values.
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration']
// ESO's webhook refuses these template types (externalsecret_validator.go validatePrivilegedTemplate).
const REFUSED_TYPES = ['bootstrap.kubernetes.io/token', 'kubernetes.io/service-account-token']

/**
 * Build the `ExternalSecret` for `secret`. Fields the API server or older CRDs would default are
 * written out, so Argo CD sees no drift. Pure: no I/O; the result contains no secret values.
 * @throws GitsealError `E_USAGE` for bad options, `E_BAD_SECRET` for a Secret ESO cannot recreate.
 */
export function toExternalSecret(secret: Secret, options: ExternalSecretOptions): Record<string, unknown> {
  const layout = planRemoteSecrets(secret, options)
  return externalSecretFromLayout(secret, layout, options)
}

/** {@link toExternalSecret} for a layout already planned (the push path plans once). */
export function externalSecretFromLayout(
  secret: Secret,
  layout: SecretLayout,
  options: ExternalSecretOptions,
): Record<string, unknown> {
  const apiVersion = checkApiVersion(options.apiVersion, options.onWarning)
  const storeKind = checkStoreKind(options.storeKind)
  const store = checkObjectName(options.store, 'store name')
  const refreshInterval = checkDuration(options.refreshInterval ?? '1h', '--refresh-interval')
  const { creationPolicy, deletionPolicy } = checkPolicies(options, apiVersion)
  if (secret.type !== undefined && REFUSED_TYPES.includes(secret.type)) {
    throw new GitsealError(
      'E_BAD_SECRET',
      `Secret "${layout.name}": ESO refuses template type ${secret.type}`,
      {
        hint: 'Keep this Secret with the sealed or sops backend.',
      },
    )
  }

  const target: Record<string, unknown> = { name: layout.name, creationPolicy, deletionPolicy }
  if (secret.immutable !== undefined) target.immutable = secret.immutable
  const template = templateFor(secret, options.onWarning)
  if (template) target.template = template

  const nullBytePolicy =
    options.nullBytePolicy === undefined
      ? undefined
      : oneOf(options.nullBytePolicy, ['Ignore', 'Fail'], 'nullBytePolicy')
  if (nullBytePolicy !== undefined && apiVersion !== 'v1') {
    throw new GitsealError('E_USAGE', 'nullBytePolicy needs external-secrets.io/v1 (ESO ≥ 2.3)')
  }
  const spec: Record<string, unknown> = {
    refreshInterval,
    secretStoreRef: { kind: storeKind, name: store },
    target,
    ...remoteRefs(layout, nullBytePolicy),
  }
  const metadata: Record<string, unknown> = { name: layout.name }
  if (layout.namespace !== undefined) metadata.namespace = layout.namespace
  return { apiVersion: esoApiVersion(apiVersion), kind: 'ExternalSecret', metadata, spec }
}

/** creationPolicy and deletionPolicy, checked as ESO's webhook does (validatePolicies). */
function checkPolicies(
  options: ExternalSecretOptions,
  apiVersion: string,
): { creationPolicy: string; deletionPolicy: string } {
  const creationPolicy = oneOf(
    options.creationPolicy ?? 'Owner',
    apiVersion === 'v1'
      ? (['Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'] as const)
      : (['Owner', 'Orphan', 'Merge', 'None'] as const),
    'creationPolicy',
  )
  const deletionPolicy = oneOf(
    options.deletionPolicy ?? 'Retain',
    ['Delete', 'Merge', 'Retain'],
    'deletionPolicy',
  )
  // Webhook rules (externalsecret_validator.go validatePolicies).
  if (deletionPolicy === 'Delete' && creationPolicy !== 'Owner') {
    throw new GitsealError('E_USAGE', 'deletionPolicy Delete needs creationPolicy Owner', {
      hint: 'ESO only deletes Secrets it owns.',
    })
  }
  if (deletionPolicy === 'Merge' && creationPolicy === 'None') {
    throw new GitsealError('E_USAGE', 'deletionPolicy Merge cannot be used with creationPolicy None')
  }
  return { creationPolicy, deletionPolicy }
}

/** `spec.dataFrom` (one extracted JSON secret) or `spec.data` (a remoteRef per key). */
function remoteRefs(
  layout: SecretLayout,
  nullBytePolicy: string | undefined,
): { dataFrom?: unknown[]; data?: unknown[] } {
  const ref = (key: string, base64: boolean, property?: string): Record<string, unknown> => ({
    key,
    ...(property === undefined ? {} : { property }),
    conversionStrategy: 'Default',
    decodingStrategy: base64 ? 'Base64' : 'None',
    metadataPolicy: 'None',
    ...(nullBytePolicy === undefined ? {} : { nullBytePolicy }),
  })
  if (layout.extract) {
    const remote = layout.remotes[0]
    if (remote === undefined) return {}
    return {
      dataFrom: [
        {
          extract: ref(
            remote.name,
            remote.refs.some((r) => r.base64),
          ),
        },
      ],
    }
  }
  return {
    data: layout.remotes.flatMap((remote) =>
      remote.refs.map((r) => ({ secretKey: r.secretKey, remoteRef: ref(remote.name, r.base64, r.property) })),
    ),
  }
}

function templateFor(secret: Secret, warn: WarningSink | undefined): Record<string, unknown> | undefined {
  const annotations: Record<string, string> = {}
  for (const [key, value] of Object.entries(secret.annotations)) {
    if (DROPPED_ANNOTATIONS.includes(key)) {
      warn?.(`Secret "${secret.name ?? ''}": annotation ${key} dropped (it holds the plaintext values)`)
    } else annotations[key] = value
  }
  const labels = { ...secret.labels }
  const hasType = secret.type !== undefined && secret.type !== 'Opaque'
  if (!hasType && Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return undefined
  // engineVersion and mergePolicy are CRD defaults: spelled out to avoid drift.
  const template: Record<string, unknown> = { engineVersion: 'v2', mergePolicy: 'Replace' }
  if (secret.type !== undefined) template.type = secret.type
  const metadata: Record<string, unknown> = {}
  if (Object.keys(labels).length > 0) metadata.labels = labels
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations
  if (Object.keys(metadata).length > 0) template.metadata = metadata
  return template
}
