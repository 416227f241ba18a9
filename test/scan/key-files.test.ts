/**
 * Key files in binary form made at test time by the real tools: DER private keys (openssl), binary
 * OpenPGP secret-key exports (gpg), Java keystores (keytool when a JDK is installed; JKS and JCEKS
 * files built byte by byte from the format otherwise, so the walk is tested on every machine).
 * Every key file is found whatever it is called; trust stores, certificates, public keys and
 * parameters are not secrets.
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
const file = (name: string): string => join(dir, name)
const bytes = (name: string): Buffer => readFileSync(file(name))

const findings = (path: string, content: Buffer): string[] =>
  detector.scanFile(path, content).findings.map((finding) => `${finding.ruleId} ${finding.severity}`)

/** keytool on PATH (a JDK is no CI dependency: without it the hand-built keystores stand in). */
const keytool = await run('keytool', ['-help']).then(
  () => true,
  () => false,
)

const openssl = (...args: string[]) => run('openssl', args)

/** DER keys of every openssl form, `count` of each, and the DER that is no private key. */
const derKeys: { name: string; encrypted: boolean }[] = []

async function derOf(i: number): Promise<void> {
  const rsa = file(`rsa-${i}.pem`)
  const ec = file(`ec-${i}.pem`)
  await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', rsa)
  await openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', ec)
  await openssl('genpkey', '-algorithm', 'ed25519', '-outform', 'DER', '-out', file(`ed25519-${i}.der`))
  await openssl('rsa', '-in', rsa, '-traditional', '-outform', 'DER', '-out', file(`pkcs1-${i}.der`))
  await openssl('pkey', '-in', rsa, '-outform', 'DER', '-out', file(`pkcs8-${i}.der`))
  await openssl('ec', '-in', ec, '-outform', 'DER', '-out', file(`sec1-${i}.der`))
  await openssl('pkey', '-in', ec, '-outform', 'DER', '-out', file(`ec-pkcs8-${i}.der`))
  await openssl(
    'pkcs8',
    '-topk8',
    '-in',
    rsa,
    '-outform',
    'DER',
    '-passout',
    'pass:x1',
    '-out',
    file(`enc-${i}.der`),
  )
  for (const name of ['ed25519', 'pkcs1', 'pkcs8', 'sec1', 'ec-pkcs8'])
    derKeys.push({ name: `${name}-${i}.der`, encrypted: false })
  derKeys.push({ name: `enc-${i}.der`, encrypted: true })
}

/** `gpg` in its own home with an empty or set passphrase. */
function gpgIn(home: string, passphrase: string) {
  return (...args: string[]) =>
    run(
      'gpg',
      ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', passphrase, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 1 << 24,
      },
    )
}

const pgpExports: { name: string; content: Buffer }[] = []
let pgpPublic = Buffer.alloc(0)

async function gpgExports(passphrase: string, count: number): Promise<void> {
  const home = mkdtempSync(file('gnupg-'))
  const gpg = gpgIn(home, passphrase)
  try {
    for (let i = 0; i < count; i++) {
      const uid = `gitseal test ${i} <t${i}@example.invalid>`
      await gpg('--quick-gen-key', uid, i % 3 === 2 ? 'rsa2048' : 'ed25519', 'default', 'never')
      const label = `gpg ${passphrase === '' ? 'clear' : 'protected'} #${i}`
      pgpExports.push({ name: label, content: (await gpg('--export-secret-keys', uid)).stdout })
      pgpExports.push({
        name: `${label} subkeys`,
        content: (await gpg('--export-secret-subkeys', uid)).stdout,
      })
      if (i === 0) pgpPublic = (await gpg('--export', uid)).stdout
    }
  } finally {
    await run('gpgconf', ['--homedir', home, '--kill', 'all']).catch(() => undefined)
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-keyfiles-'))
  for (let i = 0; i < 8; i++) await derOf(i)
  const rsa = file('rsa-0.pem')
  await openssl('pkey', '-in', rsa, '-pubout', '-outform', 'DER', '-out', file('spki.der'))
  await openssl('rsa', '-in', rsa, '-RSAPublicKey_out', '-outform', 'DER', '-out', file('rsa-public.der'))
  await openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    rsa,
    '-subj',
    '/CN=t',
    '-days',
    '1',
    '-outform',
    'DER',
    '-out',
    file('cert.der'),
  )
  await openssl('dsaparam', '-outform', 'DER', '-out', file('dsaparam.der'), '1024')
  await openssl('ecparam', '-name', 'prime256v1', '-outform', 'DER', '-out', file('ecparam.der'))
  await gpgExports('', 8)
  await gpgExports('correct horse', 2)
}, 240_000)

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

