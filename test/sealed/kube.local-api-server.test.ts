/**
 * The controller certificate through the Kubernetes API service proxy, against a local loopback
 * HTTP server speaking the API server's wire protocol (Service GET/list JSON, Status 404, the
 * service proxy path) — no real cluster can run here. It emulates a Helm install whose Service is
 * named after the release ("sealed-secrets"), so discovery by label is exercised.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'

const TOKEN = 'test-token-not-secret'
const requests: string[] = []
let server: Server
let base = ''

const helmService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'sealed-secrets',
    namespace: 'kube-system',
    labels: { 'app.kubernetes.io/name': 'sealed-secrets', 'app.kubernetes.io/instance': 'sealed-secrets' },
  },
  spec: { ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      json(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 })
      return
    }
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/api/v1/namespaces/kube-system/services/sealed-secrets') json(200, helmService)
    else if (url.pathname === '/api/v1/namespaces/kube-system/services') {
      const selector = url.searchParams.get('labelSelector')
      json(200, {
        kind: 'ServiceList',
        apiVersion: 'v1',
        items: selector === 'app.kubernetes.io/name=sealed-secrets' ? [helmService] : [],
      })
    } else if (url.pathname === '/api/v1/services')
      json(200, { kind: 'ServiceList', apiVersion: 'v1', items: [] })
    else if (
      url.pathname === '/api/v1/namespaces/kube-system/services/http:sealed-secrets:http/proxy/v1/cert.pem'
    ) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(REAL_CERT_PEM)
    } else {
      json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

function kubeconfig(user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'dev',
    clusters: [{ name: 'dev', cluster: { server: base } }],
    contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'me' } }],
    users: [{ name: 'me', user }],
  })
}

describe('certificate from the controller through the API service proxy (local API server)', () => {
  it('finds a Helm-named Service by label and fetches /v1/cert.pem (cert fetch, and seal --cluster with a context)', async () => {
    const dir = scratchDir('kube')
    writeFileSync(join(dir, 'kc.yaml'), kubeconfig({ token: TOKEN }))
    requests.length = 0
    const fetched = await runCli(['cert', 'fetch', '--kubeconfig', 'kc.yaml', '-o', 'prod.pem'], { cwd: dir })
    expect(fetched.stderr).toContain('wrote prod.pem')
    expect(readFileSync(join(dir, 'prod.pem'), 'utf8')).toBe(REAL_CERT_PEM)
    expect(requests).toEqual([
      '/api/v1/namespaces/kube-system/services/sealed-secrets-controller',
      '/api/v1/namespaces/kube-system/services?labelSelector=app.kubernetes.io%2Fname%3Dsealed-secrets',
      '/api/v1/namespaces/kube-system/services/http:sealed-secrets:http/proxy/v1/cert.pem',
    ])

    writeFileSync(
      join(dir, 'gitseal.yaml'),
      'clusters:\n  dev:\n    context: dev\n    controllerName: sealed-secrets\n',
    )
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n'
    const sealed = await runCli(['seal', '--cluster', 'dev'], {
      cwd: dir,
      stdin: secret,
      env: { KUBECONFIG: join(dir, 'kc.yaml'), HOME: dir },
    })
    expect(sealed.stderr).toBe('')
    expect(sealed.stdout).toContain('kind: SealedSecret')

    // The API server is unreachable now: the certificate cached per cluster is used, with a warning.
    writeFileSync(join(dir, 'kc.yaml'), kubeconfig({ token: TOKEN }).replace(base, 'http://127.0.0.1:1'))
    const offline = await runCli(['seal', '--cluster', 'dev'], {
      cwd: dir,
      stdin: secret,
      env: { KUBECONFIG: join(dir, 'kc.yaml'), HOME: dir },
    })
    expect(offline.exitCode).toBe(0)
    expect(offline.stderr).toContain('using the cached certificate bb0956ae2d0571a6')
    const noCache = await runCli(['seal', '--cluster', 'dev'], {
      cwd: dir,
      stdin: secret,
      env: { KUBECONFIG: join(dir, 'kc.yaml'), HOME: join(dir, 'elsewhere') },
    })
    expect(noCache.exitCode).toBe(4)
  })

  it('lists what it tried when no Service is found; refuses exec plugins and bad credentials', async () => {
    const dir = scratchDir('kube')
    writeFileSync(join(dir, 'kc.yaml'), kubeconfig({ token: TOKEN }))
    const missing = await runCli(
      ['cert', 'fetch', '--kubeconfig', 'kc.yaml', '--controller-namespace', 'other'],
      {
        cwd: dir,
      },
    )
    expect(missing.exitCode).toBe(4)
    expect(missing.stderr).toContain('service other/sealed-secrets-controller (HTTP 404)')
    expect(missing.stderr).toContain('all namespaces with label name=sealed-secrets-controller')
    expect(missing.stderr).toContain('--controller-name and --controller-namespace')

    writeFileSync(join(dir, 'exec.yaml'), kubeconfig({ exec: { command: 'aws' } }))
    const exec = await runCli(['cert', 'fetch', '--kubeconfig', 'exec.yaml'], { cwd: dir })
    expect(exec.exitCode).toBe(4)
    expect(exec.stderr).toContain('exec plugin')

    writeFileSync(join(dir, 'bad.yaml'), kubeconfig({ token: 'wrong' }))
    const denied = await runCli(['cert', 'fetch', '--kubeconfig', 'bad.yaml'], { cwd: dir })
    expect(denied.exitCode).toBe(4)
    expect(denied.stderr).toContain('HTTP 401')
  })
})
