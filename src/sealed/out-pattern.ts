/**
 * `seal --out-pattern 'clusters/{cluster}/{name}.sealed.yaml'`: the same Secrets sealed for several
 * clusters in one run, one output file per distinct expanded path (only sealed documents are written).
 */
import { GitsealError } from '../core/errors.js'
import type { Manifest, ManifestFormat } from '../core/manifest.js'
import type { SealOptions } from './build.js'
import type { SealingCert } from './cert.js'
import { sealOne } from './seal-manifest.js'
import { readSecrets } from '../core/secret.js'
import type { Scope } from './scope.js'

/** One file to write. */
export interface PlannedOutput {
  path: string
  text: string
}

const PLACEHOLDER = /\{(cluster|name|namespace)\}/g

/**
 * Seal every Secret of `manifest` for every cluster and group the results by expanded pattern
 * (`{cluster}`, `{name}`, `{namespace}`).
 * @throws GitsealError `E_USAGE` when the pattern would write several clusters to one file.
 */
export function planOutPattern(
  manifest: Manifest,
  certs: readonly { cluster: string | undefined; cert: SealingCert; defaultScope: Scope | undefined }[],
  pattern: string,
  options: SealOptions & { format?: ManifestFormat | undefined },
): PlannedOutput[] {
  if (certs.length > 1 && !pattern.includes('{cluster}')) {
    throw new GitsealError(
      'E_USAGE',
      `--out-pattern "${pattern}" has no {cluster}: every cluster would overwrite the same file`,
    )
  }
  const format = options.format ?? (/\.json$/i.test(pattern) ? 'json' : 'yaml')
  const secrets = readSecrets(manifest)
  if (secrets.length === 0) {
    throw new GitsealError('E_NOT_A_SECRET', `${manifest.file}: holds no Kubernetes Secret to seal`, {
      file: manifest.file,
    })
  }
  const byPath = new Map<string, string>()
  for (const { cluster, cert, defaultScope } of certs) {
    for (const secret of secrets) {
      const values: Record<string, string> = {
        cluster: cluster ?? 'default',
        name: options.name ?? secret.name ?? 'secret',
        namespace: secret.namespace ?? options.namespace ?? 'default',
      }
      const path = pattern.replace(PLACEHOLDER, (_, key: string) => values[key] ?? '')
      const text = sealOne(manifest.file, secret, cert, { ...options, defaultScope, format })
      byPath.set(path, (byPath.get(path) ?? '') + text)
    }
  }
  return [...byPath].map(([path, text]) => ({ path, text }))
}
