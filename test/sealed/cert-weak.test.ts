/**
 * A certificate's key is whatever its author chose: gitseal seals only for RSA keys of 2048+ bits
 * with a sane public exponent and a modulus nobody can factor at a glance, and checks the validity
 * period. Keys are made at test time by openssl where it can (e=3, e=65539, 1024 bits); what
 * openssl refuses to make (e=1, even e, prime or smooth moduli) is crafted with node-forge.
 */
import { execFileSync } from 'node:child_process'
import {
  checkPrimeSync,
  createPublicKey,
  generateKeyPairSync,
  generatePrimeSync,
  randomBytes,
} from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'
import { afterAll, describe, expect, it } from 'vitest'
import { checkCert, parseCert } from '../../src/sealed/cert.js'
import { runCli } from '../support/cli.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const dir = mkdtempSync(join(tmpdir(), 'gitseal-certs-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A self-signed certificate for a fresh openssl key: `bits` and public exponent `exponent`. */
function opensslCert(name: string, bits: number, exponent: number): string {
  const key = join(dir, `${name}.key`)
  const cert = join(dir, `${name}.pem`)
  execFileSync(
    'openssl',
    [
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      `rsa_keygen_bits:${bits}`,
      '-pkeyopt',
      `rsa_keygen_pubexp:${exponent}`,
      '-out',
      key,
    ],
    { stdio: 'ignore' },
  )
  execFileSync('openssl', [
    'req',
    '-new',
    '-x509',
    '-key',
    key,
    '-subj',
    '/CN=test',
    '-days',
    '30',
    '-out',
    cert,
  ])
  return readFileSync(cert, 'utf8')
}

/** A self-signed certificate for a fresh openssl key, valid from `start` to `end` (GeneralizedTime, as `openssl ca` takes them). */
function opensslDatedCert(name: string, start: string, end: string): string {
  const ca = join(dir, `${name}-ca`)
  mkdirSync(join(ca, 'new'), { recursive: true })
  writeFileSync(join(ca, 'index.txt'), '')
  writeFileSync(join(ca, 'serial'), '01\n')
  const config = `[ca]\ndefault_ca=d\n[d]\ndir=${ca}\ndatabase=$dir/index.txt\nnew_certs_dir=$dir/new\nserial=$dir/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`
  writeFileSync(join(ca, 'ca.cnf'), config)
  const key = join(ca, 'key.pem')
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key], {
    stdio: 'ignore',
  })
  execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=test', '-out', join(ca, 'req.csr')])
  const cert = join(ca, 'cert.pem')
  const args = [
    '-batch',
    '-config',
    join(ca, 'ca.cnf'),
    '-selfsign',
    '-keyfile',
    key,
    '-in',
    join(ca, 'req.csr'),
  ]
  execFileSync('openssl', ['ca', ...args, '-startdate', start, '-enddate', end, '-out', cert], {
    stdio: 'ignore',
  })
  return readFileSync(cert, 'utf8')
}

// PEM from generateKeyPairSync's encodings, not an export of its KeyObject (a Node 20 deadlock).
const signerKey = forge.pki.privateKeyFromPem(
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey,
)

