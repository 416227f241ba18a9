/**
 * Kubernetes Secret → `PushSecret` (external-secrets.io/v1alpha1): the controller pushes the Secret
 * from the cluster to the store, under the same remote names `toExternalSecret` reads
 * (ESO v2.9.0 `apis/externalsecrets/v1alpha1/pushsecret_types.go`).
 */
import type { Secret } from '../core/secret.js'
import { planRemoteSecrets } from './layout.js'
import type { RemoteNamingOptions } from './layout.js'
import { checkDuration, checkObjectName, checkStoreKind, esoApiVersion, oneOf } from './options.js'
import type { StoreKind, WarningSink } from './options.js'

/** Options for {@link toPushSecret}. */
export interface PushSecretOptions extends Omit<RemoteNamingOptions, 'extract'> {
  /** SecretStore / ClusterSecretStore the controller pushes to. */
  store: string
  storeKind?: StoreKind | undefined
  /** Go duration, default `1h`. */
  refreshInterval?: string | undefined
  /** `Replace` (default) or `IfNotExists`. */
  updatePolicy?: 'Replace' | 'IfNotExists' | undefined
  /** `None` (default) keeps remote secrets when the PushSecret is deleted. */
  deletionPolicy?: 'None' | 'Delete' | undefined
  /** Add the AWS provider metadata (`secretPushFormat: string`, so the AWS console can show values). */
  aws?: boolean | undefined
  onWarning?: WarningSink | undefined
}

/**
 * Build the PushSecret for `secret`. Every CRD default is written out (Argo CD drift).
 * The result holds names only, never values.
 * @throws GitsealError `E_USAGE` / `E_BAD_SECRET` as {@link planRemoteSecrets}.
 */
export function toPushSecret(secret: Secret, options: PushSecretOptions): Record<string, unknown> {
  const layout = planRemoteSecrets(secret, { ...options, extract: false })
  const storeKind = checkStoreKind(options.storeKind)
  const store = checkObjectName(options.store, 'store name')
  const refreshInterval = checkDuration(options.refreshInterval ?? '1h', '--refresh-interval')
  const updatePolicy = oneOf(options.updatePolicy ?? 'Replace', ['Replace', 'IfNotExists'], 'updatePolicy')
  const deletionPolicy = oneOf(options.deletionPolicy ?? 'None', ['None', 'Delete'], 'deletionPolicy')
  const metadataFor = (): Record<string, unknown> | undefined =>
    options.aws === false
      ? undefined
      : {
          apiVersion: 'kubernetes.external-secrets.io/v1alpha1',
          kind: 'PushSecretMetadata',
          spec: { secretPushFormat: 'string' },
        }
  const data = layout.remotes.flatMap((remote) =>
    remote.refs.map((ref) => {
      if (ref.base64) {
        options.onWarning?.(
          `Secret "${layout.name}": key "${ref.secretKey}" is binary; a PushSecret pushes it unencoded, ` +
            'while gitseal push stores it as base64',
        )
      }
      const metadata = metadataFor()
      return {
        match: {
          secretKey: ref.secretKey,
          remoteRef: {
            remoteKey: remote.name,
            ...(ref.property === undefined ? {} : { property: ref.property }),
          },
        },
        ...(metadata ? { metadata } : {}),
        conversionStrategy: 'None',
      }
    }),
  )
  const metadata: Record<string, unknown> = { name: layout.name }
  if (layout.namespace !== undefined) metadata.namespace = layout.namespace
  return {
    apiVersion: esoApiVersion('v1alpha1'),
    kind: 'PushSecret',
    metadata,
    spec: {
      refreshInterval,
      updatePolicy,
      deletionPolicy,
      secretStoreRefs: [{ kind: storeKind, name: store }],
      selector: { secret: { name: layout.name } },
      data,
    },
  }
}
