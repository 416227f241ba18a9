import { readFileSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { encryptSecretItem } from '@linode/kubeseal-encrypt'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'
import { hybridDecrypt, hybridEncrypt } from '../../src/sealed/crypto.js'
import { parseCert } from '../../src/sealed/cert.js'
import { parsePrivateKeys } from '../../src/sealed/keys.js'
import { encryptionLabel } from '../../src/sealed/scope.js'
import { unsealValue } from '../../src/sealed/unseal.js'
import { controllerOpen, labelFor, REAL, REAL_CERT_PEM, REAL_KEY, REAL_KEY_FILE } from '../support/sealed.js'

const cert = parseCert(REAL_CERT_PEM, 'real-cert.pem')
const keys = parsePrivateKeys(readFileSync(REAL_KEY_FILE, 'utf8'), REAL_KEY_FILE)

describe('values sealed by the real kubeseal (mikube/kseal fixtures)', () => {
  const cases: [string, Record<string, string>][] = [
    [
      'decryption__use-arguments__dev-values.yaml',
      {
        db_password: 'my-password-for-dev-db',
        api_secret: 'my-dev-api-secret',
        secretMessage: 'This is a secret message',
      },
    ],
    [
      'decryption__use-local-private-key__prd-values.yaml',
      {
        db_password: 'my-password-for-prd-db',
        api_secret: 'my-prd-api-secret',
        secretMessage: 'This is a secret message !!!',
      },
    ],
  ]
  for (const [file, expected] of cases) {
    it(`opens every value of ${file} with the key Secret manifest (strict my-namespace/my-secret)`, () => {
      const doc = parse(readFileSync(`${REAL}/${file}`, 'utf8')) as {
        secrets: { name: string; value: string }[]
        secretMessage: string
      }
      const values: Record<string, string> = { secretMessage: doc.secretMessage }
      for (const { name, value } of doc.secrets) values[name] = value
      expect(Object.keys(values).sort()).toEqual(Object.keys(expected).sort())
      for (const [name, value] of Object.entries(values)) {
        const plain = unsealValue(value, keys, {
          scope: 'strict',
          namespace: 'my-namespace',
          name: 'my-secret',
        })
        expect(Buffer.from(plain).toString()).toBe(expected[name])
      }
    })
  }

  it('refuses the real values under another name, namespace or scope', () => {
    const doc = parse(readFileSync(`${REAL}/${cases[0]![0]}`, 'utf8')) as { secretMessage: string }
    for (const target of [
      { scope: 'strict', namespace: 'my-namespace', name: 'other' },
      { scope: 'strict', namespace: 'other', name: 'my-secret' },
      { scope: 'namespace-wide', namespace: 'my-namespace' },
      { scope: 'cluster-wide' },
    ] as const) {
      expect(() => unsealValue(doc.secretMessage, keys, target)).toThrow(/no key could decrypt/)
    }
  })
})

describe('our hybrid encryption, opened by the controller algorithm re-implemented in the test', () => {
  const values = [new Uint8Array(), new TextEncoder().encode('s3cr3t'), new Uint8Array(70_000).fill(7)]
  for (const scope of ['strict', 'namespace-wide', 'cluster-wide'] as const) {
    it(`${scope}: opens under its own label only`, () => {
      for (const value of values) {
        const sealed = Buffer.from(hybridEncrypt(cert.publicKey, value, encryptionLabel(scope, 'prod', 'db')))
        expect(sealed.readUInt16BE(0)).toBe(512)
        expect(sealed.length).toBe(2 + 512 + value.length + 16)
        const base64 = sealed.toString('base64')
        expect(base64.startsWith('Ag')).toBe(true)
        expect(controllerOpen(base64, REAL_KEY, labelFor(scope, 'prod', 'db'))).toEqual(Buffer.from(value))
        if (scope !== 'cluster-wide') {
          expect(() => controllerOpen(base64, REAL_KEY, labelFor(scope, 'dev', 'db'))).toThrow()
          expect(() => controllerOpen(base64, REAL_KEY, labelFor('cluster-wide', '', ''))).toThrow()
        }
        if (scope === 'strict')
          expect(() => controllerOpen(base64, REAL_KEY, labelFor(scope, 'prod', 'x'))).toThrow()
      }
    })
  }

  it('never repeats a ciphertext for the same input (fresh session key and OAEP seed)', () => {
    const label = encryptionLabel('strict', 'prod', 'db')
    const a = hybridEncrypt(cert.publicKey, new Uint8Array([1]), label)
    const b = hybridEncrypt(cert.publicKey, new Uint8Array([1]), label)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
  })
})

describe('hybridDecrypt', () => {
  const label = encryptionLabel('strict', 'prod', 'db')
  const sealed = hybridEncrypt(cert.publicKey, new TextEncoder().encode('v'), label)

  it('tries every key (as after key renewal), first fit wins', () => {
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    expect(Buffer.from(hybridDecrypt([other, REAL_KEY], sealed, label)).toString()).toBe('v')
  })

  it('wrong key → E_DECRYPT; truncated → E_BAD_CIPHERTEXT; tampered tag → E_DECRYPT', () => {
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const code = (fn: () => unknown): string => {
      try {
        fn()
      } catch (error) {
        return isGitsealError(error) ? error.code : 'other'
      }
      return 'none'
    }
    expect(code(() => hybridDecrypt([other], sealed, label))).toBe('E_DECRYPT')
    expect(code(() => hybridDecrypt([REAL_KEY], sealed.subarray(0, 1), label))).toBe('E_BAD_CIPHERTEXT')
    expect(code(() => hybridDecrypt([REAL_KEY], sealed.subarray(0, 300), label))).toBe('E_BAD_CIPHERTEXT')
    const tampered = new Uint8Array(sealed)
    tampered[tampered.length - 1]! ^= 1
    expect(code(() => hybridDecrypt([REAL_KEY], tampered, label))).toBe('E_DECRYPT')
  })

  it('opens values sealed by @linode/kubeseal-encrypt (namespace-wide label)', async () => {
    const spki = cert.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    for (const text of ['hello', '', 'ünïcødé ✓']) {
      const value = await encryptSecretItem(spki, 'team-a', text)
      const plain = unsealValue(value, keys, { scope: 'namespace-wide', namespace: 'team-a' })
      expect(Buffer.from(plain).toString()).toBe(text)
    }
  })
})
