/**
 * The `sealed` backend: a Secret becomes a SealedSecret for one cluster's certificate (from the
 * policy's `cert`, or `cluster` looked up in gitseal.yaml); SealedSecrets are described for
 * `status`/`scan` and revealed with the controller's private keys (`keyFiles`).
 */
import { isAbsolute, resolve } from 'node:path'
import type { Backend, BackendParams, ProtectContext, ProtectionInfo, RevealKeys } from '../core/backend.js'
import { mayHaveKind } from '../core/document-text.js'
import { GitsealError } from '../core/errors.js'
import type { Secret } from '../core/secret.js'
import { readFileText } from '../io/read-file.js'
import { sealSecret } from './build.js'
import { toKubesealJson, toKubesealYaml } from './output.js'
import { checkCert } from './cert.js'
import type { SealingCert } from './cert.js'
import { loadCert } from './cert-source.js'
import { parsePrivateKeys } from './keys.js'
import { parseScope } from './scope.js'
import type { Scope } from './scope.js'
import { isSealedSecretObject, readSealedSecret, unsealSealedSecret } from './unseal.js'
import { sealedFramingProblem } from './crypto.js'
import { isRecord } from '../core/secret.js'
import { sealedParams } from '../config/policy-params.js'
import type { ClusterConfig } from '../config/model.js'

function stringParam(params: BackendParams, key: string): string | undefined {
  const value = params[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '') {
    throw new GitsealError('E_BAD_CONFIG', `sealed backend: parameter "${key}" must be a non-empty string`, {
      hint: 'Fix the sealed parameters in gitseal.yaml.',
    })
  }
  return value
}

/** The settings of cluster `name` that the policy decision put in `params.clusterConfigs`. */
function clusterConfig(params: BackendParams, name: string): ClusterConfig | undefined {
  const configs = params.clusterConfigs
  if (!isRecord(configs)) return undefined
  const cluster = configs[name]
  return isRecord(cluster) ? (cluster as unknown as ClusterConfig) : undefined
}

/** Certificates already loaded in this process, by resolved source (one read per run, not per Secret). */
const certCache = new Map<string, Promise<SealingCert>>()

async function certFor(
  params: BackendParams,
  signal: AbortSignal | undefined,
): Promise<{ cert: SealingCert; scope: Scope | undefined; pin: string | undefined }> {
  const configDir = stringParam(params, 'configDir') ?? stringParam(params, 'cwd')
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
  let source = stringParam(params, 'cert')
  const baseDir = configDir
  let scope: Scope | undefined
  let pin: string | undefined
  const clusterName = clusters[0]
  if (source === undefined && clusterName !== undefined) {
    if (configDir === undefined) {
      throw new GitsealError(
        'E_BAD_CONFIG',
        `sealed backend: cluster "${clusterName}" needs the config directory`,
      )
    }
    // The policy decision passes the settings of the clusters its rule names (decideProtection).
    const cluster = clusterConfig(params, clusterName)
    const configFile = stringParam(params, 'configFile') ?? 'gitseal.yaml'
    if (cluster === undefined) {
      throw new GitsealError('E_UNKNOWN_CLUSTER', `unknown cluster "${clusterName}" (${configFile})`, {
        hint: 'Declare it under clusters: in gitseal.yaml.',
      })
    }
    if (cluster.cert === undefined) {
      throw new GitsealError('E_BAD_CONFIG', `${configFile}: cluster "${clusterName}" has no cert`, {
        hint: `Save the controller certificate (kubeseal --fetch-cert > certs/${clusterName}.pem) and set cert:.`,
      })
    }
    source = cluster.cert
    scope = cluster.scope
    pin = cluster.certFingerprint
  }
  if (source === undefined) {
    throw new GitsealError(
      'E_BAD_CONFIG',
      'sealed backend: no certificate (set cert or cluster in the policy rule)',
      {
        hint: 'e.g. policy: [{ path: "apps/**/prod/**", backend: sealed, cluster: prod }] with clusters.prod.cert',
      },
    )
  }
  if (baseDir === undefined && !isAbsolute(source) && !/^https?:/i.test(source)) {
    throw new GitsealError('E_BAD_CONFIG', `sealed backend: relative cert path "${source}" needs configDir`)
  }
  const key = /^https?:/i.test(source) ? source : resolve(baseDir ?? '/', source)
  let pending = certCache.get(key)
  if (pending === undefined) {
    pending = loadCert(source, { baseDir: baseDir ?? '/', signal })
    certCache.set(key, pending)
    pending.catch(() => certCache.delete(key))
  }
  return { cert: await pending, scope, pin }
}

