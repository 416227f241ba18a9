/**
 * `gitseal/eso` — External Secrets Operator manifests (ExternalSecret, SecretStore, PushSecret)
 * built from Kubernetes Secrets, and the AWS Secrets Manager client that pushes the values.
 */
export { toExternalSecret, externalSecretFromLayout } from './external-secret.js'
export type { ExternalSecretOptions } from './external-secret.js'
export { toSecretStore } from './secret-store.js'
export type { AwsStoreAuth, SecretKeyRef, SecretStoreOptions } from './secret-store.js'
export { toPushSecret } from './push-secret.js'
export type { PushSecretOptions } from './push-secret.js'
export { assertDistinctRemotes, planRemoteSecrets, MAX_REMOTE_VALUE_BYTES } from './layout.js'
export type { RemoteNamingOptions, RemoteRefPlan, RemoteSecretPlan, SecretLayout } from './layout.js'
export { escapeGjsonKey, lookupProperty } from './gjson.js'
export type { PropertyLookup } from './gjson.js'
export type { CreationPolicy, DeletionPolicy, EsoApiVersion, StoreKind, WarningSink } from './options.js'
export { pushToAws, pushLayout, requestToken } from './aws/push.js'
export type { PushAction, PushOptions, PushResult } from './aws/push.js'
export { verifyExternalSecrets, isExternalSecret } from './aws/verify.js'
export type { RefCheck, VerifyOptions } from './aws/verify.js'
export { connectSecretsManager } from './aws/client.js'
export type {
  AwsClientOptions,
  AwsCredentials,
  SecretsManagerConnection,
  SecretsManagerOperation,
} from './aws/client.js'
export { mapAwsError } from './aws/errors.js'
export { esoBackend } from './backend.js'
export type { EsoOptions } from './protect-options.js'
