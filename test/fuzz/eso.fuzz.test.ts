/**
 * Fuzz the ESO builders: any Secret and any options either fail with a GitsealError or produce
 * manifests the real CRD schemas accept, whose references read back exactly the pushed bytes.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSecretObject } from '../../src/core/secret.js'
import type { Secret } from '../../src/core/secret.js'
import {
  escapeGjsonKey,
  esoBackend,
  lookupProperty,
  planRemoteSecrets,
  toExternalSecret,
  toPushSecret,
  toSecretStore,
  verifyExternalSecrets,
} from '../../src/eso/index.js'
import type { ExternalSecretOptions, SecretsManagerConnection } from '../../src/eso/index.js'
import { GitsealError } from '../../src/core/errors.js'
import { crdProblems } from '../support/crd-schema.js'
import { fuzzParams, onlyGitsealErrors, onlyGitsealErrorsAsync } from './fuzz.js'

const keyChar = fc.constantFrom(...'abcXYZ019-_.'.split(''))
const secretKey = fc
  .array(keyChar, { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''))
  .filter((key) => key !== '.' && key !== '..' && !key.startsWith('..'))
const dnsName = fc.constantFrom('db', 'web-tls', 'a.b', 'x1', 'api-keys')
const value = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ maxLength: 40 }),
)

const secretArb: fc.Arbitrary<Secret> = fc
  .record({
    name: dnsName,
    namespace: fc.option(fc.constantFrom('prod', 'default', 'team-a'), { nil: undefined, freq: 5 }),
    type: fc.option(fc.constantFrom('Opaque', 'kubernetes.io/basic-auth', 'example.com/custom'), {
      nil: undefined,
    }),
    labels: fc.dictionary(
      fc.constantFrom('app', 'tier', 'app.kubernetes.io/name'),
      fc.string({ maxLength: 8 }),
    ),
    data: fc.dictionary(secretKey, value, { minKeys: 0, maxKeys: 6 }),
  })
  .map(({ name, namespace, type, labels, data }) => {
    const encoded = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    )
    if (type === 'kubernetes.io/basic-auth') encoded.username = 'dQ=='
    return parseSecretObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, ...(namespace ? { namespace } : {}), labels },
      ...(type ? { type } : {}),
      data: encoded,
    })
  })

/** Mostly valid values, sometimes invalid ones, so both paths are exercised. */
function mostly<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 })
}
type Opt<K extends keyof ExternalSecretOptions> = fc.Arbitrary<ExternalSecretOptions[K]>

const optionsArb: fc.Arbitrary<ExternalSecretOptions> = fc
  .record({
    store: mostly(fc.constantFrom('aws', 'aws-sm', 'a.b'), fc.string({ maxLength: 6 })),
    storeKind: mostly(
      fc.constantFrom(undefined, 'SecretStore', 'ClusterSecretStore'),
      fc.constant('Vault'),
    ) as Opt<'storeKind'>,
    apiVersion: mostly(fc.constantFrom(undefined, 'v1', 'v1beta1'), fc.constant('v2')) as Opt<'apiVersion'>,
    refreshInterval: mostly(
      fc.constantFrom(undefined, '1h', '0s', '1h30m', '1.5h', '90s'),
      fc.string({ maxLength: 4 }),
    ),
    mode: mostly(fc.constantFrom('json', 'perKey', 'extract'), fc.constant('both')),
    keyTemplate: mostly(
      fc.constant(undefined),
      fc.constantFrom('{name}', 'x/{key}', '{oops}', '{name}-{key}'),
    ),
    prefix: mostly(fc.constantFrom(undefined, 'prod/', '', 'a+b=c@d.'), fc.string({ maxLength: 5 })),
    namespace: fc.constantFrom(undefined, 'fallback'),
    nullBytePolicy: fc.constantFrom(undefined, undefined, 'Ignore', 'Fail'),
    creationPolicy: mostly(
      fc.constantFrom(undefined, 'Owner', 'Orphan', 'CreateOrMerge'),
      fc.constant('None'),
    ),
    deletionPolicy: mostly(fc.constantFrom(undefined, 'Retain'), fc.constantFrom('Delete', 'Merge')),
  })
  .map(({ mode, ...rest }) => ({
    ...rest,
    perKey: mode === 'perKey' || mode === 'both',
    extract: mode === 'extract' || mode === 'both',
  }))

/** What ESO would put in the Secret for one data[] ref, given what gitseal pushed. */
function readBack(remoteValue: string, ref: Record<string, unknown>): Uint8Array {
  let text = remoteValue
  if (typeof ref.property === 'string') {
    expect(lookupProperty(remoteValue, ref.property)).toBe('found')
    const key = ref.property.replace(/\\(.)/g, '$1')
    text = (JSON.parse(remoteValue) as Record<string, string>)[key]!
  }
  return ref.decodingStrategy === 'Base64'
    ? new Uint8Array(Buffer.from(text, 'base64'))
    : new TextEncoder().encode(text)
}

