/** The `eso` backend: protect (with and without push, real SDK against the local test server) and describe. */
import { describe, expect, it } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'
import { esoBackend, toExternalSecret, toPushSecret, toSecretStore } from '../../src/eso/index.js'
import { secretsManagerForFile, TEST_CREDENTIALS } from '../support/secrets-manager-server.js'
import { crdProblems } from '../support/crd-schema.js'
import { secretOf } from '../support/eso.js'

// What the CLI does for users (the SDK's Node 22 notice); keeps the test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const server = secretsManagerForFile()

const secret = secretOf({
  metadata: { name: 'api', namespace: 'prod' },
  stringData: { token: 'abc', 'a.b': 'c' },
})

/** `protect` as the workflow calls it: the raw parameters read by the backend's own `options`. */
const protectWith = async (params: Record<string, unknown>) =>
  esoBackend.protect(secret, { options: esoBackend.options(params) })

describe('esoBackend', () => {
  it('protect without push refuses (E_ESO_NOT_PUSHED) and sends nothing: the values would be lost', async () => {
    const error = await protectWith({ store: 'aws', policyPath: 'apps/api/db.yaml' }).catch((e: unknown) => e)
    expect(isGitsealError(error) && error.code).toBe('E_ESO_NOT_PUSHED')
    expect(isGitsealError(error) && error.message).toContain('apps/api/db.yaml')
    expect(server.requests).toEqual([])
  })

  it('protect pushes first when params say push: true', async () => {
    const docs = await protectWith({
      store: 'aws',
      push: true,
      region: 'eu-west-1',
      endpoint: server.endpoint,
      credentials: TEST_CREDENTIALS,
      perKey: true,
    })
    expect(crdProblems(docs[0])).toEqual([])
    expect(server.current('prod/api/token')).toBe('abc')
    expect(server.current('prod/api/a.b')).toBe('c')
  })

  it('protect refuses bad params with E_BAD_CONFIG / E_USAGE', async () => {
    const code = async (params: Record<string, unknown>) =>
      protectWith(params).then(
        () => undefined,
        (error: unknown) => (isGitsealError(error) ? error.code : 'other'),
      )
    expect(await code({})).toBe('E_BAD_CONFIG')
    expect(await code({ store: 'aws', perKey: 'yes' })).toBe('E_BAD_CONFIG')
    expect(await code({ store: 'aws', storeKind: 'Vault' })).toBe('E_USAGE')
    expect(await code({ store: 'aws', push: true })).toBe('E_USAGE')
  })

  it('describes ExternalSecret, PushSecret and stores; null for other documents', () => {
    const es = esoBackend.describe(toExternalSecret(secret, { store: 'aws' }))
    expect(es).toMatchObject({
      backend: 'eso',
      summary: 'ExternalSecret "api" ← SecretStore/aws: 2 reference(s) (prod/api)',
      details: { remoteKeys: ['prod/api'] },
    })
    const extract = esoBackend.describe(toExternalSecret(secret, { store: 'aws', extract: true }))
    expect(extract?.summary).toBe('ExternalSecret "api" ← SecretStore/aws: 1 reference(s) (prod/api)')
    const push = esoBackend.describe(toPushSecret(secret, { store: 'aws', perKey: true }))
    expect(push?.summary).toBe(
      'PushSecret "api" → SecretStore/aws: 2 reference(s) (prod/api/token, prod/api/a.b)',
    )
    const store = esoBackend.describe(toSecretStore({ region: 'eu-west-1' }))
    expect(store?.summary).toBe('SecretStore "aws-secrets-manager": aws SecretsManager eu-west-1')
    const fake = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      spec: { provider: { fake: { data: [] } } },
    }
    expect(esoBackend.describe(fake)).toBeNull()
    expect(esoBackend.describe({ apiVersion: 'v1', kind: 'Secret' })).toBeNull()
    // Literal template text may be a secret in Git: left to the scanner. Template actions are fine.
    const templated = (data: Record<string, string>) => {
      const doc = toExternalSecret(secret, { store: 'aws' }) as { spec: { target: Record<string, unknown> } }
      doc.spec.target.template = { engineVersion: 'v2', data }
      return doc
    }
    expect(esoBackend.describe(templated({ password: 'hunter2' }))).toBeNull()
    expect(esoBackend.describe(templated({ url: 'postgres://u:{{ .password }}@db' }))).not.toBeNull()
    expect(esoBackend.describe('text')).toBeNull()
    expect(
      esoBackend.describe({ apiVersion: 'external-secrets.io/v1', kind: 'Unknown', spec: {} }),
    ).toBeNull()
    expect(() =>
      esoBackend.describe({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' }),
    ).toThrow(/spec must be a mapping/)
  })
})
