import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { generateControllerKey } from '../../src/sealed/keygen.js'
import { checkCert, parseCert } from '../../src/sealed/cert.js'
import { isGitsealError } from '../../src/core/errors.js'
import { controllerOpen, labelFor, REAL_CERT_PEM } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'

const code = (fn: () => unknown): string => {
  try {
    fn()
    return 'none'
  } catch (error) {
    return isGitsealError(error) ? error.code : String(error)
  }
}

describe('keygen', () => {
  it("writes the controller's certificate profile (checked with openssl) and a usable key Secret", async () => {
    const dir = scratchDir('keygen')
    const result = await runCli(['keygen', '--out', 'keys', '--bits', '2048'], { cwd: dir })
    expect(result.stderr).toContain('wrote')
    expect(result.exitCode).toBe(0)
    expect(statSync(join(dir, 'keys/tls.key')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'keys/sealed-secrets-key.yaml')).mode & 0o777).toBe(0o600)
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'keys/tls.crt'), '-noout', '-text'], {
      encoding: 'utf8',
    })
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption')
    expect(text).toMatch(/Subject: *\n/)
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Encipher Only/)
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/)
    expect(text).toContain('Subject Key Identifier')
    const cert = parseCert(readFileSync(join(dir, 'keys/tls.crt')), 'tls.crt')
    expect(cert.keyBits).toBe(2048)
    expect(Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / 86_400_000)).toBe(3650)

    // seal with the cert, unseal with the Secret manifest
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n'
    const sealed = await runCli(['seal', '--cert', 'keys/tls.crt', '-o', 'a.yaml'], {
      cwd: dir,
      stdin: secret,
    })
    expect(sealed.exitCode).toBe(0)
    const opened = await runCli(
      ['unseal', 'a.yaml', '--key', 'keys/sealed-secrets-key.yaml', '--format', 'json'],
      {
        cwd: dir,
      },
    )
    expect(JSON.parse(opened.stdout).data).toEqual({ k: Buffer.from('v').toString('base64') })

    const again = await runCli(['keygen', '--out', 'keys', '--bits', '2048'], { cwd: dir })
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('already exists')
  })

  it('refuses to write inside a git work tree unless --force', async () => {
    const dir = scratchDir('keygen')
    mkdirSync(join(dir, '.git'))
    const refused = await runCli(['keygen', '--out', 'sub/keys', '--bits', '2048'], { cwd: dir })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('inside the git work tree')
    expect(existsSync(join(dir, 'sub/keys/tls.key'))).toBe(false)
    const forced = await runCli(['keygen', '--out', 'sub/keys', '--bits', '2048', '--force'], { cwd: dir })
    expect(forced.exitCode).toBe(0)
  })

  it('certificate checks: expired (E_CERT_EXPIRED unless allowed), expiring soon warns, weak key, pin', async () => {
    const expired = await generateControllerKey({
      bits: 2048,
      validDays: 10,
      now: new Date('2020-01-01T00:00:00Z'),
    })
    const cert = parseCert(expired.certPem, 'old.pem')
    expect(code(() => checkCert(cert))).toBe('E_CERT_EXPIRED')
    expect(checkCert(cert, { allowExpired: true })[0]).toContain('expired on 2020-01-11')
    expect(checkCert(cert, { now: new Date('2020-01-05T00:00:00Z') })[0]).toContain('expires on 2020-01-11')
    expect(
      checkCert(cert, { now: new Date('2020-01-02T00:00:00Z'), sha256: cert.sha256.toUpperCase() }),
    ).toHaveLength(1)
    expect(code(() => checkCert(cert, { now: new Date('2020-01-02T00:00:00Z'), sha256: '00' }))).toBe(
      'E_BAD_CERT',
    )
    expect(new X509Certificate(expired.certPem).ca).toBe(false) // as OpenSSL reports for the controller's certs

    const weak = await generateControllerKey({ bits: 1024 })
    expect(code(() => parseCert(weak.certPem, 'weak.pem'))).toBe('E_CERT_WEAK')

    const fresh = await generateControllerKey({ bits: 2048 })
    const { sealRaw } = await import('../../src/sealed/build.js')
    const value = sealRaw(new TextEncoder().encode('x'), parseCert(fresh.certPem, 'c'), {
      scope: 'namespace-wide',
      namespace: 'n',
    })
    expect(controllerOpen(value, fresh.privateKey, labelFor('namespace-wide', 'n', '')).toString()).toBe('x')
  })
})

describe('certificate fingerprints', () => {
  it('the public-key fingerprint is the one ssh-keygen prints (OpenSSH SHA256, as the controller logs it)', () => {
    const dir = scratchDir('fp')
    const cert = parseCert(REAL_CERT_PEM, 'cert.pem')
    writeFileSync(join(dir, 'pub.pem'), cert.publicKey.export({ type: 'spki', format: 'pem' }))
    const ssh = execFileSync('ssh-keygen', ['-i', '-m', 'PKCS8', '-f', join(dir, 'pub.pem')], {
      encoding: 'utf8',
    })
    writeFileSync(join(dir, 'pub.ssh'), ssh)
    const line = execFileSync('ssh-keygen', ['-lf', join(dir, 'pub.ssh')], { encoding: 'utf8' })
    expect(line.split(' ')[1]).toBe(cert.keyFingerprint)
  })
})
