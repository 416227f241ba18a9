/**
 * The controller's certificate through the Kubernetes API service proxy, as kubeseal fetches it
 * without `--cert`: `GET /api/v1/namespaces/NS/services/http:NAME:PORT/proxy/v1/cert.pem`. The
 * Service is found by name, then by the labels of the Helm chart and of the release manifest
 * (Helm names it after the release, the most common kubeseal error). Token and client-certificate
 * kubeconfig users are supported; exec plugins and auth providers are not.
 */
import { request } from 'node:https'
import { request as httpRequest } from 'node:http'
import { parseYamlValue } from '../core/yaml-unique.js'
import { GitsealError } from '../core/errors.js'
import { isRecord } from '../core/secret.js'

/** Options for {@link fetchControllerCert}. */
export interface ControllerCertOptions {
  /** kubeconfig text and where it came from (for messages). */
  kubeconfig: string
  kubeconfigFile: string
  /** Context to use; default the kubeconfig's current-context. */
  context?: string | undefined
  /** Service name (default `sealed-secrets-controller`) and namespace (default `kube-system`). */
  controllerName?: string | undefined
  controllerNamespace?: string | undefined
  signal?: AbortSignal | undefined
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number | undefined
}

/** Label selectors tried when the Service is not found by name: Helm chart, then release manifest. */
export const CONTROLLER_SELECTORS = [
  'app.kubernetes.io/name=sealed-secrets',
  'name=sealed-secrets-controller',
]

/** How to reach the API server of a kubeconfig context. */
export interface KubeConnection {
  server: URL
  headers: Record<string, string>
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean }
}

function kubeError(message: string, hint: string, cause?: unknown): GitsealError {
  return new GitsealError('E_KUBE', message, { hint, ...(cause === undefined ? {} : { cause }) })
}

function named(list: unknown, name: string, field: string): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined
  const entry: unknown = list.find((item) => isRecord(item) && item.name === name)
  return isRecord(entry) && isRecord(entry[field]) ? entry[field] : undefined
}

function b64(value: unknown): Buffer | undefined {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : undefined
}