describe('DER private keys (openssl -outform DER)', () => {
  it('finds PKCS#1, PKCS#8, SEC1 and ed25519 DER keys whatever the file is called; encrypted PKCS#8 one severity lower', () => {
    expect(derKeys.length).toBe(48)
    for (const key of derKeys) {
      const expected = [`private-key-binary ${key.encrypted ? 'medium' : 'high'}`]
      expect(findings(`secrets/${key.name}`, bytes(key.name)), key.name).toEqual(expected)
      expect(findings('src/main/resources/signing', bytes(key.name)), key.name).toEqual(expected)
    }
  })

  it('leaves certificates, public keys, parameters and cut keys alone', () => {
    for (const name of ['cert.der', 'spki.der', 'rsa-public.der', 'dsaparam.der', 'ecparam.der'])
      expect(findings(name, bytes(name)), name).toEqual([])
    const key = bytes('pkcs8-0.der')
    expect(findings('key.der', key.subarray(0, key.length - 1))).toEqual([])
    expect(findings('key.der', Buffer.concat([key, Buffer.from([0])]))).toEqual([])
  })
})

describe('binary OpenPGP secret-key exports (gpg --export-secret-keys)', () => {
  it('finds every export, with or without a passphrase, subkeys alone too', () => {
    expect(pgpExports.length).toBe(20)
    for (const { name, content } of pgpExports) {
      expect(content[0]! & 0x80, name).toBe(0x80) // binary, not armour
      expect(findings('backup/secret.gpg', content), name).toEqual(['private-key-binary high'])
      expect(findings('keyring', content), name).toEqual(['private-key-binary high'])
    }
  })

  it('leaves a public key export and a cut export alone', () => {
    expect(findings('public.gpg', pgpPublic)).toEqual([])
    const content = pgpExports[0]!.content
    expect(findings('secret.gpg', content.subarray(0, content.length - 3))).toEqual([])
  })
})

/** Java's DataOutputStream writeUTF of an ASCII string. */
const utf = (text: string): Buffer => Buffer.concat([u16(text.length), Buffer.from(text, 'latin1')])
const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 255])
const u32 = (n: number): Buffer => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(n)
  return out
}
const date = Buffer.alloc(8, 1)

/**
 * A keystore laid out as sun.security.provider.JavaKeyStore writes it (magic, version 2, entry
 * count, entries, SHA-1 trailer), its key entries holding `encryptedKey` (DER) or a serialized object.
 */
function keystore(magic: number, entries: Buffer[]): Buffer {
  return Buffer.concat([u32(magic), u32(2), u32(entries.length), ...entries, Buffer.alloc(20, 7)])
}
const trusted = (alias: string, cert: Buffer): Buffer =>
  Buffer.concat([u32(2), utf(alias), date, utf('X.509'), u32(cert.length), cert])
const privateKey = (alias: string, encryptedKey: Buffer, cert: Buffer): Buffer =>
  Buffer.concat([
    u32(1),
    utf(alias),
    date,
    u32(encryptedKey.length),
    encryptedKey,
    u32(1),
    utf('X.509'),
    u32(cert.length),
    cert,
  ])
const secretKey = (alias: string): Buffer =>
  Buffer.concat([
    u32(3),
    utf(alias),
    date,
    Buffer.from([0xac, 0xed, 0x00, 0x05, 0x73, 0x72]),
    Buffer.alloc(40, 3),
  ])
const JKS = 0xfeedfeed
const JCEKS = 0xcececece

