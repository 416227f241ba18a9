import { generateIdentity, identityToRecipient } from 'age-encryption'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSopsConfig } from '../../src/sops/config.js'
import { parseMetadata } from '../../src/sops/metadata.js'
import { decrypt, encrypt } from '../../src/sops/sops-file.js'
import { storeFor } from '../../src/sops/stores/index.js'
import type { SopsFormat } from '../../src/sops/stores/index.js'
import { parseTreePath } from '../../src/sops/tree-path.js'
import { Mapping, fromPlain } from '../../src/sops/tree.js'
import { fuzzParams, manifestLikeText, onlyGitsealErrors, onlyGitsealErrorsAsync } from './fuzz.js'

const FORMATS: SopsFormat[] = ['yaml', 'json', 'dotenv', 'ini', 'binary']

const sopsLike = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'sops:',
        '    age:',
        '        - recipient: age1x',
        '          enc: |',
        '    lastmodified: "2024-01-01T00:00:00Z"',
        '    mac: ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]',
        '    version: 3.13.2',
        'sops_lastmodified=2024-01-01T00:00:00Z',
        'sops_age__list_0__map_enc=x',
        '[sops]',
        'mac = ENC[AES256_GCM,data:,iv:,tag:,type:int]',
        '{"sops": {"mac": 1}}',
        '{"data": "x", "sops": null}',
        'key=ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:float]',
        '#ENC[',
        '; comment',
        '[section]',
        'a = """',
        '"""',
        'x: *y',
        'k: &y [1]',
        '1: one',
      ),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 20 },
  )
  .map((lines) => lines.join('\n'))

const anyText = fc.oneof(manifestLikeText, sopsLike, fc.json(), fc.string({ maxLength: 200 }))

describe('sops parsers: any input parses or throws GitsealError', () => {
  it.each(FORMATS)('%s store', (format) => {
    fc.assert(
      fc.property(anyText, (text) => {
        onlyGitsealErrors(() => {
          const loaded = storeFor(format).load(text, 'fuzz')
          if (loaded.metadata !== undefined) parseMetadata(loaded.metadata, 'fuzz')
          loaded.emit(loaded.branches, undefined)
        })
      }),
      fuzzParams(),
    )
  })

  it('.sops.yaml', () => {
    const configLike = fc
      .array(
        fc.constantFrom(
          'creation_rules:',
          '  - path_regex: .*\\.yaml$',
          '  - path_regex: "("',
          '    age: age1abc, age1def',
          '    age: [a, 1]',
          '    key_groups:',
          '      - age: [x]',
          '        merge: [{age: [y]}]',
          '    shamir_threshold: -1',
          '    encrypted_regex: ^data$',
          '    unencrypted_suffix: _u',
          'stores: {yaml: {indent: 2}}',
          '- x',
          '{',
        ),
        { maxLength: 12 },
      )
      .map((l) => l.join('\n'))
    fc.assert(
      fc.property(fc.oneof(configLike, anyText), (text) => {
        onlyGitsealErrors(() => parseSopsConfig(text, '.sops.yaml'))
      }),
      fuzzParams(),
    )
  })

  it('tree paths', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('["a"][0]', "['b']", '[x]', '["\\u0041"]')),
        (text) => {
          onlyGitsealErrors(() => parseTreePath(text))
        },
      ),
      fuzzParams(),
    )
  })

  it('decrypt of arbitrary text never throws anything but GitsealError', async () => {
    await fc.assert(
      fc.asyncProperty(sopsLike, fc.constantFrom(...FORMATS), async (text, format) => {
        await onlyGitsealErrorsAsync(() => decrypt(text, { format, identities: [] }))
      }),
      fuzzParams(50),
    )
  })
})

describe('sops round trip property', () => {
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'sops')
  const leaf = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  )
  const tree = fc.dictionary(
    key,
    fc.oneof(leaf, fc.dictionary(key, leaf, { maxKeys: 3 }), fc.array(leaf, { maxLength: 3 })),
    { maxKeys: 5 },
  )

  it('yaml and json: decrypt(encrypt(x)) === x, byte for byte', async () => {
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    await fc.assert(
      fc.asyncProperty(tree, fc.constantFrom<SopsFormat>('yaml', 'json'), async (value, format) => {
        const branch = fromPlain(value)
        if (!(branch instanceof Mapping)) return
        const input = storeFor(format).emitFresh([branch], undefined)
        const enc = await encrypt(input, { format, recipients: [recipient] })
        expect(await decrypt(enc, { format, identities: [{ identity, source: 'fuzz' }] })).toBe(input)
      }),
      fuzzParams(10),
    )
  }, 300_000)
})
