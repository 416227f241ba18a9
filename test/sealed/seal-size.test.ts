/**
 * A SealedSecret no cluster can store (etcd keeps objects up to 1.5 MiB) is refused before any
 * value is encrypted: 200,000 tiny keys took 25 s and 1.3 GB to seal into an unappliable object.
 */
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseSecretObject } from '../../src/core/secret.js'
import {
  FileKeyRing,
  MAX_FAILED_DECRYPTIONS_PER_FILE,
  MAX_SEALED_SECRET_BYTES,
  checkDecryptionBudget,
  parseCert,
  readSealedSecret,
  sealSecret,
  unsealSealedSecret,
} from '../../src/sealed/index.js'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM, REAL_KEY, REAL_KEY_FILE, controllerOpen, labelFor } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const cert = parseCert(REAL_CERT_PEM, 'cert.pem')

const secretWith = (stringData: Record<string, string>) =>
  parseSecretObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, stringData })

const tinyKeys = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']))

describe('seal refuses a SealedSecret larger than a cluster stores', () => {
  it('200,000 tiny keys: refused in well under a second, before encrypting any (each costs ~50 µs of RSA)', () => {
    const secret = secretWith(tinyKeys(200_000))
    const start = cpuMark()
    expect(() => sealSecret(secret, cert)).toThrow(
      expect.objectContaining({
        code: 'E_TOO_LARGE',
        message: expect.stringMatching(/Secret "s" would seal to more than 1572864 bytes \(200000 keys\)/),
      }),
    )
    // Encrypting even a tenth of the keys takes seconds; the size check takes milliseconds.
    expect(cpuMsSince(start)).toBeLessThan(1500)
  })

  it('a Secret at its own 1 MiB limit still seals (and opens): only many keys reach the bound', () => {
    const fits = 'x'.repeat(1024 * 1024)
    const sealed = sealSecret(secretWith({ big: fits }), cert) as {
      spec: { encryptedData: Record<string, string> }
    }
    const value = sealed.spec.encryptedData.big ?? ''
    expect(value.length).toBeLessThan(MAX_SEALED_SECRET_BYTES)
    expect(controllerOpen(value, REAL_KEY, labelFor('strict', 'n', 's')).toString()).toBe(fits)
    // 2,300 tiny keys: ~1.63 MB of encryptedData alone.
    expect(() => sealSecret(secretWith(tinyKeys(2300)), cert)).toThrow(/would seal to more than/)
  })

  it('the CLI names the file and the limit, exits 2 and writes nothing', async () => {
    const dir = scratchDir('seal-size')
    writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
    const manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'many', namespace: 'n' } }
    writeFileSync(join(dir, 'many.json'), JSON.stringify({ ...manifest, stringData: tinyKeys(3000) }))
    const result = await runCli(['seal', 'many.json', '--cert', 'cert.pem', '-o', 'out.yaml'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /many\.json: Secret "many" would seal to more than 1572864 bytes \(3000 keys\), larger than a Kubernetes object can be/,
    )
    expect(result.stderr).toMatch(/hint: Split the values over several Secrets/)
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false)
    // Just under the bound (2,000 keys, ~1.4 MB sealed) is sealed as before.
    writeFileSync(join(dir, 'fits.json'), JSON.stringify({ ...manifest, stringData: tinyKeys(2000) }))
    const ok = await runCli(['seal', 'fits.json', '--cert', 'cert.pem', '-o', 'out.yaml'], { cwd: dir })
    expect(ok.exitCode).toBe(0)
    const out = parse(readFileSync(join(dir, 'out.yaml'), 'utf8')) as {
      spec: { encryptedData: Record<string, string> }
    }
    expect(Object.keys(out.spec.encryptedData)).toHaveLength(2000)
  }, 60_000)
})

describe('unseal and validate refuse a SealedSecret larger than a cluster stores', () => {
  // One real sealed value under many names: every copy opens, each at the cost of one RSA decryption.
  const value = (sealSecret(secretWith({ v: 'v' }), cert) as { spec: { encryptedData: { v: string } } }).spec
    .encryptedData.v
  const sealedWith = (count: number): string =>
    JSON.stringify({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 's', namespace: 'n' },
      spec: {
        encryptedData: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, value])),
        template: { metadata: { name: 's', namespace: 'n' } },
      },
    })

  it('2,300 values (1.6 MB): exit 2 naming the file and the limit, before any decryption', async () => {
    const dir = scratchDir('unseal-size')
    writeFileSync(join(dir, 'many.json'), sealedWith(2300))
    for (const command of ['unseal', 'validate']) {
      const start = cpuMark()
      const result = await runCli([command, 'many.json', '--key', REAL_KEY_FILE], { cwd: dir })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toMatch(
        /many\.json: spec\.encryptedData holds \d+ characters in 2300 values, more than a Kubernetes object can hold/,
      )
      // Opening 2,300 values takes seconds (~7 ms each for a 4096-bit key); the size check milliseconds.
      expect(cpuMsSince(start)).toBeLessThan(3000)
    }
    // Under the bound, a SealedSecret is read (and opened) as before.
    writeFileSync(join(dir, 'few.json'), sealedWith(3))
    const few = await runCli(['unseal', 'few.json', '--key', REAL_KEY_FILE, '--format', 'json'], { cwd: dir })
    expect(few.exitCode).toBe(0)
    expect(Object.keys((JSON.parse(few.stdout) as { data: object }).data)).toEqual(['k0', 'k1', 'k2'])
  }, 60_000)
})

