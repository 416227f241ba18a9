/**
 * `SecretStore` / `ClusterSecretStore` for the AWS provider (ESO v2.9.0
 * `apis/externalsecrets/v1/secretstore_aws_types.go`).
 */
import { GitsealError } from '../core/errors.js'
import { checkApiVersion, checkNamespace, checkObjectName, esoApiVersion, oneOf } from './options.js'
import type { EsoApiVersion, WarningSink } from './options.js'

/** A key of a Kubernetes Secret holding a credential. */
export interface SecretKeyRef {
  name: string
  key: string
  /** Only meaningful for a ClusterSecretStore. */
  namespace?: string | undefined
}

/** How the store authenticates to AWS; omitted = the controller's own credentials (IRSA, pod identity). */
export type AwsStoreAuth =
  | { kind: 'jwt'; serviceAccount: string; namespace?: string | undefined; audiences?: string[] | undefined }
  | {
      kind: 'secret'
      accessKeyId: SecretKeyRef
      secretAccessKey: SecretKeyRef
      sessionToken?: SecretKeyRef | undefined
    }

/** Options for {@link toSecretStore}. */
export interface SecretStoreOptions {
  /** Store name, default `aws-secrets-manager` (`aws-parameter-store` for ParameterStore). */
  name?: string | undefined
  /** Namespace of a SecretStore; ignored for a ClusterSecretStore. */
  namespace?: string | undefined
  region: string
  /** Default `SecretsManager`. */
  service?: 'SecretsManager' | 'ParameterStore' | undefined
  auth?: AwsStoreAuth | undefined
  /** IAM role ARN to assume. */
  role?: string | undefined
  /** Prefix ESO prepends to every remote key. */
  prefix?: string | undefined
  /** Emit a ClusterSecretStore. */
  clusterWide?: boolean | undefined
  /** Default `v1`. */
  apiVersion?: EsoApiVersion | undefined
  onWarning?: WarningSink | undefined
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/

/**
 * Build a SecretStore (or ClusterSecretStore) for AWS Secrets Manager / Parameter Store.
 * @throws GitsealError `E_USAGE` when the region is missing or an option is invalid.
 */
export function toSecretStore(options: SecretStoreOptions): Record<string, unknown> {
  const apiVersion = checkApiVersion(options.apiVersion, options.onWarning)
  const service = oneOf(
    options.service ?? 'SecretsManager',
    ['SecretsManager', 'ParameterStore'],
    '--service',
  )
  const region = options.region as string | undefined
  if (region === undefined || region === '') {
    throw new GitsealError('E_USAGE', 'no AWS region given', {
      hint: 'Pass --region, e.g. --region eu-west-1.',
    })
  }
  if (!REGION.test(region)) {
    throw new GitsealError('E_USAGE', `"${region}" is not an AWS region name`, {
      hint: 'Use a region code such as eu-west-1 or us-east-1.',
    })
  }
  const clusterWide = options.clusterWide === true
  const name = checkObjectName(
    options.name ?? (service === 'SecretsManager' ? 'aws-secrets-manager' : 'aws-parameter-store'),
    'store name',
  )
  const aws: Record<string, unknown> = { service, region }
  if (options.role !== undefined) {
    if (!ROLE_ARN.test(options.role)) {
      throw new GitsealError('E_USAGE', `--role "${options.role}" is not an IAM role ARN`, {
        hint: 'Use arn:aws:iam::<account-id>:role/<name>.',
      })
    }
    aws.role = options.role
  }
  if (options.prefix !== undefined) aws.prefix = options.prefix
  if (options.auth) aws.auth = authFor(options.auth, clusterWide, options.namespace)
  // v1 CRD default (sessionTagsPolicy: None), written out so Argo CD sees no drift; v1beta1 lacks it.
  if (apiVersion === 'v1') aws.sessionTagsPolicy = 'None'
  const metadata: Record<string, unknown> = { name }
  if (!clusterWide && options.namespace !== undefined)
    metadata.namespace = checkNamespace(options.namespace, '--namespace')
  return {
    apiVersion: esoApiVersion(apiVersion),
    kind: clusterWide ? 'ClusterSecretStore' : 'SecretStore',
    metadata,
    spec: { provider: { aws } },
  }
}

function authFor(
  auth: AwsStoreAuth,
  clusterWide: boolean,
  storeNamespace: string | undefined,
): Record<string, unknown> {
  // ESO's ValidateReferentSecretSelector: a namespaced store may only name its own namespace (so the
  // field is left out); a ClusterSecretStore without one reads from each ExternalSecret's namespace.
  const namespaced = (namespace: string | undefined, what: string): Record<string, string> => {
    if (namespace === undefined) return {}
    checkNamespace(namespace, `${what} namespace`)
    if (clusterWide) return { namespace }
    if (storeNamespace === undefined || namespace !== storeNamespace) {
      throw new GitsealError(
        'E_USAGE',
        `a namespaced SecretStore cannot read the ${what} from namespace "${namespace}"`,
        {
          hint: 'Drop --auth-namespace (the store reads from its own namespace), or use --cluster-wide.',
        },
      )
    }
    return {}
  }
  if (auth.kind === 'jwt') {
    const ref: Record<string, unknown> = {
      name: checkObjectName(auth.serviceAccount, '--service-account'),
      ...namespaced(auth.namespace, 'service account'),
    }
    if (auth.audiences && auth.audiences.length > 0) ref.audiences = auth.audiences
    return { jwt: { serviceAccountRef: ref } }
  }
  const keyRef = (ref: SecretKeyRef, what: string): Record<string, string> => {
    if (!/^[-._a-zA-Z0-9]+$/.test(ref.key)) {
      throw new GitsealError('E_USAGE', `${what} key "${ref.key}" is not a valid Secret key`)
    }
    return {
      name: checkObjectName(ref.name, `${what} Secret name`),
      key: ref.key,
      ...namespaced(ref.namespace, what),
    }
  }
  const secretRef: Record<string, unknown> = {
    accessKeyIDSecretRef: keyRef(auth.accessKeyId, 'access key'),
    secretAccessKeySecretRef: keyRef(auth.secretAccessKey, 'secret access key'),
  }
  if (auth.sessionToken) secretRef.sessionTokenSecretRef = keyRef(auth.sessionToken, 'session token')
  return { secretRef }
}
