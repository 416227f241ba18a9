/**
 * Sealing scopes: which OAEP label binds a value to its Secret, and the annotations that tell the
 * controller which label to use (`EncryptionLabel` / `SecretScope` in sealed-secrets' v1alpha1 API).
 */
import { GitsealError } from '../core/errors.js'

/** Where a sealed value may be unsealed: only under its name+namespace, in its namespace, or anywhere. */
export type Scope = 'strict' | 'namespace-wide' | 'cluster-wide'

/** Every scope, in kubeseal's order. */
export const SCOPES: readonly Scope[] = ['strict', 'namespace-wide', 'cluster-wide']

/** Annotation marking a namespace-wide SealedSecret (value `"true"`). */
export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide'
/** Annotation marking a cluster-wide SealedSecret (value `"true"`). */
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide'

/**
 * The scope annotations say, as the controller reads them: an exact `"true"`, cluster-wide winning
 * over namespace-wide, anything else strict.
 */
export function scopeFromAnnotations(annotations: Readonly<Record<string, unknown>> | undefined): Scope {
  if (annotations?.[CLUSTER_WIDE_ANNOTATION] === 'true') return 'cluster-wide'
  if (annotations?.[NAMESPACE_WIDE_ANNOTATION] === 'true') return 'namespace-wide'
  return 'strict'
}

/** `annotations` with the scope annotations replaced by the one `scope` needs (none for strict). */
export function withScopeAnnotations(
  annotations: Readonly<Record<string, string>>,
  scope: Scope,
): Record<string, string> {
  const result = Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) => key !== NAMESPACE_WIDE_ANNOTATION && key !== CLUSTER_WIDE_ANNOTATION,
    ),
  )
  if (scope === 'namespace-wide') result[NAMESPACE_WIDE_ANNOTATION] = 'true'
  if (scope === 'cluster-wide') result[CLUSTER_WIDE_ANNOTATION] = 'true'
  return result
}

/** Only the scope annotation for `scope` (what kubeseal puts on the SealedSecret's own metadata). */
export function scopeAnnotations(scope: Scope): Record<string, string> {
  return withScopeAnnotations({}, scope)
}

/**
 * Parse a `--scope` value.
 * @throws GitsealError `E_USAGE` for anything but strict, namespace-wide, cluster-wide.
 */
export function parseScope(value: string): Scope {
  if ((SCOPES as readonly string[]).includes(value)) return value as Scope
  throw new GitsealError('E_USAGE', `unknown scope "${value}": must be one of ${SCOPES.join(', ')}`, {
    hint: 'strict binds to name and namespace, namespace-wide to the namespace, cluster-wide to nothing.',
  })
}

/**
 * The OAEP label for a scope: `namespace/name` (strict, with the slash), `namespace`, or empty.
 * @throws GitsealError `E_BAD_SECRET` when strict lacks a name or namespace, or namespace-wide a namespace.
 */
export function encryptionLabel(
  scope: Scope,
  namespace: string | undefined,
  name: string | undefined,
): Uint8Array {
  if (scope === 'cluster-wide') return new Uint8Array()
  if (namespace === undefined || namespace === '') {
    throw new GitsealError('E_BAD_SECRET', `a ${scope} value needs a namespace, and none is set`, {
      hint: 'Set metadata.namespace, pass --namespace, or use --scope cluster-wide.',
    })
  }
  if (scope === 'namespace-wide') return new TextEncoder().encode(namespace)
  if (name === undefined || name === '') {
    throw new GitsealError('E_BAD_SECRET', 'a strict value needs a Secret name, and none is set', {
      hint: 'Set metadata.name, pass --name, or use --scope namespace-wide / cluster-wide.',
    })
  }
  return new TextEncoder().encode(`${namespace}/${name}`)
}
