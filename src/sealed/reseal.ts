/**
 * Offline re-encryption: open every value of a SealedSecret manifest with the old keys and seal it
 * for a new certificate, keeping scope, name, namespace and template (kubeseal needs the cluster for
 * this: `--re-encrypt`, #842/#1453). Pure: text in, text out; the plaintext stays in memory.
 */
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { documentValue, YAML_OUTPUT } from '../core/manifest.js'
import type { Manifest } from '../core/manifest.js'
import { sealSecret } from './build.js'
import type { SealingCert } from './cert.js'
import { inFile } from './in-file.js'
import { toKubesealJson, toKubesealYaml } from './output.js'
import { isSealedSecretObject, readSealedSecret, unsealSealedSecret } from './unseal.js'

/**
 * Re-seal every SealedSecret of `manifest` for `cert`; other documents pass through.
 * @returns the new text and how many SealedSecrets were re-sealed.
 * @throws GitsealError `E_DECRYPT` when a value does not open with `keys`, `E_NOT_A_SECRET` when there is no SealedSecret.
 */
export function resealManifest(
  manifest: Manifest,
  keys: readonly KeyObject[],
  cert: SealingCert,
): { text: string; count: number } {
  let text = ''
  let count = 0
  for (const doc of manifest.documents) {
    const value = documentValue(manifest, doc)
    if (!isSealedSecretObject(value)) {
      text +=
        manifest.format === 'json'
          ? toKubesealJson(value)
          : `---\n${doc.toString(YAML_OUTPUT).replace(/^---\n/, '')}`
      continue
    }
    const view = readSealedSecret(value, manifest.file)
    const secret = unsealSealedSecret(value, keys, manifest.file)
    const sealed = inFile(manifest.file, () =>
      sealSecret(secret, cert, { scope: view.scope, allowEmptyData: true }),
    )
    text += manifest.format === 'json' ? toKubesealJson(sealed) : toKubesealYaml(sealed)
    count++
  }
  if (count === 0) {
    throw new GitsealError('E_NOT_A_SECRET', `${manifest.file}: holds no SealedSecret to re-seal`, {
      file: manifest.file,
    })
  }
  return { text, count }
}
