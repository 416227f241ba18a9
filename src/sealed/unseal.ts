/**
 * Offline recovery: a SealedSecret back to the Secret the controller would create (`Unseal` in the
 * v1alpha1 API). Scope, name and namespace come from the SealedSecret's own metadata, as there.
 */
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { decodeStdBase64, isRecord, parseSecretObject } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import { hybridDecrypt } from './crypto.js'
import { type FileKeyRing, keyRingFor } from './key-ring.js'
import { encryptionLabel, scopeFromAnnotations } from './scope.js'
import { inFile } from './in-file.js'
import type { Scope } from './scope.js'

/** apiVersion and kind of a SealedSecret. */
export const SEALED_SECRET_API_VERSION = 'bitnami.com/v1alpha1'
/** The SealedSecret kind. */
export const SEALED_SECRET_KIND = 'SealedSecret'

/**
 * Largest SealedSecret the cluster can store: etcd's default request limit (`--max-request-bytes`,
 * 1.5 MiB). A bigger object is refused by the API server whatever the controller would do with it.
 */
export const MAX_SEALED_SECRET_BYTES = 1.5 * 1024 * 1024

/**
 * Most sealed values gitseal opens from one file (~5 ms of RSA each at 4096 bits): 45,000 crafted
 * values fit in a 32 MiB file. Real files hold a handful; failed tries have their own budget
 * (the file's key ring).
 */
export const MAX_SEALED_VALUES_PER_FILE = 4096

/** A SealedSecret's parts gitseal reads. */
export interface SealedSecretView {
  name: string | undefined
  namespace: string | undefined
  /** Scope from the top-level annotations (what the controller uses). */
  scope: Scope
  /** Scope from `spec.template.metadata.annotations`. */
  templateScope: Scope
  encryptedData: Record<string, string>
  template: Record<string, unknown>
}

/** True when `value` is a SealedSecret object (any bitnami.com version). */
export function isSealedSecretObject(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    value.kind === SEALED_SECRET_KIND &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('bitnami.com/')
  )
}

/** True for a `kind: List` document (what `kubectl get -o yaml` writes for several objects). */
export function isListObject(value: unknown): value is { items: unknown[] } {
  return isRecord(value) && value.kind === 'List' && Array.isArray(value.items)
}

/** The SealedSecrets among documents' values: top-level ones and the items of `kind: List` documents. */
export function sealedSecretsIn(values: readonly unknown[]): Record<string, unknown>[] {
  return values.flatMap((value) => (isListObject(value) ? value.items : [value])).filter(isSealedSecretObject)
}

/**
 * The parts of a SealedSecret object, validated.
 * @throws GitsealError `E_BAD_MANIFEST` naming `file` when it is not a usable SealedSecret.
 */
export function readSealedSecret(value: unknown, file: string): SealedSecretView {
  const fail = (message: string, hint?: string): never => {
    throw new GitsealError('E_BAD_MANIFEST', `${file}: ${message}`, { file, ...(hint ? { hint } : {}) })
  }
  if (!isSealedSecretObject(value)) return fail('not a SealedSecret (apiVersion bitnami.com/v1alpha1)')
  const metadata = isRecord(value.metadata) ? value.metadata : {}
  const spec = isRecord(value.spec) ? value.spec : fail('SealedSecret has no spec')
  if (spec.data !== undefined && spec.data !== null) {
    fail(
      'SealedSecret uses the deprecated spec.data field',
      'Re-seal the Secret: gitseal reads only spec.encryptedData (kubeseal since v0.7).',
    )
  }
  const encrypted = spec.encryptedData ?? {}
  if (!isRecord(encrypted)) return fail('spec.encryptedData must be a mapping')
  const encryptedData: Record<string, string> = Object.create(null) as Record<string, string>
  let size = 0
  for (const [key, entry] of Object.entries(encrypted)) {
    if (typeof entry !== 'string') fail(`spec.encryptedData.${key} must be a string`)
    encryptedData[key] = entry as string
    size += key.length + (entry as string).length
  }
  // Each value costs an RSA decryption per key (~7 ms for 4096 bits): a crafted 7.6 MB file of
  // 10,000 values took 71 s to refuse. No cluster stores a SealedSecret this large.
  if (size > MAX_SEALED_SECRET_BYTES) {
    fail(
      `spec.encryptedData holds ${size} characters in ${Object.keys(encryptedData).length} values, more than a Kubernetes object can hold (etcd stores at most 1.5 MiB)`,
      'This is no SealedSecret a controller could have stored; check where the file comes from.',
    )
  }
  const template = isRecord(spec.template) ? spec.template : {}
  const templateMeta = isRecord(template.metadata) ? template.metadata : {}
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
  return {
    name: str(metadata.name),
    namespace: str(metadata.namespace),
    scope: scopeFromAnnotations(isRecord(metadata.annotations) ? metadata.annotations : undefined),
    templateScope: scopeFromAnnotations(
      isRecord(templateMeta.annotations) ? templateMeta.annotations : undefined,
    ),
    encryptedData,
    template,
  }
}

/**
 * Refuse, before decrypting anything, SealedSecrets of `file` holding more than
 * {@link MAX_SEALED_VALUES_PER_FILE} values.
 * @throws GitsealError `E_TOO_LARGE` naming the file.
 */
