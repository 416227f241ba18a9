/**
 * The example third-party backend, used through the package's public API only, against a
 * loopback HTTP server speaking Vault's KV v2 write API (no real Vault here).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackendRegistry, parseManifest, readSecrets } from 'gitseal'
import { sealedBackend } from 'gitseal/sealed'
import { createVaultBackend } from '../../examples/vault-backend/vault-backend.js'

const TOKEN = 'hvs.test-token'
const written = new Map<string, Record<string, string>>()
let address = ''
const server = createServer((request, response) => {
  let body = ''
  request.on('data', (chunk: Buffer) => (body += chunk.toString()))
  request.on('end', () => {
    if (request.headers['x-vault-token'] !== TOKEN) {
      response.writeHead(403, { 'content-type': 'application/json' }).end('{"errors":["permission denied"]}')
      return
    }
    const { data } = JSON.parse(body) as { data: Record<string, string> }
    written.set(request.url ?? '', data)
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"version":1}}')
  })
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const MANIFEST = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: Opaque
data:
  password: c2VjcjN0
  blob: /wD+
`

describe('example Vault backend (loopback server speaking the Vault KV v2 API)', () => {
  it('joins a registry without editing gitseal, writes the values to Vault and returns a VaultStaticSecret', async () => {
    const backends = createBackendRegistry([sealedBackend, createVaultBackend({ address, token: TOKEN })])
    const [secret] = readSecrets(parseManifest(MANIFEST, 'db.yaml'))
    const vault = backends.get('vault')!
    const documents = await vault.protect(secret!, { options: vault.options({}) })

    expect(written.get('/v1/secret/data/shop/db')).toEqual({ password: 'secr3t', blob: 'base64:/wD+' })
    expect(documents).toEqual([
      expect.objectContaining({
        kind: 'VaultStaticSecret',
        spec: expect.objectContaining({ path: 'shop/db' }),
      }),
    ])
    expect(JSON.stringify(documents)).not.toContain('secr3t')
    expect(backends.describe(documents[0])).toMatchObject({
      backend: 'vault',
      summary: 'Vault KV secret/shop/db',
    })
    expect(backends.describe({ kind: 'Secret' })).toBeNull()
    expect(() => createBackendRegistry([sealedBackend, sealedBackend])).toThrow(
      /two backends are named "sealed"/,
    )
  })

  it('turns a refused write into a GitsealError without the values', async () => {
    const backend = createVaultBackend({ address, token: 'wrong' })
    const [secret] = readSecrets(parseManifest(MANIFEST, 'db.yaml'))
    const error = await backend.protect(secret!, { options: backend.options({}) }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'E_REMOTE', hint: 'the token lacks write permission on this path' })
    expect((error as Error).message).not.toContain('secr3t')
  })
})
