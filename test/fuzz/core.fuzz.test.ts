import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseManifest, stringifyObjects } from '../../src/core/manifest.js'
import { readManifestEntries, readSecrets, secretToObject } from '../../src/core/secret.js'
import { fuzzParams, manifestLikeText, onlyGitsealErrors } from './fuzz.js'

const keyArbitrary = fc
  .stringMatching(/^[-._a-zA-Z0-9]{1,40}$/)
  .filter((key) => key !== '.' && !key.startsWith('..'))

describe('core parsers under fuzzing', () => {
  it('parse any text as a manifest or throw a GitsealError', () => {
    fc.assert(
      fc.property(fc.oneof(manifestLikeText, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        onlyGitsealErrors(() => readManifestEntries(parseManifest(text, 'fuzz.yaml')))
      }),
      fuzzParams(300),
    )
  })

  it('parse any JSON value as a manifest or throw a GitsealError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        onlyGitsealErrors(() => readManifestEntries(parseManifest(JSON.stringify(value), 'fuzz.json')))
      }),
      fuzzParams(200),
    )
  })

  it('round-trip any keys and byte values through a Secret manifest (YAML and JSON)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(keyArbitrary, fc.uint8Array({ maxLength: 64 }), { maxKeys: 8 }),
        fc.constantFrom('yaml' as const, 'json' as const),
        fc.boolean(),
        (values, format, readable) => {
          const data = new Map(Object.entries(values))
          const object = secretToObject(
            {
              name: 'x',
              namespace: undefined,
              type: undefined,
              immutable: undefined,
              labels: {},
              annotations: {},
              metadata: { name: 'x' },
              data,
              stringDataKeys: new Set(),
            },
            { readable },
          )
          const [secret] = readSecrets(parseManifest(stringifyObjects([object], format), `rt.${format}`))
          expect(secret!.data).toEqual(data)
        },
      ),
      fuzzParams(200),
    )
  })
})
