/**
 * `seal --merge-into FILE`: seal some keys into an existing SealedSecret in place, leaving every
 * other key's ciphertext, the comments and the layout of FILE as they are (kubeseal #95/#253).
 * Unlike kubeseal, the scope comes from FILE (a contradicting --scope is an error), and with the
 * controller's private key unchanged values keep their old ciphertext, so diffs show real changes only.
 */
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { documentValue, parseManifest, YAML_OUTPUT } from '../core/manifest.js'
import { decodeStdBase64, isRecord } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import { sealSecret } from './build.js'
import type { SealOptions } from './build.js'
import type { SealingCert } from './cert.js'
import { inFile } from './in-file.js'
import { FileKeyRing } from './key-ring.js'
import { toKubesealJson } from './output.js'
import { encryptionLabel, scopeFromAnnotations, withScopeAnnotations } from './scope.js'
import { checkDecryptionBudget, readSealedSecret } from './unseal.js'

/** Options for {@link mergeIntoSealedSecret}. */
export interface MergeOptions extends Pick<SealOptions, 'scope' | 'allowEmptyData'> {
  /** Private keys able to open FILE's values: unchanged values then keep their ciphertext. */
  keys?: readonly KeyObject[] | undefined
}

/** The result of a merge: new text for FILE and which keys changed. */
export interface MergeResult {
  text: string
  /** Keys sealed anew. */
  updated: string[]
  /** Keys of the input whose value was unchanged (ciphertext kept; needs `keys`). */
  unchanged: string[]
}

/**
 * Merge `secret`'s values, labels and annotations into the SealedSecret `text` of `file`.
 * @throws GitsealError `E_BAD_MANIFEST` when FILE is not one SealedSecret, `E_USAGE` for a contradicting scope.
 */
export function mergeIntoSealedSecret(
  text: string,
  file: string,
  secret: Secret,
  cert: SealingCert,
  options: MergeOptions = {},
): MergeResult {
  const manifest = parseManifest(text, file)
  const doc = manifest.documents[0]
  if (manifest.documents.length !== 1 || doc === undefined) {
    throw new GitsealError(
      'E_BAD_MANIFEST',
      `${file}: --merge-into needs a file holding exactly one SealedSecret`,
      {
        file,
      },
    )
  }
  const view = readSealedSecret(documentValue(manifest, doc), file)
  checkScope(view, secret, options.scope, file)
  const label = inFile(file, () => encryptionLabel(view.scope, view.namespace, view.name))
  checkDecryptionBudget([view], file)
  const keep = openedValues(view, options.keys, label, file)
  const target: Secret = {
    ...secret,
    name: view.name,
    namespace: view.namespace,
    annotations: withScopeAnnotations(secret.annotations, view.scope),
  }
  const sealed = inFile(file, () =>
    sealSecret(target, cert, { scope: view.scope, allowEmptyData: options.allowEmptyData, keep }),
  )
  const { updated, unchanged, sets } = changes(sealed.spec as SealedSpec, keep)
  if (manifest.format === 'json') {
    const object = documentValue(manifest, doc) as Record<string, unknown>
    for (const [path, value] of sets) setPath(object, path, value)
    return { text: toKubesealJson(object), updated, unchanged }
  }
  for (const [path, value] of sets) {
    if (doc.getIn(path) !== value) doc.setIn(path, value)
  }
  return { text: doc.toString(YAML_OUTPUT), updated, unchanged }
}

type SealedView = ReturnType<typeof readSealedSecret>
type SealedSpec = { encryptedData: Record<string, string>; template: { metadata: Record<string, unknown> } }
type Kept = Map<string, { sealed: string; plaintext: Uint8Array }>

/** `--scope` and the input's scope annotations must agree with the file's scope. */
function checkScope(view: SealedView, secret: Secret, scope: MergeOptions['scope'], file: string): void {
  const inputScope = scopeFromAnnotations(secret.annotations)
  for (const [what, wanted] of [
    ['--scope', scope],
    ['the input Secret', inputScope === 'strict' ? undefined : inputScope],
  ] as const) {
    if (wanted !== undefined && wanted !== view.scope) {
      throw new GitsealError('E_USAGE', `${file} is ${view.scope} but ${what} says ${wanted}`, {
        file,
        hint: 'Values merged into a SealedSecret must use its scope; re-seal the whole Secret to change scope.',
      })
    }
  }
}

/** The file's values the controller keys open, with their ciphertext: unchanged ones are kept. */
function openedValues(view: SealedView, keys: MergeOptions['keys'], label: Uint8Array, file: string): Kept {
  const keep: Kept = new Map()
  if (keys === undefined || keys.length === 0) return keep
  const ring = new FileKeyRing(keys, file)
  for (const [key, sealed] of Object.entries(view.encryptedData)) {
    const bytes = decodeStdBase64(sealed)
    const plaintext = bytes === undefined ? undefined : ring.open(bytes, label)
    if (plaintext instanceof Uint8Array) keep.set(key, { sealed, plaintext })
  }
  return keep
}

/** Which keys changed, and the paths to set in the file (new ciphertext, labels, annotations). */
function changes(
  spec: SealedSpec,
  keep: Kept,
): { updated: string[]; unchanged: string[]; sets: [string[], string][] } {
  const updated: string[] = []
  const unchanged: string[] = []
  const sets: [string[], string][] = []
  for (const [key, value] of Object.entries(spec.encryptedData)) {
    if (keep.get(key)?.sealed === value) unchanged.push(key)
    else {
      updated.push(key)
      sets.push([['spec', 'encryptedData', key], value])
    }
  }
  for (const field of ['labels', 'annotations']) {
    const map = spec.template.metadata[field]
    if (!isRecord(map)) continue
    for (const [key, value] of Object.entries(map)) {
      sets.push([['spec', 'template', 'metadata', field, key], String(value)])
    }
  }
  return { updated, unchanged, sets }
}

function setPath(object: Record<string, unknown>, path: string[], value: string): void {
  let node = object
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (!isRecord(next)) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[path.at(-1) ?? ''] = value
}