/** The server, headers and TLS settings of a kubeconfig context (data fields only, no file references). */
export function kubeConnection(kubeconfig: string, file: string, context?: string): KubeConnection {
  let config: unknown
  try {
    config = parseYamlValue(kubeconfig)
  } catch (cause) {
    throw kubeError(`${file}: not a valid kubeconfig`, 'Check the file, or set --kubeconfig.', cause)
  }
  if (!isRecord(config)) throw kubeError(`${file}: not a valid kubeconfig`, 'Check the file.')
  const contextName =
    context ?? (typeof config['current-context'] === 'string' ? config['current-context'] : '')
  const ctx = named(config.contexts, contextName, 'context')
  if (ctx === undefined) {
    throw kubeError(`${file}: no context "${contextName}"`, 'Pass --context, or set current-context.')
  }
  const cluster = named(config.clusters, String(ctx.cluster), 'cluster')
  const user = named(config.users, String(ctx.user), 'user') ?? {}
  if (cluster === undefined || typeof cluster.server !== 'string') {
    throw kubeError(`${file}: context "${contextName}" has no cluster server`, 'Fix the kubeconfig.')
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    throw kubeError(
      `${file}: context "${contextName}" authenticates with an exec plugin or auth provider, which gitseal does not run`,
      'Save the certificate once with `kubeseal --fetch-cert > cert.pem` and use --cert.',
    )
  }
  for (const field of ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile']) {
    if (cluster[field] !== undefined || user[field] !== undefined) {
      throw kubeError(
        `${file}: ${field} file references are not supported`,
        'Use the *-data fields (kubectl config view --raw --flatten), or --cert.',
      )
    }
  }
  const headers: Record<string, string> = { accept: 'application/json' }
  if (typeof user.token === 'string') headers.authorization = `Bearer ${user.token}`
  else if (typeof user.username === 'string' && typeof user.password === 'string') {
    headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`
  }
  const ca = b64(cluster['certificate-authority-data'])
  const cert = b64(user['client-certificate-data'])
  const key = b64(user['client-key-data'])
  return {
    server: new URL(cluster.server),
    headers,
    tls: {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    },
  }
}

async function get(
  connection: KubeConnection,
  path: string,
  options: ControllerCertOptions,
  accept = 'application/json',
): Promise<{ status: number; body: Buffer }> {
  const url = new URL(path, connection.server)
  const timeoutMs = options.timeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : request
    const req = send(
      url,
      {
        method: 'GET',
        headers: { ...connection.headers, accept },
        ...connection.tls,
        timeout: timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > 1024 * 1024) req.destroy(new Error('response too large'))
          else chunks.push(chunk)
        })
        res.on('end', () => {
          clearTimeout(deadline)
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) })
        })
        res.on('error', reject)
      },
    )
    // `timeout` fires only after that long without a byte; a server dripping its answer needs a deadline.
    const deadline = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', (cause) => {
      clearTimeout(deadline)
      reject(
        kubeError(
          `cannot reach the Kubernetes API at ${connection.server.origin}: ${cause.message}`,
          'Check the kubeconfig context and your network, or pass --cert.',
          cause,
        ),
      )
    })
    req.end()
  })
}

function json(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return isRecord(value) ? value : {}
  } catch {
    return {}
  }
}

/**
 * Find the controller Service (by name, then by label in its namespace, then cluster-wide) and
 * fetch its `/v1/cert.pem` through the API server proxy.
 * @returns the PEM bytes as served, and the Service used.
 * @throws GitsealError `E_KUBE` listing everything tried when no Service is found or the proxy fails.
 */
export async function fetchControllerCert(
  options: ControllerCertOptions,
): Promise<{ pem: Uint8Array; service: string }> {
  const connection = kubeConnection(options.kubeconfig, options.kubeconfigFile, options.context)
  const name = options.controllerName ?? 'sealed-secrets-controller'
  const namespace = options.controllerNamespace ?? 'kube-system'
  const tried: string[] = []
  const enc = encodeURIComponent
  let service: Record<string, unknown> | undefined
  const byName = await get(connection, `/api/v1/namespaces/${enc(namespace)}/services/${enc(name)}`, options)
  tried.push(`service ${namespace}/${name} (HTTP ${byName.status})`)
  if (byName.status === 200) service = json(byName.body)
  else if (byName.status === 401 || byName.status === 403) {
    throw kubeError(
      `the Kubernetes API refused access to service ${namespace}/${name} (HTTP ${byName.status})`,
      'Check your credentials for this context.',
    )
  }
  for (const scope of [`/api/v1/namespaces/${enc(namespace)}/services`, '/api/v1/services']) {
    for (const selector of CONTROLLER_SELECTORS) {
      if (service !== undefined) break
      const list = await get(connection, `${scope}?labelSelector=${enc(selector)}`, options)
      tried.push(
        `${scope.includes('namespaces') ? `namespace ${namespace}` : 'all namespaces'} with label ${selector} (HTTP ${list.status})`,
      )
      const items = list.status === 200 ? json(list.body).items : undefined
      const first: unknown = Array.isArray(items) ? items[0] : undefined
      if (isRecord(first)) service = first
    }
  }
  const meta = isRecord(service?.metadata) ? service.metadata : {}
  const spec = isRecord(service?.spec) ? service.spec : {}
  const ports = Array.isArray(spec.ports) ? spec.ports : []
  const port: unknown = ports[0]
  if (service === undefined || typeof meta.name !== 'string' || typeof meta.namespace !== 'string') {
    throw kubeError(
      `cannot find the sealed-secrets controller Service; tried: ${tried.join('; ')}`,
      'Pass --controller-name and --controller-namespace (Helm names the Service after the release), or --cert.',
    )
  }
  const portName =
    isRecord(port) && typeof port.name === 'string' ? port.name : isRecord(port) ? String(port.port) : ''
  const path = `/api/v1/namespaces/${enc(meta.namespace)}/services/http:${enc(meta.name)}:${enc(portName)}/proxy/v1/cert.pem`
  const cert = await get(connection, path, options, 'application/x-pem-file, */*')
  if (cert.status !== 200) {
    throw kubeError(
      `cannot fetch the certificate from ${meta.namespace}/${meta.name} through the API proxy (HTTP ${cert.status})`,
      'Check that the controller pod is running (kubectl get pods -n ' + meta.namespace + ').',
    )
  }
  return { pem: new Uint8Array(cert.body), service: `${meta.namespace}/${meta.name}` }
}
