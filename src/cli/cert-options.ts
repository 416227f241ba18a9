/**
 * Certificate flags shared by `seal`, `reseal` and `cert`: `--cert FILE|URL`, `--cluster NAME`
 * (gitseal.yaml, repeatable), `--cert-sha256` pinning, `--allow-expired`. Resolves them to checked
 * certificates; the sealed backend itself is loaded only here, when a command runs.
 */
import type { Command } from 'commander'
import { GitsealError } from '../core/errors.js'
import type { ClusterConfig } from '../config/model.js'
import type { SealingCert } from '../sealed/cert.js'
import type { Scope } from '../sealed/scope.js'
import { collect } from './context.js'
import type { CommandContext } from './context.js'

/** The parsed certificate flags. */
export interface CertFlags {
  cert?: string
  cluster?: string[]
  certSha256?: string
  allowExpired?: boolean
  config?: string
  certTimeout?: string
  kubeconfig?: string
  context?: string
  controllerName?: string
  controllerNamespace?: string
}

/** One certificate to seal for, with the cluster it belongs to (when chosen by `--cluster`). */
export interface ResolvedCert {
  cluster: string | undefined
  cert: SealingCert
  /** The cluster's default scope from gitseal.yaml. */
  defaultScope: Scope | undefined
  /** The SHA-256 the certificate is pinned to (`--cert-sha256`, else the cluster's `certFingerprint`). */
  pin?: string | undefined
}

/** Add the certificate flags to `command` (`clusters: false` for commands taking one cert only). */
export function addCertOptions(command: Command, options: { clusters?: boolean } = {}): Command {
  command
    .option(
      '--cert <path|url>',
      'controller certificate: PEM file or http(s):// URL (env SEALED_SECRETS_CERT)',
    )
    .option(
      '--cluster <name>',
      options.clusters === false ? 'cluster from gitseal.yaml' : 'cluster from gitseal.yaml (repeatable)',
      collect,
    )
    .option('--config <file>', 'gitseal.yaml to read clusters from (default: nearest one)')
    .option('--cert-sha256 <hex>', 'refuse a certificate whose SHA-256 fingerprint differs')
    .option('--allow-expired', 'seal even with an expired certificate (warns)')
    .option('--cert-timeout <ms>', 'timeout for fetching a certificate URL', '10000')
    .option(
      '--kubeconfig <file>',
      'fetch the cert from the controller with this kubeconfig (default $KUBECONFIG, ~/.kube/config)',
    )
    .option('--context <name>', 'kubeconfig context for fetching from the controller')
    .option(
      '--controller-name <name>',
      'controller Service name (default sealed-secrets-controller, then found by label)',
    )
    .option('--controller-namespace <ns>', 'controller namespace (default kube-system)')
  return command
}

/**
 * The certificates the flags name, loaded and checked (expiry, key size, pin); warnings printed.
 * @throws GitsealError `E_USAGE` when none is named, `E_UNKNOWN_CLUSTER`, and the errors of loading/checking.
 */
export async function resolveCerts(
  ctx: CommandContext,
  flags: CertFlags,
  options: { signal?: AbortSignal; check?: boolean } = {},
): Promise<ResolvedCert[]> {
  const { loadCert } = await import('../sealed/cert-source.js')
  const { checkCert } = await import('../sealed/cert.js')
  const timeoutMs = Number(flags.certTimeout ?? '10000')
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new GitsealError('E_USAGE', `--cert-timeout must be a positive number of milliseconds`)
  }
  const check = (cert: SealingCert, sha256: string | undefined): void => {
    if (options.check === false) return
    const warnings = checkCert(cert, {
      ...(flags.allowExpired ? { allowExpired: true } : {}),
      ...(sha256 === undefined ? {} : { sha256 }),
    })
    for (const warning of warnings) ctx.warn(warning)
  }
  const clusters = flags.cluster ?? []
  const certSource = flags.cert ?? (clusters.length === 0 ? ctx.io.env.SEALED_SECRETS_CERT : undefined)
  if (certSource !== undefined && certSource !== '') {
    if (clusters.length > 0) throw new GitsealError('E_USAGE', '--cert and --cluster cannot be combined')
    const cert = await loadCert(certSource, {
      baseDir: ctx.io.cwd,
      signal: options.signal,
      timeoutMs,
      allowWeak: options.check === false,
    })
    check(cert, flags.certSha256)
    return [{ cluster: undefined, cert, defaultScope: undefined, pin: flags.certSha256 }]
  }
  const fromController =
    flags.kubeconfig ?? flags.context ?? flags.controllerName ?? flags.controllerNamespace
  if (clusters.length === 0 && fromController !== undefined) {
    const cert = await certFromController(ctx, flags, undefined, options.signal, timeoutMs)
    check(cert, flags.certSha256)
    return [{ cluster: undefined, cert, defaultScope: undefined, pin: flags.certSha256 }]
  }
  return clusterCerts(ctx, flags, clusters, { ...options, timeoutMs }, check)
}

