/**
 * Offline re-encryption: open every value of a SealedSecret manifest with the old keys and seal it
 * for a new certificate, keeping scope, name, namespace and template (kubeseal needs the cluster for
 * this: `--re-encrypt`, #842/#1453). Pure: text in, text out; the plaintext stays in memory.
 * Only ciphertext changes: YAML files keep their comments, blank lines and layout.
 */
import type { KeyObject } from 'node:crypto'
import { isMap, isScalar } from 'yaml'
import type { Document } from 'yaml'
import { GitsealError } from '../core/errors.js'
import { documentValue, YAML_OUTPUT } from '../core/manifest.js'
import type { Manifest } from '../core/manifest.js'
import { sealSecret } from './build.js'
import type { SealingCert } from './cert.js'
import { inFile } from './in-file.js'
import { FileKeyRing } from './key-ring.js'
import { toKubesealJson, toKubesealYaml } from './output.js'
import {
  checkDecryptionBudget,
  isListObject,
  sealedSecretsIn,
  isSealedSecretObject,
  readSealedSecret,
  unsealSealedSecret,
} from './unseal.js'

/**
 * Re-seal every SealedSecret of `manifest` for `cert`; other documents pass through.
 * @returns the new text and how many SealedSecrets were re-sealed.
 * @throws GitsealError `E_DECRYPT` when a value does not open with `keys`, `E_NOT_A_SECRET` when there is no SealedSecret,
 *   `E_TOO_LARGE` when opening them may cost too many RSA decryptions (see {@link checkDecryptionBudget}).
 */
export function resealManifest(
  manifest: Manifest,
  keys: readonly KeyObject[],
  cert: SealingCert,
): { text: string; count: number } {
  const values = manifest.documents.map((doc) => documentValue(manifest, doc))
  // Left in place, they would stay sealed for the old key: refused, never passed through.
  if (values.some((value) => isListObject(value) && sealedSecretsIn([value]).length > 0)) {
    throw new GitsealError(
      'E_NOT_IMPLEMENTED',
      `${manifest.file}: a kind: List document holds SealedSecrets; reseal rewrites only SealedSecrets that are documents of their own`,
      {
        file: manifest.file,
        hint: 'Move them out of the List, one document each (---), then run reseal again.',
      },
    )
  }
  const views = values.filter(isSealedSecretObject).map((value) => readSealedSecret(value, manifest.file))
  checkDecryptionBudget(views, manifest.file)
  const ring = new FileKeyRing(keys, manifest.file)
  let text = ''
  let count = 0
  for (const doc of manifest.documents) {
    const value = documentValue(manifest, doc)
    if (!isSealedSecretObject(value)) {
      text += manifest.format === 'json' ? toKubesealJson(value) : withDocumentStart(doc)
      continue
    }
    const view = readSealedSecret(value, manifest.file)
    const secret = unsealSealedSecret(value, ring, manifest.file)
    const sealed = inFile(manifest.file, () =>
      sealSecret(secret, cert, { scope: view.scope, allowEmptyData: true }),
    )
    text +=
      manifest.format === 'json'
        ? toKubesealJson(sealed)
        : (rewriteInPlace(doc, sealed) ?? toKubesealYaml(sealed))
    count++
  }
  if (count === 0) {
    throw new GitsealError('E_NOT_A_SECRET', `${manifest.file}: holds no SealedSecret to re-seal`, {
      file: manifest.file,
    })
  }
  return { text, count }
}

/**
 * `doc` with only its `spec.encryptedData` values replaced by `sealed`'s, so comments, blank lines and
 * key order stay as the user wrote them (the rest of a re-sealed SealedSecret is unchanged). Undefined
 * for shapes that cannot be edited so (legacy `spec.data`, other keys): those are written anew.
 */
function rewriteInPlace(doc: Document.Parsed, sealed: { spec?: unknown }): string | undefined {
  const next = (sealed.spec as { encryptedData?: Record<string, string> } | undefined)?.encryptedData
  const present = doc.getIn(['spec', 'encryptedData'])
  if (next === undefined || !isMap(present)) return undefined
  const keys = present.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : undefined))
  const wanted = Object.keys(next)
  if (keys.length !== wanted.length || !wanted.every((key) => keys.includes(key))) return undefined
  for (const [key, value] of Object.entries(next)) doc.setIn(['spec', 'encryptedData', key], value)
  return withDocumentStart(doc)
}

/**
 * `doc` as text starting a document as `seal` writes it (`---`), unless it already has its own `---`:
 * a comment written above that marker is printed before it, and a second `---` in front would make
 * the comment an extra, empty document.
 */
function withDocumentStart(doc: Document.Parsed): string {
  const text = doc.toString(YAML_OUTPUT)
  // Indented content never starts a line with `---`: such a line is this document's own marker.
  return /^---(?:[ \t]|$)/m.test(text) ? text : `---\n${text}`
}
