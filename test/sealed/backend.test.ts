import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSecretObject } from '../../src/core/secret.js'
import { isGitsealError } from '../../src/core/errors.js'
import { sealedBackend } from '../../src/sealed/index.js'
import { controllerOpen, labelFor, REAL_CERT_PEM, REAL_KEY, REAL_KEY_FILE } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { decideProtection } from '../../src/config/policy.js'

/** What `protect` passes the backend for a file under `dir` whose gitseal.yaml is `config`. */
function protectParams(dir: string, config: string): Record<string, unknown> {
  const text = `${config}policy:\n  - path: '**'\n    backend: sealed\n    cluster: prod\n`
  writeFileSync(join(dir, 'gitseal.yaml'), text)
  const decision = decideProtection(parseGitsealConfig(text, join(dir, 'gitseal.yaml')), 'db.yaml')
  return { ...decision.params, configDir: dir }
}

const secret = parseSecretObject({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'prod', labels: { app: 'db' } },
  type: 'Opaque',
  stringData: { password: 'pw' },
})

/** `protect` as the workflow calls it: the raw parameters read by the backend's own `options`. */
const protectWith = async (params: Record<string, unknown>) =>
  sealedBackend.protect(secret, { options: sealedBackend.options(params) })

describe('sealedBackend', () => {
  it('protect with a cluster from gitseal.yaml (its default scope), describe, reveal with the key file', async () => {
    const dir = scratchDir('backend')
    writeFileSync(join(dir, 'prod.pem'), REAL_CERT_PEM)
    const params = protectParams(dir, 'clusters:\n  prod:\n    cert: prod.pem\n    scope: namespace-wide\n')
    const [doc] = await protectWith(params)
    const sealed = doc as { spec: { encryptedData: Record<string, string> } }
    expect(
      controllerOpen(
        sealed.spec.encryptedData.password!,
        REAL_KEY,
        labelFor('namespace-wide', 'prod', ''),
      ).toString(),
    ).toBe('pw')
    expect(sealedBackend.describe(doc)).toMatchObject({
      backend: 'sealed',
      details: { name: 'db', namespace: 'prod', scope: 'namespace-wide', keys: ['password'] },
    })
    expect(sealedBackend.describe({ apiVersion: 'v1', kind: 'Secret' })).toBeNull()
    const revealed = await sealedBackend.reveal!([doc], { keyFiles: [REAL_KEY_FILE] })
    expect(new TextDecoder().decode(revealed.data.get('password'))).toBe('pw')
    expect(revealed.labels).toEqual({ app: 'db' })

    const strict = await protectWith({ cert: 'prod.pem', configDir: dir, scope: 'strict' })
    expect(sealedBackend.describe(strict[0])?.details?.scope).toBe('strict')
  })

  it('errors: no cert, unknown cluster, several clusters, no key to reveal, broken SealedSecret', async () => {
    const dir = scratchDir('backend')
    const prod = protectParams(dir, 'clusters:\n  prod:\n    cert: prod.pem\n')
    const codeOf = async (fn: () => Promise<unknown>): Promise<string> => {
      try {
        await fn()
        return 'none'
      } catch (error) {
        return isGitsealError(error) ? error.code : String(error)
      }
    }
    expect(await codeOf(() => protectWith({ configDir: dir }))).toBe('E_BAD_CONFIG')
    expect(await codeOf(() => protectWith({ cluster: 'x', configDir: dir }))).toBe('E_UNKNOWN_CLUSTER')
    expect(await codeOf(() => protectWith({ clusters: ['a', 'b'], configDir: dir }))).toBe('E_BAD_CONFIG')
    expect(await codeOf(() => protectWith(prod))).toBe('E_NOT_FOUND')
    const badNamespace = { ...prod, namespace: 7, configFile: join(dir, 'gitseal.yaml') }
    await expect(protectWith(badNamespace)).rejects.toMatchObject({
      code: 'E_BAD_CONFIG',
      message: `${join(dir, 'gitseal.yaml')}: sealed parameter "namespace" must be a non-empty string`,
    })
    expect(await codeOf(() => sealedBackend.reveal!([{}], {}))).toBe('E_NO_IDENTITY')
    expect(
      await codeOf(() =>
        Promise.resolve().then(() =>
          sealedBackend.describe({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' }),
        ),
      ),
    ).toBe('E_BAD_MANIFEST')
  })
})
