/**
 * PKCS#12 files made at test time by openssl: a bundle with a private key is found whatever its
 * password (empty, weak, none at all) and whatever the file is called; a trust store
 * (certificates only) is not, nor other DER (a certificate, a PKCS#8 key's DER).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()
let dir = ''

/** `openssl pkcs12 -export` of the test key and certificate with `args`; the file's bytes. */
async function exported(name: string, args: string[]): Promise<Buffer> {
  const out = join(dir, name)
  await run('openssl', ['pkcs12', '-export', '-in', join(dir, 'cert.pem'), '-out', out, ...args])
  return readFileSync(out)
}

const rules = (path: string, content: Buffer): string[] =>
  detector.scanFile(path, content).findings.map((finding) => finding.ruleId)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-pkcs12-'))
  const key = join(dir, 'key.pem')
  await run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key])
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-subj',
    '/CN=test',
    '-days',
    '1',
    '-out',
    join(dir, 'cert.pem'),
  ])
  await run('openssl', [
    'x509',
    '-in',
    join(dir, 'cert.pem'),
    '-outform',
    'DER',
    '-out',
    join(dir, 'cert.der'),
  ])
  await run('openssl', [
    'pkcs8',
    '-topk8',
    '-nocrypt',
    '-in',
    key,
    '-outform',
    'DER',
    '-out',
    join(dir, 'key.der'),
  ])
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('PKCS#12 files', () => {
  it('finds a bundle with a private key, whatever its password and name', async () => {
    const key = ['-inkey', join(dir, 'key.pem')]
    const bundles = [
      await exported('weak.p12', [...key, '-passout', 'pass:1234']),
      await exported('empty.pfx', [...key, '-passout', 'pass:']),
      await exported('clear.p12', [
        ...key,
        '-keypbe',
        'NONE',
        '-certpbe',
        'NONE',
        '-nomac',
        '-passout',
        'pass:',
      ]),
    ]
    for (const [i, content] of bundles.entries()) {
      expect(rules(`certs/bundle-${i}.p12`, content)).toEqual(['pkcs12-file'])
      expect(rules(`src/main/resources/keystore-${i}`, content)).toEqual(['pkcs12-file'])
    }
  })

  it('leaves trust stores (certificates only, in the clear or encrypted) and other DER alone', async () => {
    const clear = await exported('trust.p12', ['-nokeys', '-certpbe', 'NONE', '-passout', 'pass:'])
    const encrypted = await exported('trust-encrypted.p12', ['-nokeys', '-passout', 'pass:changeit'])
    expect(rules('truststore.p12', clear)).toEqual([])
    expect(rules('truststore.p12', encrypted)).toEqual([])
    expect(rules('cert.der', readFileSync(join(dir, 'cert.der')))).toEqual([])
    expect(rules('key.der', readFileSync(join(dir, 'key.der')))).not.toContain('pkcs12-file')
  })

  // held-out-26 (k8ssandra's test fixtures): a Secret holding a keystore and a trust store, base64 in
  // its `data`. openssl writes the key in the clear part (a shrouded key bag) and encrypts only the
  // certificates, modern (PBES2/AES) and legacy (RC2-40) alike: the trust store is public.
  it("leaves a trust store in a Secret's data alone, modern or legacy, and reports the keystore beside it", async () => {
    const key = ['-inkey', join(dir, 'key.pem')]
    for (const legacy of [[], ['-legacy']]) {
      const store = await exported(`keystore${legacy.length}.p12`, [
        ...key,
        ...legacy,
        '-passout',
        'pass:changeit',
      ])
      const trust = await exported(`trust${legacy.length}.p12`, [
        '-nokeys',
        ...legacy,
        '-passout',
        'pass:changeit',
      ])
      const secret = (data: string): string =>
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: client-encryption-stores\ndata:\n${data}`
      const found = detector.scanFile(
        'fixtures/client-encryption-secret.yaml',
        secret(`  keystore: ${store.toString('base64')}\n  truststore: ${trust.toString('base64')}\n`),
      ).findings
      expect(found.map((finding) => [finding.ruleId, finding.line])).toEqual([['k8s-secret-plaintext', 6]])
      const trustOnly = secret(`  truststore: ${trust.toString('base64')}\n`)
      expect(rules('fixtures/server-encryption-secret.yaml', Buffer.from(trustOnly))).toEqual([])
    }
  })

  it('does not report the file as a line of text: a byte cut off makes it no PKCS#12', async () => {
    const content = await exported('cut.p12', ['-inkey', join(dir, 'key.pem'), '-passout', 'pass:x'])
    expect(rules('cut.p12', content.subarray(0, content.length - 40))).toEqual([])
  })
})
