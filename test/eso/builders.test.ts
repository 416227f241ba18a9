import { describe, expect, it } from 'vitest'
import { secretOf } from '../support/eso.js'
import { isGitsealError } from '../../src/core/errors.js'
import { toExternalSecret, toPushSecret, toSecretStore } from '../../src/eso/index.js'
import { lookupProperty } from '../../src/eso/gjson.js'
import { planRemoteSecrets } from '../../src/eso/layout.js'
import { crdProblems } from '../support/crd-schema.js'

const tls = secretOf({
  metadata: {
    name: 'web-tls',
    namespace: 'prod',
    labels: { app: 'web' },
    annotations: {
      'reloader.stakater.com/match': 'true',
      'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"c2VjcmV0"}}',
    },
  },
  type: 'kubernetes.io/tls',
  stringData: { 'tls.crt': 'CERT', 'tls.key': 'KEY', 'ca.bundle.pem': 'CA' },
})
const binary = secretOf({
  metadata: { name: 'blob', namespace: 'prod' },
  data: { 'keystore.p12': Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64'), user: 'YWRtaW4=' },
})

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    if (isGitsealError(error)) return error.code
    throw error
  }
  return undefined
}

describe('toExternalSecret', () => {
  it('emits a v1 ExternalSecret that validates against the real CRD, defaults spelled out', () => {
    const warnings: string[] = []
    const es = toExternalSecret(tls, { store: 'aws', onWarning: (w) => warnings.push(w) })
    expect(crdProblems(es)).toEqual([])
    expect(es).toMatchObject({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'web-tls', namespace: 'prod' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'SecretStore', name: 'aws' },
        target: {
          name: 'web-tls',
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            engineVersion: 'v2',
            mergePolicy: 'Replace',
            type: 'kubernetes.io/tls',
            metadata: { labels: { app: 'web' }, annotations: { 'reloader.stakater.com/match': 'true' } },
          },
        },
      },
    })
    const data = (es.spec as { data: { secretKey: string; remoteRef: Record<string, string> }[] }).data
    expect(data.map((d) => d.secretKey)).toEqual(['tls.crt', 'tls.key', 'ca.bundle.pem'])
    for (const d of data) {
      expect(d.remoteRef).toMatchObject({
        key: 'prod/web-tls',
        conversionStrategy: 'Default',
        decodingStrategy: 'None',
        metadataPolicy: 'None',
      })
    }
    // The plaintext-bearing kubectl annotation never reaches Git, and the user is told.
    expect(JSON.stringify(es)).not.toContain('last-applied')
    expect(warnings.join()).toMatch(/last-applied-configuration dropped/)
  })

  it('escapes dots in properties so ESO reads the flat key, not a nested path', () => {
    const [remote] = planRemoteSecrets(tls).remotes
    const es = toExternalSecret(tls, { store: 'aws' })
    const data = (es.spec as { data: { secretKey: string; remoteRef: { property: string } }[] }).data
    expect(data.map((d) => d.remoteRef.property)).toEqual(['tls\\.crt', 'tls\\.key', 'ca\\.bundle\\.pem'])
    // ESO v2.9 (literal-first) and older ESO (raw gjson) both find each key in what gitseal pushes.
    for (const d of data) expect(lookupProperty(remote!.value, d.remoteRef.property)).toBe('found')
    // The raw key would be a nested path for gjson: only the literal-first lookup finds it.
    expect(lookupProperty('{"tls":{"crt":"x"}}', 'tls\\.crt')).toBe('missing')
    expect(lookupProperty('{"tls":{"crt":"x"}}', 'tls.crt')).toBe('found')
    expect(lookupProperty('{"a":1,"a.b":2}', 'a\\.b')).toBe('found')
    expect(lookupProperty('{"a":[{"b":1}]}', 'a.0.b')).toBe('found')
    expect(lookupProperty('{"a":1}', 'a*')).toBe('unsupported')
    expect(lookupProperty('not json', 'a')).toBe('missing')
  })

  it('stores binary values as base64 with decodingStrategy Base64', () => {
    const es = toExternalSecret(binary, { store: 'aws' })
    expect(crdProblems(es)).toEqual([])
    const data = (es.spec as { data: { secretKey: string; remoteRef: { decodingStrategy: string } }[] }).data
    expect(Object.fromEntries(data.map((d) => [d.secretKey, d.remoteRef.decodingStrategy]))).toEqual({
      'keystore.p12': 'Base64',
      user: 'None',
    })
    const [remote] = planRemoteSecrets(binary).remotes
    const json = JSON.parse(remote!.value) as Record<string, string>
    expect(Buffer.from(json['keystore.p12']!, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x80]))
    expect(json.user).toBe('admin')
  })

  it('--per-key: one remote secret per key, named by the template', () => {
    const es = toExternalSecret(tls, { store: 'aws', perKey: true, prefix: 'team/' })
    expect(crdProblems(es)).toEqual([])
    const data = (es.spec as { data: { remoteRef: Record<string, unknown> }[] }).data
    expect(data.map((d) => d.remoteRef.key)).toEqual([
      'team/prod/web-tls/tls.crt',
      'team/prod/web-tls/tls.key',
      'team/prod/web-tls/ca.bundle.pem',
    ])
    expect(data.every((d) => d.remoteRef.property === undefined)).toBe(true)
  })

  it('dataFrom.extract mode; all values base64 when one is binary', () => {
    const es = toExternalSecret(tls, { store: 'aws', extract: true, storeKind: 'ClusterSecretStore' })
    expect(crdProblems(es)).toEqual([])
    expect(es.spec).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore' },
      dataFrom: [{ extract: { key: 'prod/web-tls', decodingStrategy: 'None', metadataPolicy: 'None' } }],
    })
    const bin = toExternalSecret(binary, { store: 'aws', extract: true })
    expect(crdProblems(bin)).toEqual([])
    expect(bin.spec).toMatchObject({ dataFrom: [{ extract: { decodingStrategy: 'Base64' } }] })
    const json = JSON.parse(planRemoteSecrets(binary, { extract: true }).remotes[0]!.value) as Record<
      string,
      string
    >
    expect(Buffer.from(json.user!, 'base64').toString()).toBe('admin')
  })

  it('v1beta1 validates against its schema and warns', () => {
    const warnings: string[] = []
    const es = toExternalSecret(tls, {
      store: 'aws',
      apiVersion: 'v1beta1',
      onWarning: (w) => warnings.push(w),
    })
    expect(es.apiVersion).toBe('external-secrets.io/v1beta1')
    expect(crdProblems(es)).toEqual([])
    expect(warnings.join()).toMatch(/not served since ESO v0\.17/)
  })

  it('options map into the CRD: refresh interval, policies, immutable, key template', () => {
    const secret = secretOf({ metadata: { name: 'db' }, immutable: true, stringData: { password: 'x' } })
    const es = toExternalSecret(secret, {
      store: 'aws',
      refreshInterval: '15m',
      deletionPolicy: 'Delete',
      keyTemplate: 'apps/{name}',
    })
    expect(crdProblems(es)).toEqual([])
    expect(es.spec).toMatchObject({
      refreshInterval: '15m',
      target: { deletionPolicy: 'Delete', immutable: true },
      data: [{ remoteRef: { key: 'apps/db', property: 'password' } }],
    })
    expect((es.spec as { target: Record<string, unknown> }).target.template).toBeUndefined()
  })

  it('nullBytePolicy on request (v1 only), for ESO 2.3–2.6 clusters', () => {
    const es = toExternalSecret(tls, { store: 'aws', nullBytePolicy: 'Ignore' })
    expect(crdProblems(es)).toEqual([])
    const data = (es.spec as { data: { remoteRef: Record<string, unknown> }[] }).data
    expect(data.every((d) => d.remoteRef.nullBytePolicy === 'Ignore')).toBe(true)
    const extract = toExternalSecret(tls, { store: 'aws', nullBytePolicy: 'Fail', extract: true })
    expect(crdProblems(extract)).toEqual([])
    expect(extract.spec).toMatchObject({ dataFrom: [{ extract: { nullBytePolicy: 'Fail' } }] })
    expect(
      code(() =>
        toExternalSecret(tls, {
          store: 'aws',
          nullBytePolicy: 'Ignore',
          apiVersion: 'v1beta1',
          onWarning: () => undefined,
        }),
      ),
    ).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: 'aws', nullBytePolicy: 'Drop' as 'Fail' }))).toBe(
      'E_USAGE',
    )
  })

  it('refuses bad input with stable codes', () => {
    const noNs = secretOf({ metadata: { name: 'db' }, stringData: { a: 'b' } })
    expect(code(() => toExternalSecret(noNs, { store: 'aws' }))).toBe('E_BAD_SECRET')
    expect(code(() => toExternalSecret(noNs, { store: 'aws', namespace: 'x' }))).toBeUndefined()
    const empty = secretOf({ metadata: { name: 'db', namespace: 'a' } })
    expect(code(() => toExternalSecret(empty, { store: 'aws' }))).toBe('E_BAD_SECRET')
    expect(code(() => toExternalSecret(tls, { store: 'aws', storeKind: 'Vault' as 'SecretStore' }))).toBe(
      'E_USAGE',
    )
    expect(code(() => toExternalSecret(tls, { store: 'aws', apiVersion: 'v2' as 'v1' }))).toBe('E_USAGE')
    // Values from parsed YAML may be mappings with a `toString` key: still a GitsealError.
    const hostile = { toString: 'x' } as unknown as 'SecretStore'
    expect(code(() => toExternalSecret(tls, { store: 'aws', storeKind: hostile }))).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: hostile }))).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: 'aws', refreshInterval: '1d' }))).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: 'Bad_Name' }))).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: 'aws', perKey: true, extract: true }))).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: 'aws', perKey: true, keyTemplate: '{name}' }))).toBe(
      'E_USAGE',
    )
    expect(code(() => toExternalSecret(tls, { store: 'aws', keyTemplate: '{name}/{key}' }))).toBe('E_USAGE')
    expect(code(() => toExternalSecret(tls, { store: 'aws', keyTemplate: '{cluster}/{name}' }))).toBe(
      'E_USAGE',
    )
    expect(code(() => toExternalSecret(tls, { store: 'aws', prefix: 'bad prefix/' }))).toBe('E_USAGE')
    expect(
      code(() => toExternalSecret(tls, { store: 'aws', creationPolicy: 'Orphan', deletionPolicy: 'Delete' })),
    ).toBe('E_USAGE')
    const big = secretOf({ metadata: { name: 'big', namespace: 'a' }, stringData: { a: 'x'.repeat(70_000) } })
    expect(code(() => toExternalSecret(big, { store: 'aws' }))).toBe('E_TOO_LARGE')
    const emptyValue = secretOf({ metadata: { name: 'e', namespace: 'a' }, stringData: { a: '' } })
    expect(code(() => toExternalSecret(emptyValue, { store: 'aws' }))).toBeUndefined()
    expect(code(() => toExternalSecret(emptyValue, { store: 'aws', perKey: true }))).toBe('E_BAD_SECRET')
  })
})