/** A certificate whose public key is exactly (n, e), signed by another key; dates default to now..+30 days. */
function craftedCert(n: bigint, e: bigint, notBefore = new Date(), notAfter?: Date): string {
  const cert = forge.pki.createCertificate()
  const big = (value: bigint): forge.jsbn.BigInteger => new forge.jsbn.BigInteger(value.toString(16), 16)
  cert.publicKey = forge.pki.setRsaPublicKey(big(n), big(e))
  cert.serialNumber = '01'
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter ?? new Date(notBefore.getTime() + 30 * 86_400_000)
  cert.setSubject([{ name: 'commonName', value: 'crafted' }])
  cert.setIssuer([{ name: 'commonName', value: 'crafted' }])
  cert.sign(signerKey, forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

/** The error `fn` throws (undefined when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}

function modulusOf(pem: string): bigint {
  const jwk = parseCert(pem, 'x').publicKey.export({ format: 'jwk' })
  return BigInt(`0x${Buffer.from(jwk.n ?? '', 'base64url').toString('hex')}`)
}

const good = opensslCert('good', 2048, 65537)
const goodModulus = modulusOf(good)

describe('sealing certificates: key checks', () => {
  it('refuses a crafted 60,000-bit key at once: OpenSSL cannot encrypt for it, and judging it took 200 s', () => {
    // Odd, top bit set: what the modulus holds does not matter, its size is checked first.
    const n = BigInt(`0x${randomBytes(7500).toString('hex')}`) | (1n << 59_999n) | 1n
    const pem = craftedCert(n, 65537n)
    const start = cpuMark()
    expect(thrown(() => parseCert(pem, 'huge.pem'))).toMatchObject({
      code: 'E_BAD_CERT',
      file: 'huge.pem',
      message: expect.stringMatching(/huge\.pem: its RSA key of 60000 bits is larger than 16384 bits/),
    })
    expect(cpuMsSince(start)).toBeLessThan(2000)
  })

  it('accepts openssl keys of 2048 bits with e=65537 and with another odd e > 2^16', () => {
    expect(parseCert(good, 'good.pem').keyBits).toBe(2048)
    expect(parseCert(opensslCert('e65539', 2048, 65539), 'e65539.pem').keyBits).toBe(2048)
  })

  it.each([
    ['openssl e=3', () => opensslCert('e3', 2048, 3), /public exponent 3 is too small/],
    ['openssl 1024 bits', () => opensslCert('small', 1024, 65537), /1024 bits is too weak/],
    ['crafted e=1', () => craftedCert(goodModulus, 1n), /public exponent 1 is too small/],
    ['crafted even e', () => craftedCert(goodModulus, 65538n), /public exponent 65538 is even/],
    ['crafted even e > 2^16', () => craftedCert(goodModulus, 65540n), /is even/],
    [
      'crafted prime modulus',
      () => craftedCert(generatePrimeSync(2048, { bigint: true }), 65537n),
      /modulus is a prime number/,
    ],
    [
      'crafted modulus with a small factor',
      () => {
        const p = generatePrimeSync(2040, { bigint: true })
        return craftedCert(p * 12_289n, 65537n)
      },
      /small factor 12289/,
    ],
    [
      'crafted modulus p² (factored by a square root)',
      () => {
        const p = generatePrimeSync(1025, { bigint: true })
        return craftedCert(p * p, 65537n)
      },
      /modulus factors at once/,
    ],
    [
      'crafted modulus p³ (factored by a cube root, red team 21 R8)',
      () => craftedCert(generatePrimeSync(700, { bigint: true }) ** 3n, 65537n),
      /modulus is a prime to the power 3/,
    ],
    [
      'crafted modulus p⁷',
      () => craftedCert(generatePrimeSync(300, { bigint: true }) ** 7n, 65537n),
      /modulus is a prime to the power 7/,
    ],
    [
      'crafted modulus of two close primes (Fermat)',
      () => {
        const p = generatePrimeSync(1025, { bigint: true })
        let q = p + 2n
        while (!checkPrimeSync(q)) q += 2n
        return craftedCert(p * q, 65537n)
      },
      /modulus factors at once/,
    ],
  ])('refuses %s with E_CERT_WEAK', (_name, make, message) => {
    const pem = make()
    expect(() => parseCert(pem, 'weak.pem')).toThrow(message)
    expect(thrown(() => parseCert(pem, 'weak.pem'))).toMatchObject({ code: 'E_CERT_WEAK', file: 'weak.pem' })
  })

  it('seal and cert info refuse an exponent-1 certificate: exit 3, no output', async () => {
    const work = mkdtempSync(join(tmpdir(), 'gitseal-certs-cli-'))
    try {
      writeFileSync(join(work, 'e1.pem'), craftedCert(goodModulus, 1n))
      writeFileSync(
        join(work, 's.yaml'),
        'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData: {password: hunter2}\n',
      )
      const seal = await runCli(['seal', 's.yaml', '--cert', 'e1.pem'], { cwd: work })
      expect(seal.exitCode).toBe(3)
      expect(seal.stdout).toBe('')
      expect(seal.stderr).toContain('e1.pem: the certificate')
      expect(seal.stderr).not.toContain('hunter2')
      const info = await runCli(['cert', 'info', '--cert', 'e1.pem'], { cwd: work })
      expect(info.exitCode).toBe(3)
      expect(info.stderr).toMatch(/public exponent 1/)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })
})

describe('sealing certificates: validity period', () => {
  const cert = parseCert(good, 'good.pem')
  const day = 86_400_000

  it('refuses a certificate valid only from more than a day ahead, unless allowed', () => {
    const now = new Date(cert.notBefore.getTime() - 2 * day)
    expect(() => checkCert(cert, { now })).toThrow(/good\.pem: the certificate is not valid before/)
    expect(thrown(() => checkCert(cert, { now }))).toMatchObject({ code: 'E_CERT_NOT_YET_VALID' })
    expect(checkCert(cert, { now, allowExpired: true }).join('\n')).toMatch(/not valid before/)
  })

  it('warns for a certificate valid from a few hours ahead (clock skew)', () => {
    const now = new Date(cert.notBefore.getTime() - 3_600_000)
    expect(checkCert(cert, { now }).join('\n')).toMatch(/not valid before .* clock behind/)
  })

  it('refuses an expired certificate with E_CERT_EXPIRED and a hint', () => {
    const now = new Date(cert.notAfter.getTime() + day)
    expect(() => checkCert(cert, { now })).toThrow(/expired on/)
  })

  it('reads a year under 100 as written: a certificate that expired in the year 49 is expired, not valid to 2049', () => {
    const ancient = parseCert(
      opensslDatedCert('ancient', '00010101000000Z', '00490601000000Z'),
      'ancient.pem',
    )
    expect(ancient.notBefore.toISOString()).toBe('0001-01-01T00:00:00.000Z')
    expect(ancient.notAfter.toISOString()).toBe('0049-06-01T00:00:00.000Z')
    expect(thrown(() => checkCert(ancient))).toMatchObject({ code: 'E_CERT_EXPIRED' })
    expect(() => checkCert(ancient)).toThrow(/expired on 0049-06-01/)
  })

  it('seal refuses a certificate made for next year: exit 3 and a clear message', async () => {
    const work = mkdtempSync(join(tmpdir(), 'gitseal-certs-cli-'))
    try {
      // As PEM, read back: a JWK export of generateKeyPairSync's own KeyObject can deadlock Node 20
      // (real-keys.test.ts, jwkOf).
      const { publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      })
      const jwk = createPublicKey(publicKey).export({ format: 'jwk' })
      const n = BigInt(`0x${Buffer.from(jwk.n ?? '', 'base64url').toString('hex')}`)
      writeFileSync(join(work, 'future.pem'), craftedCert(n, 65537n, new Date(Date.now() + 365 * day)))
      writeFileSync(
        join(work, 's.yaml'),
        'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData: {password: hunter2}\n',
      )
      const seal = await runCli(['seal', 's.yaml', '--cert', 'future.pem'], { cwd: work })
      expect(seal.exitCode).toBe(3)
      expect(seal.stderr).toMatch(/future\.pem: the certificate is not valid before \d{4}-/)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })
})
