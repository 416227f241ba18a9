/**
 * Fuzz the Sealed Secrets parsers and builders: SealedSecret manifests into unseal/validate,
 * certificates, private keys and raw values either work or fail with a GitsealError; sealing any
 * Secret yields a CRD-valid SealedSecret whose values the controller algorithm opens.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { documentValue, parseManifest } from '../../src/core/manifest.js'
import { parseSecretObject } from '../../src/core/secret.js'
import {
  checkSealedSecret,
  hybridDecrypt,
  mergeIntoSealedSecret,
  parseCert,
  parsePrivateKeys,
  readSealedSecret,
  sealManifest,
  sealSecret,
  toKubesealYaml,
  unsealSealedSecret,
  unsealValue,
} from '../../src/sealed/index.js'
import { controllerOpen, crdErrors, labelFor, REAL_CERT_PEM, REAL_KEY } from '../support/sealed.js'
import { fuzzParams, manifestLikeText, onlyGitsealErrors } from './fuzz.js'

const cert = parseCert(REAL_CERT_PEM, 'cert.pem')
const keys = [REAL_KEY]
const base = toKubesealYaml(
  sealSecret(
    parseSecretObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'prod' },
      stringData: { a: '1', b: '2' },
    }),
    cert,
  ),
)

const sealedLike = fc.oneof(
  manifestLikeText,
  fc.constantFrom(
    'apiVersion: bitnami.com/v1alpha1',
    'kind: SealedSecret',
    'spec:',
    '  encryptedData:',
    '    k: AgA=',
    '    k: Ag',
    '    k: 123',
    '  data: eA==',
    '  template: []',
    'metadata: {name: x, namespace: y, annotations: {sealedsecrets.bitnami.com/cluster-wide: "true"}}',
  ),
  // real output with bytes flipped or cut
  fc
    .tuple(fc.nat(base.length), fc.string({ maxLength: 8 }))
    .map(([at, junk]) => base.slice(0, at) + junk + base.slice(at + junk.length)),
)

// RSA-4096 private-key operations dominate: scaled-up runs (npm run fuzz) need minutes.
describe('fuzz: sealed', () => {
  it('unseal / validate / merge-into of any text: result or GitsealError', () => {
    fc.assert(
      fc.property(sealedLike, (text) => {
        onlyGitsealErrors(() => {
          const manifest = parseManifest(text, 'in.yaml')
          for (const doc of manifest.documents) {
            const value = documentValue(manifest, doc)
            onlyGitsealErrors(() => checkSealedSecret(readSealedSecret(value, 'in.yaml'), keys))
            onlyGitsealErrors(() => unsealSealedSecret(value, keys, 'in.yaml'))
          }
        })
        onlyGitsealErrors(() =>
          mergeIntoSealedSecret(
            text,
            'in.yaml',
            parseSecretObject({ apiVersion: 'v1', kind: 'Secret', stringData: { k: 'v' } }),
            cert,
          ),
        )
      }),
      fuzzParams(200),
    )
  }, 600_000)

  it('raw values, certificates and keys of any bytes: result or GitsealError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.uint8Array({ maxLength: 700 }), (text, bytes) => {
        onlyGitsealErrors(() => unsealValue(text, keys, { scope: 'cluster-wide' }))
        onlyGitsealErrors(() => hybridDecrypt(keys, bytes, new Uint8Array()))
        onlyGitsealErrors(() => parseCert(text, 'c.pem'))
        onlyGitsealErrors(() =>
          parseCert(
            `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes).toString('base64')}\n-----END CERTIFICATE-----\n`,
            'c.pem',
          ),
        )
        onlyGitsealErrors(() => parsePrivateKeys(text, 'k.pem'))
        onlyGitsealErrors(() =>
          parsePrivateKeys(
            `-----BEGIN RSA PRIVATE KEY-----\n${Buffer.from(bytes).toString('base64')}\n-----END RSA PRIVATE KEY-----\n`,
            'k.pem',
          ),
        )
      }),
      fuzzParams(200),
    )
  }, 600_000)

  it('seal of any Secret manifest: GitsealError, or CRD-valid SealedSecrets the controller opens', () => {
    const key = fc.stringMatching(/^[a-zA-Z0-9_][-._a-zA-Z0-9]{0,10}$/)
    const secretText = fc.record({
      name: fc.option(fc.constantFrom('db', 'a.b', 'Bad_Name'), { nil: undefined }),
      namespace: fc.option(fc.constantFrom('prod', 'x'), { nil: undefined }),
      scope: fc.option(fc.constantFrom('strict', 'namespace-wide', 'cluster-wide', 'bogus'), {
        nil: undefined,
      }),
      data: fc.dictionary(key, fc.string({ maxLength: 20 }), { maxKeys: 4 }),
    })
    fc.assert(
      fc.property(secretText, ({ name, namespace, scope, data }) => {
        const object = {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            ...(name === undefined ? {} : { name }),
            ...(namespace === undefined ? {} : { namespace }),
            ...(scope === undefined
              ? {}
              : { annotations: { [`sealedsecrets.bitnami.com/${scope}`]: 'true' } }),
          },
          stringData: data,
        }
        onlyGitsealErrors(() => {
          const { text } = sealManifest(parseManifest(JSON.stringify(object), 's.json'), cert, {
            format: 'json',
          })
          const sealed = JSON.parse(text) as {
            metadata: { name: string; namespace?: string; annotations?: Record<string, string> }
            spec: { encryptedData: Record<string, string> }
          }
          expect(crdErrors(sealed)).toEqual([])
          const sealedScope = sealed.metadata.annotations?.['sealedsecrets.bitnami.com/cluster-wide']
            ? 'cluster-wide'
            : sealed.metadata.annotations?.['sealedsecrets.bitnami.com/namespace-wide']
              ? 'namespace-wide'
              : 'strict'
          for (const [k, v] of Object.entries(sealed.spec.encryptedData)) {
            const label = labelFor(sealedScope, sealed.metadata.namespace ?? '', sealed.metadata.name)
            expect(controllerOpen(v, REAL_KEY, label).toString()).toBe(data[k])
          }
        })
      }),
      fuzzParams(30),
    )
  }, 600_000)
})
