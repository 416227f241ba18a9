/**
 * `seal` on a whole manifest: every Secret becomes a SealedSecret, every other document passes
 * through unchanged (YAML comments kept), in order. Pure: parsed manifest in, text out.
 */
import { Document } from 'yaml'
import { GitsealError } from '../core/errors.js'
import { YAML_OUTPUT } from '../core/manifest.js'
import type { Manifest, ManifestFormat } from '../core/manifest.js'
import { readManifestEntries } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import { sealSecret } from './build.js'
import type { SealOptions } from './build.js'
import type { SealingCert } from './cert.js'
import { inFile } from './in-file.js'
import { toKubesealJson, toKubesealYaml } from './output.js'

/** Options for {@link sealManifest}. */
export interface SealManifestOptions extends SealOptions {
  /** Output format; default the input's. */
  format?: ManifestFormat | undefined
}

/**
 * Seal every Secret of `manifest` for `cert`.
 * @returns the output text and how many Secrets were sealed.
 * @throws GitsealError `E_NOT_A_SECRET` naming the file when it holds no Secret; errors of {@link sealSecret}, prefixed with the file.
 */
export function sealManifest(
  manifest: Manifest,
  cert: SealingCert,
  options: SealManifestOptions = {},
): { text: string; count: number } {
  const format = options.format ?? manifest.format
  const entries = readManifestEntries(manifest)
  if (!entries.some((entry) => entry.kind === 'secret')) {
    throw new GitsealError('E_NOT_A_SECRET', `${manifest.file}: holds no Kubernetes Secret to seal`, {
      file: manifest.file,
      hint: 'seal takes Secret manifests (kind: Secret), e.g. from `kubectl create secret ... --dry-run=client -o yaml`.',
    })
  }
  // Documents holding a Secret (a List with Secret items) are never copied as written: that would
  // put the plaintext into the output. Their other items are written one by one.
  const withSecrets = new Set(entries.flatMap((entry) => (entry.kind === 'secret' ? [entry.document] : [])))
  let text = ''
  let count = 0
  let lastDocument: unknown
  for (const entry of entries) {
    if (entry.kind === 'secret') {
      text += sealOne(manifest.file, entry.secret, cert, { ...options, format })
      count++
    } else if (format === 'json') {
      text += toKubesealJson(entry.value)
    } else if (withSecrets.has(entry.document)) {
      text += `---\n${new Document(entry.value).toString(YAML_OUTPUT)}`
    } else if (entry.document !== lastDocument && entry.document.contents !== null) {
      // Keep the document as written (comments, order); List items stay inside their List.
      const body = entry.document.toString(YAML_OUTPUT).replace(/^---\n/, '')
      text += `---\n${body}`
    }
    lastDocument = entry.document
  }
  return { text, count }
}

/**
 * One Secret sealed and serialised (kubeseal layout) in `options.format` (default yaml).
 * @throws GitsealError as `sealSecret`, prefixed with `file`.
 */
export function sealOne(
  file: string,
  secret: Secret,
  cert: SealingCert,
  options: SealManifestOptions = {},
): string {
  const sealed = inFile(file, () => sealSecret(secret, cert, options))
  return options.format === 'json' ? toKubesealJson(sealed) : toKubesealYaml(sealed)
}