describe('toSecretStore', () => {
  it('SecretStore with jwt auth and a role validates (v1 and v1beta1)', () => {
    for (const apiVersion of ['v1', 'v1beta1'] as const) {
      const store = toSecretStore({
        region: 'eu-west-1',
        namespace: 'prod',
        auth: { kind: 'jwt', serviceAccount: 'external-secrets' },
        role: 'arn:aws:iam::123456789012:role/eso',
        apiVersion,
        onWarning: () => undefined,
      })
      expect(crdProblems(store)).toEqual([])
      expect(store).toMatchObject({
        kind: 'SecretStore',
        metadata: { name: 'aws-secrets-manager', namespace: 'prod' },
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: 'eu-west-1',
              role: 'arn:aws:iam::123456789012:role/eso',
              auth: { jwt: { serviceAccountRef: { name: 'external-secrets' } } },
            },
          },
        },
      })
    }
  })

  it('ClusterSecretStore with access keys from a Secret validates', () => {
    const store = toSecretStore({
      region: 'us-east-1',
      service: 'ParameterStore',
      clusterWide: true,
      auth: {
        kind: 'secret',
        accessKeyId: { name: 'awssm-secret', key: 'access-key', namespace: 'eso' },
        secretAccessKey: { name: 'awssm-secret', key: 'secret-access-key', namespace: 'eso' },
        sessionToken: { name: 'awssm-secret', key: 'session-token', namespace: 'eso' },
      },
    })
    expect(crdProblems(store)).toEqual([])
    expect(store).toMatchObject({ kind: 'ClusterSecretStore', metadata: { name: 'aws-parameter-store' } })
    expect((store.metadata as Record<string, unknown>).namespace).toBeUndefined()
  })

  it('auth namespaces follow ESO: a namespaced store reads only from its own namespace', () => {
    const jwt = (namespace: string | undefined, clusterWide: boolean, storeNamespace?: string) => () =>
      toSecretStore({
        region: 'eu-west-1',
        namespace: storeNamespace,
        clusterWide,
        auth: { kind: 'jwt', serviceAccount: 'eso', namespace },
      })
    expect(code(jwt('other', false, 'prod'))).toBe('E_USAGE')
    expect(code(jwt('other', false))).toBe('E_USAGE')
    const same = jwt('prod', false, 'prod')() as { spec: { provider: { aws: { auth: unknown } } } }
    expect(same.spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'eso' } } })
    const cluster = jwt('eso', true)() as { spec: { provider: { aws: { auth: unknown } } } }
    expect(cluster.spec.provider.aws.auth).toEqual({
      jwt: { serviceAccountRef: { name: 'eso', namespace: 'eso' } },
    })
  })

  it('refuses a missing region, bad service, bad role', () => {
    expect(code(() => toSecretStore({ region: '' }))).toBe('E_USAGE')
    expect(code(() => toSecretStore({ region: 'europe' }))).toBe('E_USAGE')
    expect(code(() => toSecretStore({ region: 'eu-west-1', service: 'Vault' as 'SecretsManager' }))).toBe(
      'E_USAGE',
    )
    expect(code(() => toSecretStore({ region: 'eu-west-1', role: 'eso' }))).toBe('E_USAGE')
  })
})