describe('eso builders (fuzz)', () => {
  it('toExternalSecret: GitsealError or a CRD-valid manifest that reads back every byte', () => {
    let built = 0
    fc.assert(
      fc.property(secretArb, optionsArb, (secret, options) => {
        let es: Record<string, unknown> | undefined
        onlyGitsealErrors(() => {
          es = toExternalSecret(secret, { ...options, onWarning: () => undefined })
        })
        if (!es) return
        built++
        expect(crdProblems(es)).toEqual([])
        const remotes = new Map(planRemoteSecrets(secret, options).remotes.map((r) => [r.name, r.value]))
        const spec = es.spec as { data?: { secretKey: string; remoteRef: Record<string, unknown> }[] }
        for (const entry of spec.data ?? []) {
          const remote = remotes.get(entry.remoteRef.key as string)!
          expect(Buffer.from(readBack(remote, entry.remoteRef))).toEqual(
            Buffer.from(secret.data.get(entry.secretKey)!),
          )
        }
      }),
      fuzzParams(150),
    )
    // The generators must reach the success path, not only the error paths.
    expect(built).toBeGreaterThan(fuzzParams(150).numRuns! / 10)
  })

  it('toPushSecret and toSecretStore: GitsealError or CRD-valid', () => {
    fc.assert(
      fc.property(
        secretArb,
        optionsArb,
        fc.string({ maxLength: 12 }),
        fc.boolean(),
        (secret, options, region, cw) => {
          onlyGitsealErrors(() => {
            const push = toPushSecret(secret, {
              ...options,
              deletionPolicy: options.deletionPolicy as 'Delete',
              onWarning: () => undefined,
            })
            expect(crdProblems(push)).toEqual([])
          })
          onlyGitsealErrors(() => {
            const store = toSecretStore({
              region: region.length % 2 ? region : 'eu-west-1',
              clusterWide: cw,
              name: options.store,
              apiVersion: options.apiVersion,
              prefix: options.prefix,
              onWarning: () => undefined,
            })
            expect(crdProblems(store)).toEqual([])
          })
        },
      ),
      fuzzParams(100),
    )
  })

  it('gjson: an escaped key always finds itself; lookups never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20, unit: 'binary' }), fc.string({ maxLength: 30 }), (key, junk) => {
        expect(lookupProperty(JSON.stringify({ [key]: 1, x: { y: 2 } }), escapeGjsonKey(key))).toBe('found')
        expect(['found', 'missing', 'unsupported']).toContain(lookupProperty(junk, junk))
      }),
      fuzzParams(300),
    )
  })

  it('esoBackend.describe: null, an answer, or a GitsealError for any JSON value', () => {
    const esoish = fc.record({
      apiVersion: fc.constantFrom('external-secrets.io/v1', 'external-secrets.io/v1alpha1', 'v1'),
      kind: fc.constantFrom('ExternalSecret', 'PushSecret', 'SecretStore', 'ClusterExternalSecret', 'Other'),
      metadata: fc.anything(),
      spec: fc.anything(),
    })
    const seen = { null: 0, answer: 0, error: 0 }
    fc.assert(
      fc.property(fc.oneof(esoish, fc.anything()), (document) => {
        let answer: unknown
        const result = onlyGitsealErrors(() => (answer = esoBackend.describe(document)))
        seen[result.threw ? 'error' : answer === null ? 'null' : 'answer']++
      }),
      fuzzParams(300),
    )
    // Every branch of the property was exercised.
    expect(seen.null).toBeGreaterThan(0)
    expect(seen.answer).toBeGreaterThan(0)
    expect(seen.error).toBeGreaterThan(0)
  })

  it('verifyExternalSecrets: any documents give checks or a GitsealError', async () => {
    // Stands in for Secrets Manager (this property is about parsing the documents): every secret
    // holds {"a": {"b": "x"}} except `missing`.
    const connection: SecretsManagerConnection = {
      call: <Output>(_operation: string, input: Record<string, unknown>, name: string | undefined) =>
        input.SecretId === 'missing'
          ? Promise.reject(new GitsealError('E_AWS_NOT_FOUND', `${name ?? ''}: not found`))
          : Promise.resolve({ SecretString: '{"a":{"b":"x"}}' } as Output),
      close: () => undefined,
    }
    const ref = fc.record(
      {
        key: fc.oneof(fc.constantFrom('k', 'missing', ''), fc.anything()),
        property: fc.anything(),
        version: fc.anything(),
      },
      { requiredKeys: [] },
    )
    const es = fc.record({
      apiVersion: fc.constant('external-secrets.io/v1'),
      kind: fc.constant('ExternalSecret'),
      metadata: fc.oneof(fc.record({ name: fc.string(), namespace: fc.string() }), fc.anything()),
      spec: fc.oneof(
        fc.record(
          {
            secretStoreRef: fc.anything(),
            data: fc.oneof(
              fc.array(
                fc.record(
                  { secretKey: fc.anything(), remoteRef: ref, sourceRef: fc.anything() },
                  { requiredKeys: ['remoteRef'] },
                ),
              ),
              fc.anything(),
            ),
            dataFrom: fc.oneof(
              fc.array(fc.record({ extract: ref, find: fc.anything() }, { requiredKeys: [] })),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(es, fc.anything()), { maxLength: 4 }),
        fc.array(fc.anything(), { maxLength: 2 }),
        async (documents, stores) => {
          await onlyGitsealErrorsAsync(async () => {
            const checks = await verifyExternalSecrets(documents, { region: 'eu-west-1', connection, stores })
            for (const check of checks)
              expect([
                'ok',
                'missing-secret',
                'missing-property',
                'deleted',
                'unsupported',
                'skipped',
              ]).toContain(check.status)
          })
        },
      ),
      fuzzParams(200),
    )
  })
})