async function protect(secret: Secret, context: ProtectContext): Promise<unknown[]> {
  const { params } = context
  const { cert, scope: clusterScope, pin } = await certFor(params, context.signal)
  const warnings = checkCert(cert, {
    allowExpired: params.allowExpired === true,
    ...(pin === undefined ? {} : { sha256: pin }),
  })
  // The commands pass `onWarning` so `--allow-expired` and a soon-expiring cert are said, as seal says them.
  const onWarning = params.onWarning
  if (typeof onWarning === 'function')
    for (const warning of warnings) (onWarning as (m: string) => void)(warning)
  const scopeParam = stringParam(params, 'scope')
  return [
    sealSecret(secret, cert, {
      defaultScope: scopeParam === undefined ? clusterScope : parseScope(scopeParam),
      namespace: stringParam(params, 'namespace'),
    }),
  ]
}

function describe(document: unknown): ProtectionInfo | null {
  if (!isSealedSecretObject(document)) return null
  const legacy = legacySealedSecret(document)
  if (legacy) return legacy
  const view = readSealedSecret(document, 'SealedSecret')
  const keys = Object.keys(view.encryptedData)
  const warnings =
    view.scope === view.templateScope
      ? []
      : [`scope is ${view.scope} in metadata but ${view.templateScope} in spec.template.metadata`]
  // A value that cannot even be framed as a sealed value protects nothing: the controller will fail on it.
  const problems = keys.flatMap((key) => {
    const problem = sealedFramingProblem(view.encryptedData[key] ?? '')
    return problem === undefined ? [] : [`encryptedData.${key} ${problem}: seal the value again`]
  })
  const where = view.scope === 'cluster-wide' ? 'any namespace' : `namespace ${view.namespace ?? '(none)'}`
  return {
    backend: 'sealed',
    summary: `SealedSecret ${view.name ?? '(no name)'} (${view.scope}, ${where}), ${keys.length} key(s)`,
    details: {
      name: view.name,
      namespace: view.namespace,
      scope: view.scope,
      keys,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(problems.length > 0 ? { problems } : {}),
    },
  }
}

/**
 * A SealedSecret of kubeseal before v0.7: the whole Secret sealed as one `spec.data` blob. The
 * controller still opens it; gitseal lists it (its framing checked) and suggests re-sealing.
 */
function legacySealedSecret(document: Record<string, unknown>): ProtectionInfo | null {
  const spec = isRecord(document.spec) ? document.spec : undefined
  if (spec === undefined || typeof spec.data !== 'string' || spec.encryptedData !== undefined) return null
  const metadata = isRecord(document.metadata) ? document.metadata : {}
  const name = typeof metadata.name === 'string' ? metadata.name : '(no name)'
  const problem = sealedFramingProblem(spec.data)
  return {
    backend: 'sealed',
    summary: `SealedSecret ${name} (legacy spec.data: the whole Secret in one sealed value)`,
    details: {
      name,
      namespace: metadata.namespace,
      legacy: true,
      warnings: ['uses the deprecated spec.data; re-seal it for per-key encryptedData (gitseal seal)'],
      ...(problem === undefined ? {} : { problems: [`spec.data ${problem}: seal the Secret again`] }),
    },
  }
}

async function reveal(documents: unknown[], keys: RevealKeys): Promise<Secret> {
  const files = keys.keyFiles ?? []
  if (files.length === 0) {
    throw new GitsealError(
      'E_NO_IDENTITY',
      "sealed: the controller's private key is needed to reveal a SealedSecret",
      {
        hint: 'Pass --key with the key (kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml).',
      },
    )
  }
  const privateKeys = []
  for (const file of files) privateKeys.push(...parsePrivateKeys(await readFileText(file), file))
  const document = documents.find(isSealedSecretObject)
  if (document === undefined) {
    throw new GitsealError('E_NOT_A_SECRET', 'sealed: no SealedSecret among the documents')
  }
  return unsealSealedSecret(document, privateKeys, 'SealedSecret')
}

/** The Sealed Secrets backend (`protect`, `describe`, `reveal`); listed by `builtinBackends()` in `workflow/builtin.ts`. */
export const sealedBackend: Backend = {
  name: 'sealed',
  params: sealedParams,
  protect,
  describe,
  mayDescribe: (text) => mayHaveKind(text, 'SealedSecret'),
  reveal,
  // What `gitseal seal` and kubeseal write: sorted keys, `---` before each YAML document.
  serialize: (document, format) => (format === 'json' ? toKubesealJson(document) : toKubesealYaml(document)),
}
