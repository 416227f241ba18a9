/**
 * A Secret → the SealedSecret `kubeseal` writes for it, field by field (`Seal` and
 * `NewSealedSecret` in sealed-secrets): scope annotation on the top-level metadata and the
 * template, template metadata without server fields, last-applied annotations or ownerReferences.
 */
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'
import { encodeStdBase64 } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import type { SealingCert } from './cert.js'
import { hybridEncrypt } from './crypto.js'
import { encryptionLabel, scopeAnnotations, scopeFromAnnotations, withScopeAnnotations } from './scope.js'
import type { Scope } from './scope.js'
import { MAX_SEALED_SECRET_BYTES, SEALED_SECRET_API_VERSION, SEALED_SECRET_KIND } from './unseal.js'

/** Options for {@link sealSecret}, mirroring kubeseal's flags. */
export interface SealOptions {
  /** `--scope`: explicit scope; contradicting the input Secret's scope annotation is an error. */
  scope?: Scope | undefined
  /** Scope when neither `scope` nor the input's annotations give one (e.g. a cluster's default). */
  defaultScope?: Scope | undefined
  /** `--name`: overrides `metadata.name` (as kubeseal does, also outside raw mode). */
  name?: string | undefined
  /** `--namespace`: sets a missing namespace; a different one in the input is an error. */
  namespace?: string | undefined
  /** Seal a Secret without data (kubeseal's `--allow-empty-data`). */
  allowEmptyData?: boolean | undefined
  /**
   * Existing ciphertext to keep for keys whose plaintext did not change (`encryptedData` of the
   * file being updated, with the plaintext it opens to). Keeps Git diffs to the changed keys.
   */
  keep?: ReadonlyMap<string, { sealed: string; plaintext: Uint8Array }> | undefined
}

/** Server-set fields kubeseal strips from the metadata it copies into the template. */
const SERVER_FIELDS = [
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
]
const LAST_APPLIED = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubecfg.ksonnet.io/last-applied-configuration',
]
// Go's ObjectMeta field order, which kubeseal's JSON output follows.
const OBJECT_META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'finalizers',
  'managedFields',
]

/** Where a Secret is sealed: the scope and the name/namespace the label binds to. */
export interface SealTarget {
  scope: Scope
  name: string
  namespace: string | undefined
}

/**
 * Decide scope, name and namespace for sealing `secret`, as kubeseal does, but refusing to guess.
 * @throws GitsealError `E_USAGE` for a contradicting --scope or namespace, `E_BAD_SECRET` for a missing name or namespace.
 */
export function sealTarget(secret: Secret, options: SealOptions = {}): SealTarget {
  const label = secret.name === undefined ? 'the input Secret' : `Secret "${secret.name}"`
  const annotated = scopeFromAnnotations(secret.annotations)
  if (options.scope !== undefined && annotated !== 'strict' && options.scope !== annotated) {
    throw new GitsealError(
      'E_USAGE',
      `${label} is annotated ${annotated} but --scope ${options.scope} was given`,
      {
        hint: `Remove the sealedsecrets.bitnami.com/${annotated} annotation from the input, or drop --scope.`,
      },
    )
  }
  const scope = options.scope ?? (annotated === 'strict' ? (options.defaultScope ?? 'strict') : annotated)
  const name = options.name ?? secret.name
  if (name === undefined || name === '') {
    throw new GitsealError('E_BAD_SECRET', `${label} has no metadata.name`, {
      hint: 'Set metadata.name in the Secret, or pass --name.',
    })
  }
  let namespace = secret.namespace
  if (scope !== 'cluster-wide') {
    if (options.namespace !== undefined && namespace !== undefined && namespace !== options.namespace) {
      throw new GitsealError(
        'E_USAGE',
        `namespace mismatch: Secret "${name}" is in namespace "${namespace}" but --namespace ${options.namespace} was given`,
        { hint: 'Drop --namespace, or fix metadata.namespace in the input.' },
      )
    }
    namespace ??= options.namespace
    if (namespace === undefined) {
      throw new GitsealError(
        'E_BAD_SECRET',
        `Secret "${name}" has no namespace, and a ${scope} SealedSecret is bound to one`,
        {
          hint:
            'Set metadata.namespace or pass --namespace (kubeseal would silently use your kubeconfig ' +
            "namespace or 'default'), or seal with --scope cluster-wide.",
        },
      )
    }
  } else namespace ??= options.namespace
  return { scope, name, namespace }
}

/**
 * Seal every value of `secret` for `cert` and build the SealedSecret object kubeseal would write,
 * keys in kubeseal's JSON order (use `toKubesealYaml` / `toKubesealJson` to serialise).
 * @throws GitsealError as {@link sealTarget}, and `E_BAD_SECRET` for an empty Secret without `allowEmptyData`.
 */