describe('Java keystores built byte by byte from the JKS/JCEKS format (every machine)', () => {
  it('finds a private key entry (JKS, JCEKS) and a secret key entry (JCEKS), after trusted certificates too', () => {
    const cert = bytes('cert.der')
    const key = bytes('enc-0.der')
    const stores = [
      keystore(JKS, [privateKey('app', key, cert)]),
      keystore(JKS, [trusted('ca', cert), trusted('ca2', cert), privateKey('app', key, cert)]),
      keystore(JCEKS, [privateKey('app', key, cert)]),
      keystore(JCEKS, [trusted('ca', cert), secretKey('hmac')]),
    ]
    for (const [i, store] of stores.entries()) {
      expect(findings(`src/main/resources/keystore-${i}.jks`, store), `store ${i}`).toEqual([
        'java-keystore-file high',
      ])
      expect(findings(`config/server-${i}`, store), `store ${i}`).toEqual(['java-keystore-file high'])
    }
  })

  it('leaves trust stores and keystores that do not parse alone', () => {
    const cert = bytes('cert.der')
    expect(findings('truststore.jks', keystore(JKS, [trusted('ca', cert), trusted('ca2', cert)]))).toEqual([])
    expect(findings('truststore.jceks', keystore(JCEKS, [trusted('ca', cert)]))).toEqual([])
    // A private key entry whose key is not DER, or an unknown entry tag: no keystore.
    const notDer = Buffer.concat([u32(1), utf('app'), date, u32(4), Buffer.from('junk')])
    expect(findings('ks.jks', keystore(JKS, [notDer]))).toEqual([])
    expect(findings('ks.jks', keystore(JKS, [Buffer.concat([u32(9), utf('x'), date])]))).toEqual([])
    // A trusted certificate whose length runs past the end.
    expect(findings('ks.jks', keystore(JKS, [trusted('ca', cert)]).subarray(0, 60))).toEqual([])
  })
})

describe.runIf(keytool)('Java keystores made by keytool (skipped without a JDK)', () => {
  const kt = (...args: string[]) =>
    run('keytool', [...args, '-storepass', 'changeit1', '-keypass', 'changeit1'])

  it('finds JKS and JCEKS keystores with key pairs or secret keys, not trust stores', async () => {
    const made: string[] = []
    for (const type of ['JKS', 'JCEKS']) {
      for (const alg of ['RSA', 'EC']) {
        const store = file(`${alg}.${type}`)
        await kt(
          '-genkeypair',
          '-alias',
          'a',
          '-keyalg',
          alg,
          '-dname',
          'CN=x',
          '-keystore',
          store,
          '-storetype',
          type,
        )
        made.push(store)
      }
    }
    const secret = file('secret.jceks')
    await kt(
      '-genseckey',
      '-alias',
      's',
      '-keyalg',
      'AES',
      '-keysize',
      '256',
      '-keystore',
      secret,
      '-storetype',
      'JCEKS',
    )
    made.push(secret)
    for (const store of made)
      expect(findings('keystore', readFileSync(store)), store).toEqual(['java-keystore-file high'])
    const trust = file('trust.jks')
    await kt(
      '-importcert',
      '-noprompt',
      '-alias',
      'ca',
      '-file',
      file('cert.der'),
      '-keystore',
      trust,
      '-storetype',
      'JKS',
    )
    expect(findings('truststore.jks', readFileSync(trust))).toEqual([])
  }, 120_000)
})

describe('Java trust stores as a Secret value (held-out-26: k8ssandra test Secrets)', () => {
  const secret = (store: Buffer): Buffer =>
    Buffer.from(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: stores\ndata:\n  truststore.jks: ${store.toString('base64')}\n`,
    )
  it('leaves a base64 trust store (trusted certificates only) alone, and still reports a keystore with a key', () => {
    const cert = bytes('cert.der')
    const key = bytes('enc-0.der')
    expect(findings('trust.yaml', secret(keystore(JKS, [trusted('ca', cert)])))).toEqual([])
    expect(
      findings('trust.yaml', secret(keystore(JCEKS, [trusted('ca', cert), trusted('ca2', cert)]))),
    ).toEqual([])
    expect(
      findings('keys.yaml', secret(keystore(JKS, [trusted('ca', cert), privateKey('app', key, cert)]))),
    ).toEqual(['k8s-secret-plaintext high'])
    // Cut short or with bytes after its digest, it is not a trust store: judged as any value is.
    const cut = keystore(JKS, [trusted('ca', cert)]).subarray(0, 200)
    expect(findings('cut.yaml', secret(cut))).toEqual(['k8s-secret-plaintext high'])
  })
})
