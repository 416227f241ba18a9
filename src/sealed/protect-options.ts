/**
 * The sealed backend's protect options, typed: the raw parameters `protect` gets (the policy rule's,
 * the flags', and what the workflow adds: configDir, configFile, clusterConfigs) read once, and every
 * wrong one refused with `E_BAD_CONFIG` naming the config file and the key.
 */
import { isAbsolute } from 'node:path'
import type { BackendParams } from '../core/backend.js'
import { GitsealError } from '../core/errors.js'
import { isRecord } from '../core/secret.js'
import type { ClusterConfig } from '../config/model.js'
import { saveCertHint } from './cert-save-hint.js'
import { parseScope } from './scope.js'
import type { Scope } from './scope.js'

/** What the sealed backend seals with. */
export interface SealedOptions {
  /** The controller certificate: a PEM file (absolute, or relative to {@link SealedOptions.baseDir}) or an http(s) URL. */
  certSource: string
  /** The directory a relative {@link SealedOptions.certSource} is read from (gitseal.yaml's). */
  baseDir: string
  /** Expected SHA-256 fingerprint of the certificate (the cluster's `certFingerprint`). */
  pin: string | undefined
  /** The rule's `scope`, else the cluster's; undefined lets the Secret's annotations decide. */
  scope: Scope | undefined
  /** Namespace to seal for instead of the Secret's. */
  namespace: string | undefined
  /** Seal even with an expired certificate (a warning instead of a refusal). */
  allowExpired: boolean
  /** Where certificate warnings go (the commands print them as `seal` does). */
  onWarning: ((message: string) => void) | undefined
}

/**
 * Read the raw `params` into {@link SealedOptions}: the certificate from `cert`, or from the one
 * cluster `cluster`/`clusters` names (its settings in `clusterConfigs`, put there by the policy decision).
 * @throws GitsealError `E_BAD_CONFIG` naming the config file and key; `E_UNKNOWN_CLUSTER` for a cluster
 *   gitseal.yaml does not declare.
 */
export function sealedOptions(params: BackendParams): SealedOptions {
  const configFile = stringOption(params, 'configFile', 'gitseal.yaml') ?? 'gitseal.yaml'
  const read = (key: string): string | undefined => stringOption(params, key, configFile)
  const configDir = read('configDir') ?? read('cwd')
  const scope = read('scope')
  const source = certSource(params, configFile, read('cert'))
  if (configDir === undefined && !isAbsolute(source.certSource) && !/^https?:/i.test(source.certSource)) {
    throw new GitsealError(
      'E_BAD_CONFIG',
      `sealed backend: relative cert path "${source.certSource}" needs configDir`,
    )
  }
  const onWarning = params.onWarning
  return {
    ...source,
    baseDir: configDir ?? '/',
    scope: scope === undefined ? source.scope : parseScope(scope),
    namespace: read('namespace'),
    allowExpired: params.allowExpired === true,
    onWarning: typeof onWarning === 'function' ? (onWarning as (message: string) => void) : undefined,
  }
}

/** A string parameter, or undefined when absent. */
function stringOption(params: BackendParams, key: string, configFile: string): string | undefined {
  const value = params[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '') {
    throw new GitsealError(
      'E_BAD_CONFIG',
      `${configFile}: sealed parameter "${key}" must be a non-empty string`,
      { hint: 'Fix the sealed parameters in gitseal.yaml.' },
    )
  }
  return value
}

/** Where the certificate comes from: `cert`, else the one named cluster's settings. */
function certSource(
  params: BackendParams,
  configFile: string,
  cert: string | undefined,
): { certSource: string; pin: string | undefined; scope: Scope | undefined } {
  const clusters = [params.cluster, params.clusters].flat().filter((c): c is string => typeof c === 'string')
  if (clusters.length > 1) {
    throw new GitsealError(
      'E_BAD_CONFIG',
      `sealed backend: one file holds a SealedSecret for one cluster, not ${clusters.join(', ')}`,
      {
        hint: "Use one rule per cluster directory, or gitseal seal --cluster A --cluster B --out-pattern 'clusters/{cluster}/...'.",
      },
    )
  }
  if (cert !== undefined) return { certSource: cert, pin: undefined, scope: undefined }
  const name = clusters[0]
  if (name === undefined) {
    throw new GitsealError(
      'E_BAD_CONFIG',
      'sealed backend: no certificate (set cert or cluster in the policy rule)',
      {
        hint: 'e.g. policy: [{ path: "apps/**/prod/**", backend: sealed, cluster: prod }] with clusters.prod.cert',
      },
    )
  }
  const cluster = clusterConfig(params, name)
  if (cluster === undefined) {
    throw new GitsealError('E_UNKNOWN_CLUSTER', `unknown cluster "${name}" (${configFile})`, {
      hint: 'Declare it under clusters: in gitseal.yaml.',
    })
  }
  if (cluster.cert === undefined) {
    throw new GitsealError('E_BAD_CONFIG', `${configFile}: cluster "${name}" has no cert`, {
      hint: `Give it one: ${saveCertHint(name, undefined, false)}.`,
    })
  }
  return { certSource: cluster.cert, pin: cluster.certFingerprint, scope: cluster.scope }
}

/** The settings of cluster `name` that the policy decision put in `params.clusterConfigs`. */
function clusterConfig(params: BackendParams, name: string): ClusterConfig | undefined {
  const configs = params.clusterConfigs
  if (!isRecord(configs)) return undefined
  const cluster = configs[name]
  return isRecord(cluster) ? (cluster as unknown as ClusterConfig) : undefined
}
