/**
 * Option values shared by the ESO builders, checked once with messages that say what is allowed.
 * Allowed values follow the ESO v2.9.0 CRDs (`apis/externalsecrets/v1/*_types.go`).
 */
import { GitsealError } from '../core/errors.js'

/** `apiVersion` group of every ESO resource. */
const ESO_GROUP = 'external-secrets.io'

/** ExternalSecret / SecretStore API versions gitseal can emit; `v1` is the only one served since ESO v0.17. */
export type EsoApiVersion = 'v1' | 'v1beta1'

/** Kinds a `secretStoreRef` may point at. */
export type StoreKind = 'SecretStore' | 'ClusterSecretStore'

/** `target.creationPolicy` values (`CreateOrMerge` exists in v1 only). */
export type CreationPolicy = 'Owner' | 'Orphan' | 'Merge' | 'None' | 'CreateOrMerge'

/** `target.deletionPolicy` values. */
export type DeletionPolicy = 'Delete' | 'Merge' | 'Retain'

/** Called with a human-readable warning; builders never print. */
export type WarningSink = (message: string) => void

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
// Go's time.ParseDuration without sign: what ESO's metav1.Duration accepts (no `d` unit).
const GO_DURATION = /^(0|([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$/

/** A value as text for a message, without calling anything on it (input may be any parsed YAML). */
export function show(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || typeof value !== 'object')
    return typeof value === 'symbol' ? 'symbol' : `${value as number}`
  return Array.isArray(value) ? 'a list' : 'a mapping'
}

/**
 * Check one value against a list of allowed ones.
 * @throws GitsealError `E_USAGE` naming the option and the allowed values.
 */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  throw new GitsealError('E_USAGE', `unknown ${option} "${show(value)}"`, {
    hint: `Use one of: ${allowed.join(', ')}.`,
  })
}

/** The API version, warning when it is v1beta1 (unserved since ESO v0.17). */
export function checkApiVersion(value: unknown, warn: WarningSink | undefined): EsoApiVersion {
  const version = oneOf(value ?? 'v1', ['v1', 'v1beta1'] as const, '--api-version')
  if (version === 'v1beta1') {
    warn?.(
      'external-secrets.io/v1beta1 is not served since ESO v0.17 (only with crds.unsafeServeV1Beta1); ' +
        'emit v1 unless the cluster runs ESO < 0.16',
    )
  }
  return version
}

/** A store kind: `SecretStore` (default) or `ClusterSecretStore`. */
export function checkStoreKind(value: unknown): StoreKind {
  return oneOf(value ?? 'SecretStore', ['SecretStore', 'ClusterSecretStore'] as const, 'store kind')
}

/**
 * A Go duration as ESO parses `refreshInterval` (`1h`, `15m`, `1h30m`, `0s`).
 * @throws GitsealError `E_USAGE` for anything else (e.g. `1d`, which Go does not know).
 */
export function checkDuration(value: unknown, option: string): string {
  if (typeof value !== 'string' || !GO_DURATION.test(value)) {
    throw new GitsealError('E_USAGE', `${option} "${show(value)}" is not a Go duration`, {
      hint: 'Use units ns, us, ms, s, m, h, e.g. 1h, 15m, 1h30m; 0s fetches once. There is no d unit: write 24h.',
    })
  }
  return value
}

/**
 * A Kubernetes object name (DNS-1123 subdomain, ≤ 253 characters).
 * @throws GitsealError `E_USAGE` naming `what`.
 */
export function checkObjectName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new GitsealError('E_USAGE', `${what} "${show(value)}" is not a valid Kubernetes name`, {
      hint: "Use lowercase letters, digits, '-' and '.', at most 253 characters.",
    })
  }
  return value
}

/**
 * A Kubernetes namespace (DNS-1123 label, ≤ 63 characters).
 * @throws GitsealError `E_USAGE` naming `what`.
 */
export function checkNamespace(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 63 || !DNS_LABEL.test(value)) {
    throw new GitsealError('E_USAGE', `${what} "${show(value)}" is not a valid namespace`, {
      hint: "Use lowercase letters, digits and '-', at most 63 characters.",
    })
  }
  return value
}

/** `external-secrets.io/<version>`. */
export function esoApiVersion(version: string): string {
  return `${ESO_GROUP}/${version}`
}
