/**
 * A SealedSecret holding plaintext (red team 19, A27): an `encryptedData` value that is no sealed
 * value (written by hand, often base64 of the value as in a Secret's `data`) and a stray
 * `data`/`stringData` are reported like a Secret's values; real ciphertext — made by kubeseal (the
 * fixtures) and by gitseal's sealing under an openssl key here — stays quiet, cut short too.
 */
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { hybridEncrypt } from '../../src/sealed/crypto.js'
import { CS, rnd } from './rules/tokens.js'

const detector = createDetector()
const found = (text: string): string[] =>
  detector.scanFile('deploy/sealed.yaml', text).findings.map((f) => `${f.line} ${f.ruleId}`)
const sealed = (values: Record<string, string>, extra = ''): string =>
  [
    'apiVersion: bitnami.com/v1alpha1',
    'kind: SealedSecret',
    'metadata:',
    '  name: db',
    '  namespace: app',
    'spec:',
    '  encryptedData:',
    ...Object.entries(values).map(([key, value]) => `    ${key}: ${value}`),
    '  template:',
    '    metadata:',
    '      name: db',
    '    data:',
    '      url: https://db.example.com',
    extra,
  ].join('\n')

// Real kubeseal output (fixtures/sealed-real, a 4096-bit controller key).
const kubeseal = [
  ...readFileSync('fixtures/sealed-real/decryption__use-arguments__dev-values.yaml', 'utf8').matchAll(
    /: (Ag[A-Za-z0-9+/=]{600,})/g,
  ),
].map((m) => m[1] as string)

describe('SealedSecrets', () => {
  it('real ciphertext stays quiet: kubeseal, gitseal under 2048/3072-bit keys, and one cut short', () => {
    expect(kubeseal.length).toBeGreaterThan(1)
    const ours = [2048, 3072].map((modulusLength) => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength })
      const value = hybridEncrypt(publicKey, Buffer.from(rnd(CS.alnum, 20)), Buffer.from('app/db'))
      return Buffer.from(value).toString('base64')
    })
    const values = {
      A: kubeseal[0]!,
      B: kubeseal[1]!,
      C: ours[0]!,
      D: ours[1]!,
      E: kubeseal[0]!.slice(0, 40),
    }
    expect(found(sealed(values))).toEqual([])
  })

  it('a value that is no sealed value, plain or base64 of the text, is reported', () => {
    const secret = rnd(CS.alnum, 24)
    const text = sealed({ DB_CONN: Buffer.from(secret).toString('base64'), ADMIN: secret, OK: kubeseal[0]! })
    expect(found(text)).toEqual(['8 k8s-secret-plaintext', '9 k8s-secret-plaintext'])
    // Placeholders where ciphertext belongs stay quiet.
    expect(found(sealed({ A: '<sealed>', B: 'REPLACE_ME', C: 'AgBy3i4OJSWK...' }))).toEqual([])
  })

  it('a stray data or stringData beside spec is reported', () => {
    const secret = rnd(CS.alnum, 24)
    expect(found(sealed({ OK: kubeseal[0]! }, `stringData:\n  v: ${secret}\n`))).toEqual([
      '15 k8s-secret-plaintext',
    ])
  })
})