export function checkDecryptionBudget(views: readonly SealedSecretView[], file: string): void {
  let values = 0
  for (const view of views) values += Object.keys(view.encryptedData).length
  if (values <= MAX_SEALED_VALUES_PER_FILE) return
  throw new GitsealError(
    'E_TOO_LARGE',
    `${file}: its SealedSecrets hold ${values} sealed values, more than the ${MAX_SEALED_VALUES_PER_FILE} gitseal opens from one file`,
    { file, hint: 'Split the SealedSecrets over several files.' },
  )
}

/**
 * Open one base64 value sealed for `scope` under `namespace`/`name`.
 * @throws GitsealError `E_BAD_CIPHERTEXT` (not base64, truncated), `E_DECRYPT` (no key fits).
 */
export function unsealValue(
  value: string,
  keys: readonly KeyObject[],
  target: { scope: Scope; namespace?: string | undefined; name?: string | undefined },
): Uint8Array {
  const sealed = decodeStdBase64(value.trim())
  if (sealed === undefined) {
    throw new GitsealError('E_BAD_CIPHERTEXT', 'the sealed value is not valid standard base64', {
      hint: 'Copy the whole value as it appears under encryptedData.',
    })
  }
  return hybridDecrypt(keys, sealed, encryptionLabel(target.scope, target.namespace, target.name))
}

/** One key's outcome in {@link checkSealedSecret}. */
export interface KeyCheck {
  key: string
  ok: boolean
  /** Why it failed (never the value). */
  reason?: string
}

/**
 * Check that every value of a SealedSecret opens for its scope, and that the template agrees with the
 * top-level scope (the controller reads the top level; a mismatch is a trap).
 * @throws GitsealError `E_TOO_LARGE` for more values than {@link checkDecryptionBudget} allows, or past
 *   the key ring's budget of failed tries (pass one ring for a whole file).
 */
export function checkSealedSecret(
  view: SealedSecretView,
  keys: readonly KeyObject[] | FileKeyRing,
): KeyCheck[] {
  checkDecryptionBudget([view], 'SealedSecret')
  const ring = keyRingFor(keys, 'SealedSecret')
  let label: Uint8Array | undefined
  let labelProblem: string | undefined
  try {
    label = encryptionLabel(view.scope, view.namespace, view.name)
  } catch (error) {
    labelProblem = (error as Error).message
  }
  const results = Object.entries(view.encryptedData).map(([key, value]): KeyCheck => {
    if (label === undefined) return { key, ok: false, reason: labelProblem ?? 'no label' }
    const sealed = decodeStdBase64(value)
    if (sealed === undefined) return { key, ok: false, reason: 'not valid base64' }
    const result = ring.open(sealed, label)
    if (result instanceof Uint8Array) return { key, ok: true }
    return {
      key,
      ok: false,
      reason: result === 'too-short' ? 'truncated' : `no key could decrypt it for scope ${view.scope}`,
    }
  })
  if (view.scope !== view.templateScope) {
    results.push({
      key: '(scope)',
      ok: false,
      reason: `metadata says ${view.scope} but spec.template.metadata says ${view.templateScope}`,
    })
  }
  return results
}

/**
 * The Secret a SealedSecret stands for, every value decrypted (template metadata, type, immutable).
 * @throws GitsealError `E_DECRYPT` naming the keys that did not open, `E_BAD_MANIFEST` for a broken document,
 *   `E_TOO_LARGE` for more values than {@link checkDecryptionBudget} allows, or past the key ring's
 *   budget of failed tries (pass one ring for a whole file).
 */
export function unsealSealedSecret(
  value: unknown,
  keys: readonly KeyObject[] | FileKeyRing,
  file: string,
): Secret {
  const view = readSealedSecret(value, file)
  checkDecryptionBudget([view], file)
  const ring = keyRingFor(keys, file)
  const label = inFile(file, () => encryptionLabel(view.scope, view.namespace, view.name))
  const data: Record<string, string> = Object.create(null) as Record<string, string>
  const failed: string[] = []
  let tooShort = false
  for (const [key, sealedText] of Object.entries(view.encryptedData)) {
    const sealed = decodeStdBase64(sealedText)
    const result = sealed === undefined ? 'too-short' : ring.open(sealed, label)
    if (result instanceof Uint8Array) data[key] = Buffer.from(result).toString('base64')
    else {
      failed.push(key)
      if (result === 'too-short') tooShort = true
    }
  }
  if (failed.length > 0) {
    throw new GitsealError(
      tooShort ? 'E_BAD_CIPHERTEXT' : 'E_DECRYPT',
      `${file}: ${tooShort ? 'damaged or truncated value(s)' : 'no key could decrypt'} ${listFew(failed)} ` +
        `(scope ${view.scope}${view.namespace ? `, namespace ${view.namespace}` : ''}${view.name ? `, name ${view.name}` : ''})`,
      {
        file,
        hint:
          'Pass every controller key (--key, repeatable; old keys after renewal). A strict SealedSecret opens ' +
          'only under the name and namespace it was sealed for; renaming it breaks it.',
      },
    )
  }
  const metadata = isRecord(view.template.metadata) ? { ...view.template.metadata } : {}
  if (view.name !== undefined) metadata.name = view.name
  if (view.namespace !== undefined) metadata.namespace = view.namespace
  return inFile(file, () =>
    parseSecretObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      ...(view.template.type === undefined ? {} : { type: view.template.type }),
      ...(view.template.immutable === undefined ? {} : { immutable: view.template.immutable }),
      data,
    }),
  )
}

/** The first few names of `names` (a crafted file may hold thousands), with how many more. */
function listFew(names: readonly string[]): string {
  const FEW = 10
  const more = names.length > FEW ? ` and ${names.length - FEW} more` : ''
  return names.slice(0, FEW).join(', ') + more
}