/** How the certificates of declared clusters are loaded and checked. */
interface ClusterCertOptions {
  signal?: AbortSignal | undefined
  check?: boolean | undefined
  timeoutMs: number
}

/**
 * The certificates of the `--cluster` names, from gitseal.yaml: a file, a URL or the controller
 * (those two cached for offline use), each checked against the cluster's pin.
 */
async function clusterCerts(
  ctx: CommandContext,
  flags: CertFlags,
  clusters: readonly string[],
  options: ClusterCertOptions,
  check: (cert: SealingCert, sha256: string | undefined) => void,
): Promise<ResolvedCert[]> {
  const { loadGitsealConfig } = await import('../config/discover.js')
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    backends: await ctx.policyBackends(),
    ...(flags.config === undefined ? {} : { configPath: ctx.path(flags.config) }),
  })
  const declared = [...loaded.config.clusters.keys()]
  if (clusters.length === 0) {
    throw new GitsealError('E_USAGE', 'no certificate to seal with', {
      hint:
        declared.length > 0
          ? `Pass --cert FILE|URL, or --cluster with one of: ${declared.join(', ')}.`
          : 'Pass --cert FILE|URL (e.g. from `kubeseal --fetch-cert`), or declare clusters in gitseal.yaml.',
    })
  }
  const resolved: ResolvedCert[] = []
  for (const name of clusters) {
    const cluster = loaded.config.clusters.get(name)
    if (cluster === undefined) {
      throw new GitsealError('E_UNKNOWN_CLUSTER', `unknown cluster "${name}" (${loaded.config.file})`, {
        hint:
          declared.length > 0
            ? `Declared clusters: ${declared.join(', ')}.`
            : 'Declare it under clusters: in gitseal.yaml.',
      })
    }
    const cert = await clusterCert(ctx, flags, name, cluster, loaded.dir, options)
    const pin = flags.certSha256 ?? cluster.certFingerprint
    check(cert, pin)
    resolved.push({ cluster: name, cert, defaultScope: cluster.scope, pin })
  }
  return resolved
}

/** One declared cluster's certificate: its file or URL, or its controller; remote ones cached. */
async function clusterCert(
  ctx: CommandContext,
  flags: CertFlags,
  name: string,
  cluster: ClusterConfig,
  configDir: string,
  options: ClusterCertOptions,
): Promise<SealingCert> {
  const { isCertUrl, loadCert } = await import('../sealed/cert-source.js')
  const { signal, timeoutMs } = options
  const source = cluster.cert
  const fetchCert = (): Promise<SealingCert> =>
    source === undefined
      ? certFromController(
          ctx,
          {
            kubeconfig: flags.kubeconfig,
            context: flags.context ?? cluster.context,
            controllerName: flags.controllerName ?? cluster.controllerName,
            controllerNamespace: flags.controllerNamespace ?? cluster.controllerNamespace,
          },
          name,
          signal,
          timeoutMs,
        )
      : loadCert(source, {
          baseDir: configDir,
          signal,
          timeoutMs,
          allowWeak: options.check === false,
        })
  const remote = source === undefined || isCertUrl(source)
  return remote ? withCertCache(ctx, `${configDir}\0${name}`, name, fetchCert) : fetchCert()
}

/**
 * The private keys of `--key` files (PEM or the controller's key Secret manifests).
 * @throws GitsealError `E_USAGE` when no --key was given, `E_BAD_KEY` for a file without a key.
 */