describe('toPushSecret', () => {
  it('pushes to the same names and escaped properties the ExternalSecret reads', () => {
    const push = toPushSecret(tls, { store: 'aws', aws: true })
    expect(crdProblems(push)).toEqual([])
    expect(push.spec).toMatchObject({
      refreshInterval: '1h',
      updatePolicy: 'Replace',
      deletionPolicy: 'None',
      secretStoreRefs: [{ kind: 'SecretStore', name: 'aws' }],
      selector: { secret: { name: 'web-tls' } },
    })
    const data = (
      push.spec as { data: { match: { secretKey: string; remoteRef: Record<string, string> } }[] }
    ).data
    expect(data[0]!.match).toEqual({
      secretKey: 'tls.crt',
      remoteRef: { remoteKey: 'prod/web-tls', property: 'tls\\.crt' },
    })
    const perKey = toPushSecret(tls, { store: 'aws', perKey: true, storeKind: 'ClusterSecretStore' })
    expect(crdProblems(perKey)).toEqual([])
  })

  it('warns that binary keys are pushed unencoded', () => {
    const warnings: string[] = []
    toPushSecret(binary, { store: 'aws', onWarning: (w) => warnings.push(w) })
    expect(warnings.join()).toMatch(/keystore\.p12" is binary/)
  })
})

describe('the CRD check itself', () => {
  it('catches unknown fields, bad enums, missing required fields and unwritten defaults', () => {
    const es = toExternalSecret(tls, { store: 'aws' }) as { spec: Record<string, unknown> }
    interface Spec {
      data: { remoteRef: Record<string, unknown> }[]
      target: Record<string, unknown>
    }
    const broken = structuredClone(es)
    const b = broken.spec as unknown as Spec
    b.data[0]!.remoteRef.decodingStrategy = 'base64'
    b.data[1]!.remoteRef.typo = 1
    delete b.data[2]!.remoteRef.key
    delete b.target.deletionPolicy
    const problems = crdProblems(broken).join('\n')
    expect(problems).toMatch(/decodingStrategy must be equal to one of the allowed values/)
    expect(problems).toMatch(/must NOT have additional properties.*typo/)
    expect(problems).toMatch(/must have required property 'key'/)
    expect(problems).toMatch(/not written out \(CRD default\): \.spec\.target\.deletionPolicy/)
    expect(crdProblems({ ...es, spec: { ...es.spec, data: [] } }).join()).toMatch(/either data or dataFrom/)
  })
})