describe('unseal, validate and reseal spend at most a bounded number of RSA decryptions on one file', () => {
  const value = (sealSecret(secretWith({ v: 'v' }), cert) as { spec: { encryptedData: { v: string } } }).spec
    .encryptedData.v
  // Each SealedSecret is well under the 1.5 MiB object limit; together they need 4,500 decryptions.
  const sealedDocument = (name: string, count: number): string =>
    JSON.stringify({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name, namespace: 'n' },
      spec: { encryptedData: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, value])) },
    })

  it('5 SealedSecrets of 900 values in one file: exit 2 naming the file and what to do, before decrypting', async () => {
    const dir = scratchDir('unseal-budget')
    const text = ['a', 'b', 'c', 'd', 'e'].map((name) => `---\n${sealedDocument(name, 900)}\n`).join('')
    writeFileSync(join(dir, 'many.yaml'), text)
    writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
    for (const args of [['unseal'], ['validate'], ['reseal', '--cert', 'cert.pem']]) {
      const start = cpuMark()
      const result = await runCli([...args, 'many.yaml', '--key', REAL_KEY_FILE], { cwd: dir })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toMatch(
        /many\.yaml: its SealedSecrets hold 4500 sealed values, more than the 4096 gitseal opens from one file/,
      )
      expect(result.stderr).toMatch(/hint: Split the SealedSecrets over several files/)
      // Opening 4,500 values takes 20-30 s on a loaded machine; the count takes milliseconds.
      expect(cpuMsSince(start)).toBeLessThan(5000)
    }
    expect(readFileSync(join(dir, 'many.yaml'), 'utf8')).toBe(text)
  }, 60_000)

  it('counts values, whatever the number of keys: 4,096 pass, 4,097 do not', () => {
    // Four SealedSecrets of 1,024 values, each under the 1.5 MiB object limit, then one value more.
    const views = (extra: number) =>
      [...['a', 'b', 'c', 'd'].map((name) => sealedDocument(name, 1024)), sealedDocument('e', extra)].map(
        (text) => readSealedSecret(JSON.parse(text) as unknown, 'f.yaml'),
      )
    expect(() => checkDecryptionBudget(views(0), 'f.yaml')).not.toThrow()
    expect(() => checkDecryptionBudget(views(1), 'f.yaml')).toThrow(
      expect.objectContaining({
        code: 'E_TOO_LARGE',
        message: expect.stringMatching(/^f\.yaml: .*4097 sealed values/),
      }),
    )
  })

  it('a year of renewed keys (13, the sealing key last) opens 400 values: the key that opened one is tried first', () => {
    // Without that order every value would fail 12 times: 4,800 failed tries, past the file's budget.
    const renewed = Array.from(
      { length: 12 },
      () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
    )
    const stringData = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, `value-${i}`]))
    const sealed = sealSecret(secretWith(stringData), cert)
    const secret = unsealSealedSecret(sealed, [...renewed, REAL_KEY], 'f.yaml')
    expect(secret.data.size).toBe(400)
    expect(Buffer.from(secret.data.get('k399') ?? []).toString()).toBe('value-399')
  }, 60_000)

  it('stops a file after 4,096 failed tries, naming the file (a crafted file of values no key opens)', () => {
    const ring = new FileKeyRing([REAL_KEY], 'crafted.yaml')
    // Framing intact (2-byte length, an RSA part longer than the key's modulus so each try fails
    // without an RSA operation, a tag's worth of body); no key opens it.
    const junk = Uint8Array.from([2, 88, ...new Array<number>(600 + 16).fill(7)])
    const label = labelFor('strict', 'n', 's')
    for (let i = 0; i < MAX_FAILED_DECRYPTIONS_PER_FILE; i++) expect(ring.open(junk, label)).toBe('no-key')
    expect(() => ring.open(junk, label)).toThrow(
      expect.objectContaining({
        code: 'E_TOO_LARGE',
        message: expect.stringMatching(/^crafted\.yaml: more than 4096 tries to open its sealed values/),
      }),
    )
  })
})