export async function readKeyFlags(
  ctx: CommandContext,
  files: readonly string[] | undefined,
): Promise<import('node:crypto').KeyObject[]> {
  if (files === undefined || files.length === 0) {
    throw new GitsealError('E_USAGE', 'no private key given', {
      hint:
        'Pass --key with the controller key (PEM, or kubectl get secret -n kube-system ' +
        '-l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml > keys.yaml); repeat it for old keys.',
    })
  }
  const { readFileText } = await import('../io/read-file.js')
  const { parsePrivateKeys } = await import('../sealed/keys.js')
  const keys = []
  const { warnIfKeyFileExposed } = await import('./key-file-mode.js')
  for (const file of files) {
    await warnIfKeyFileExposed(ctx, ctx.path(file), file)
    keys.push(...parsePrivateKeys(await readFileText(ctx.path(file), file), file))
  }
  return keys
}

/** Where to find the controller; `undefined` means the default. */
interface ControllerFlags {
  kubeconfig?: string | undefined
  context?: string | undefined
  controllerName?: string | undefined
  controllerNamespace?: string | undefined
}

async function certFromController(
  ctx: CommandContext,
  flags: ControllerFlags,
  cluster: string | undefined,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<SealingCert> {
  const env = ctx.io.env
  const kubeconfigFile =
    flags.kubeconfig ??
    env.KUBECONFIG?.split(':').find((entry) => entry !== '') ??
    (env.HOME === undefined ? undefined : `${env.HOME}/.kube/config`)
  if (kubeconfigFile === undefined) {
    throw new GitsealError(
      'E_USAGE',
      `no certificate${cluster ? ` for cluster "${cluster}"` : ''} and no kubeconfig`,
      {
        hint: 'Pass --cert FILE|URL, set cert: in gitseal.yaml, or --kubeconfig.',
      },
    )
  }
  const { readFileText } = await import('../io/read-file.js')
  const kubeconfig = await readFileText(ctx.path(kubeconfigFile), kubeconfigFile)
  const { fetchControllerCert } = await import('../sealed/kube.js')
  const { parseCert } = await import('../sealed/cert.js')
  const { pem, service } = await fetchControllerCert({
    kubeconfig,
    kubeconfigFile,
    context: flags.context,
    controllerName: flags.controllerName,
    controllerNamespace: flags.controllerNamespace,
    signal,
    timeoutMs,
  })
  return parseCert(pem, `controller ${service}${flags.context ? ` (context ${flags.context})` : ''}`)
}

/**
 * Certificates fetched from a URL or the controller are cached per cluster (with their SHA-256) in
 * `$XDG_CACHE_HOME/gitseal/certs`: a changed certificate is reported, and when the fetch fails
 * (offline, controller down) the cached one is used with a warning instead of failing.
 */
async function withCertCache(
  ctx: CommandContext,
  id: string,
  cluster: string,
  fetchCert: () => Promise<SealingCert>,
): Promise<SealingCert> {
  const env = ctx.io.env
  const root = env.XDG_CACHE_HOME ?? (env.HOME === undefined ? undefined : `${env.HOME}/.cache`)
  if (root === undefined) return fetchCert()
  const { createHash } = await import('node:crypto')
  const { isGitsealError } = await import('../core/errors.js')
  const { readFileText } = await import('../io/read-file.js')
  const { writeFileAtomic } = await import('../io/atomic-write.js')
  const { mkdir } = await import('node:fs/promises')
  const { parseCert } = await import('../sealed/cert.js')
  const dir = `${root}/gitseal/certs`
  const file = `${dir}/${cluster.replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}.pem`
  let cached: SealingCert | undefined
  try {
    cached = parseCert(await readFileText(file), `${file} (cached for cluster ${cluster})`)
  } catch {
    cached = undefined
  }
  let fresh: SealingCert
  try {
    fresh = await fetchCert()
  } catch (error) {
    const remoteFailure = isGitsealError(error) && (error.code === 'E_CERT_FETCH' || error.code === 'E_KUBE')
    if (!remoteFailure || cached === undefined) throw error
    ctx.warn(
      `cluster ${cluster}: ${error.message}; using the cached certificate ${cached.sha256.slice(0, 16)}…`,
    )
    return cached
  }
  if (cached?.sha256 !== fresh.sha256) {
    if (cached !== undefined) {
      ctx.warn(
        `cluster ${cluster}: the certificate changed (was ${cached.sha256.slice(0, 16)}…, now ${fresh.sha256.slice(0, 16)}…)`,
      )
    }
    try {
      await mkdir(dir, { recursive: true })
      await writeFileAtomic(file, fresh.pem)
    } catch {
      // A cache that cannot be written only costs the offline fallback.
    }
  }
  return fresh
}
