/**
 * The Kubernetes API call behind `cert fetch` / `seal --cluster` (the controller certificate through
 * the service proxy) has a deadline for the whole answer, not only for a silent socket: Node's
 * `timeout` request option fires only after that long without a byte, so a server dripping one
 * byte now and then held the command forever.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchControllerCert } from '../../src/sealed/kube.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

describe('Kubernetes API requests', () => {
  it('fail with E_KUBE after the timeout when the server drips its answer', async () => {
    const timers: NodeJS.Timeout[] = []
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{')
      timers.push(setInterval(() => response.write(' '), 100))
    })
    server.on('close', () => timers.forEach(clearInterval))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const kubeconfig = JSON.stringify({
      'current-context': 'dev',
      clusters: [{ name: 'dev', cluster: { server: base } }],
      contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'me' } }],
      users: [{ name: 'me', user: { token: 'not-a-secret' } }],
    })
    const start = performance.now()
    try {
      await expect(
        fetchControllerCert({ kubeconfig, kubeconfigFile: 'kc.yaml', timeoutMs: 1000 }),
      ).rejects.toMatchObject({ code: 'E_KUBE', message: expect.stringContaining('within 1000 ms') })
    } finally {
      timers.forEach(clearInterval)
    }
    expect(performance.now() - start).toBeLessThan(8000)
  }, 30_000)
})