export function sealSecret(
  secret: Secret,
  cert: SealingCert,
  options: SealOptions = {},
): Record<string, unknown> {
  const target = sealTarget(secret, options)
  if (secret.data.size === 0 && !options.allowEmptyData) {
    throw new GitsealError('E_BAD_SECRET', `Secret "${target.name}" has no data or stringData`, {
      hint: 'Add the values to seal, or pass --allow-empty-data if an empty SealedSecret is intended.',
    })
  }
  refuseUnstorable(secret, cert, target.name)
  const label = encryptionLabel(target.scope, target.namespace, target.name)
  const encryptedData: Record<string, string> = Object.create(null) as Record<string, string>
  for (const key of [...secret.data.keys()].sort()) {
    const value = secret.data.get(key) ?? new Uint8Array()
    const kept = options.keep?.get(key)
    encryptedData[key] =
      kept !== undefined && Buffer.from(kept.plaintext).equals(value)
        ? kept.sealed
        : encodeStdBase64(hybridEncrypt(cert.publicKey, value, label))
  }
  return buildSealedSecret(secret, target, encryptedData)
}

export { MAX_SEALED_SECRET_BYTES }

/** Length of the base64 of `bytes` bytes. */
const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3)

/**
 * Refuse, before any encryption, a Secret whose sealed form cannot be stored: its `encryptedData`
 * alone (each key, plus the base64 of u16 ‖ RSA part ‖ value ‖ GCM tag) is a lower bound of the
 * SealedSecret's size. Many tiny keys grow most (~700 bytes each for a 4096-bit key): 200,000 of
 * them took 25 s and 1.3 GB to seal into an object no cluster accepts.
 * @throws GitsealError `E_TOO_LARGE` naming the Secret, the size and the limit.
 */
function refuseUnstorable(secret: Secret, cert: SealingCert, name: string): void {
  const rsaBytes = Math.ceil(cert.keyBits / 8)
  let size = 0
  for (const [key, value] of secret.data) {
    // `"key": "value",` in JSON, `key: value` in YAML: at least the key and value bytes.
    size += Buffer.byteLength(key) + base64Length(2 + rsaBytes + value.length + 16)
    if (size > MAX_SEALED_SECRET_BYTES) {
      throw new GitsealError(
        'E_TOO_LARGE',
        `Secret "${printable(name)}" would seal to more than ${MAX_SEALED_SECRET_BYTES} bytes (${secret.data.size} keys), ` +
          'larger than a Kubernetes object can be (etcd stores at most 1.5 MiB)',
        {
          hint:
            'Split the values over several Secrets, or keep large files out of Secrets (each sealed key ' +
            `costs about ${base64Length(2 + rsaBytes + 16)} bytes plus its value's size × 4/3).`,
        },
      )
    }
  }
}

/** The SealedSecret object for already sealed values (no crypto): metadata, template, encryptedData. */
export function buildSealedSecret(
  secret: Secret,
  target: SealTarget,
  encryptedData: Record<string, string>,
): Record<string, unknown> {
  const top: Record<string, unknown> = { name: target.name }
  if (target.namespace !== undefined) top.namespace = target.namespace
  const scopeOnly = scopeAnnotations(target.scope)
  if (Object.keys(scopeOnly).length > 0) top.annotations = scopeOnly

  const source: Record<string, unknown> = { ...secret.metadata }
  for (const field of SERVER_FIELDS) Reflect.deleteProperty(source, field)
  const annotations = withScopeAnnotations(
    Object.fromEntries(Object.entries(secret.annotations).filter(([key]) => !LAST_APPLIED.includes(key))),
    target.scope,
  )
  source.name = target.name
  if (target.namespace !== undefined) source.namespace = target.namespace
  else delete source.namespace
  source.labels = sortMap(secret.labels)
  source.annotations = sortMap(annotations)
  const templateMeta: Record<string, unknown> = {}
  for (const field of [
    ...OBJECT_META_ORDER,
    ...Object.keys(source).filter((k) => !OBJECT_META_ORDER.includes(k)),
  ]) {
    const value = source[field]
    if (value === undefined || value === null) continue
    if (typeof value === 'object' && Object.keys(value).length === 0) continue
    templateMeta[field] = value
  }
  const template: Record<string, unknown> = { metadata: templateMeta }
  if (secret.type !== undefined && secret.type !== '') template.type = secret.type
  if (secret.immutable !== undefined) template.immutable = secret.immutable
  return {
    kind: SEALED_SECRET_KIND,
    apiVersion: SEALED_SECRET_API_VERSION,
    metadata: top,
    spec: { template, encryptedData },
  }
}

function sortMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * Seal one value as `kubeseal --raw` does: base64 of the sealed bytes, for `scope` under
 * `namespace`/`name`.
 * @throws GitsealError `E_BAD_SECRET` when the scope needs a namespace or name that is missing.
 */
export function sealRaw(
  value: Uint8Array,
  cert: SealingCert,
  target: { scope: Scope; namespace?: string | undefined; name?: string | undefined },
): string {
  const label = encryptionLabel(target.scope, target.namespace, target.name)
  return encodeStdBase64(hybridEncrypt(cert.publicKey, value, label))
}
