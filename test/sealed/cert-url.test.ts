/**
 * Certificates from http(s) URLs, against a real local HTTP(S) server on loopback: the controller's
 * /v1/cert.pem, errors (404, HTML, too large, no answer) and TLS verification of a self-signed server.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'
import { loadCert } from '../../src/sealed/cert-source.js'
import { generateControllerKey } from '../../src/sealed/keygen.js'
import { BIN, runCli } from '../support/cli.js'
import { REAL_CERT_PEM, opensslSelfSigned } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'
import { join } from 'node:path'

let server: Server
let base = ''
const hanging: ServerResponse[] = []

function handler(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/v1/cert.pem') {
    res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(REAL_CERT_PEM)
  } else if (req.url === '/html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>login</body></html>')
  } else if (req.url === '/big') {
    res.writeHead(200).end('x'.repeat(200_000))
  } else if (req.url === '/endless') {
    // Chunked, no content-length: only the reader's own count can stop it.
    res.writeHead(200)
    const chunk = 'x'.repeat(16 * 1024)
    const more = (): void => {
      while (!res.destroyed && res.write(chunk));
    }
    res.on('drain', more)
    more()
  } else if (req.url === '/slow') {
    hanging.push(res) // never answers
  } else res.writeHead(404).end('not found')
}

beforeAll(async () => {
  server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const res of hanging) res.destroy()
  await new Promise((resolve) => server.close(resolve))
})

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'none'
  } catch (error) {
    return isGitsealError(error) ? `${error.code}: ${error.message}` : `other: ${String(error)}`
  }
}

describe('certificates from URLs (local loopback server)', () => {
  it('fetches the controller /v1/cert.pem', async () => {
    const cert = await loadCert(`${base}/v1/cert.pem`, { baseDir: '/' })
    expect(cert.keyBits).toBe(4096)
    expect(cert.source).toBe(`${base}/v1/cert.pem`)
  })

  it('404, HTML page, oversized or endless body (exit-2 input error), no answer, aborted: each a clear GitsealError', async () => {
    expect(await codeOf(loadCert(`${base}/missing`, { baseDir: '/' }))).toMatch(/^E_CERT_FETCH: .*HTTP 404/)
    expect(await codeOf(loadCert(`${base}/html`, { baseDir: '/' }))).toMatch(
      /^E_BAD_CERT: .*no PEM certificate/,
    )
    expect(await codeOf(loadCert(`${base}/big`, { baseDir: '/' }))).toMatch(/^E_TOO_LARGE: .*larger than/)
    expect(await codeOf(loadCert(`${base}/endless`, { baseDir: '/' }))).toMatch(
      /^E_TOO_LARGE: .*larger than 65536 bytes; stopped reading/,
    )
    expect(await codeOf(loadCert(`${base}/slow`, { baseDir: '/', timeoutMs: 300 }))).toMatch(
      /^E_CERT_FETCH: .*no answer within 300 ms/,
    )
    const controller = new AbortController()
    const pending = loadCert(`${base}/slow`, { baseDir: '/', signal: controller.signal })
    controller.abort()
    expect(await codeOf(pending)).toMatch(/^E_ABORTED/)
    expect(await codeOf(loadCert('http://127.0.0.1:1/cert.pem', { baseDir: '/' }))).toMatch(/^E_CERT_FETCH/)
  })

  it('refuses a URL holding a password without ever printing it (fetch quoted the URL whole)', async () => {
    const dir = scratchDir('cert-url-credentials')
    const url = `${base.replace('http://', 'http://admin:Zx9vQ2mLp4RtW8sKj3Hn@')}/v1/cert.pem`
    await expect(loadCert(url, { baseDir: dir })).rejects.toMatchObject({ code: 'E_USAGE' })
    const result = await runCli(['cert', 'info', url], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /the certificate URL http:\/\/\*\*\*@127\.0\.0\.1:\d+\/v1\/cert\.pem holds a user name or password/,
    )
    expect(result.stderr + result.stdout).not.toMatch(/Zx9v|admin/)
  })

  it('verifies TLS: a self-signed https server is refused', async () => {
    const key = await generateControllerKey({ bits: 2048, commonName: '127.0.0.1' })
    const https = createHttpsServer({ key: key.keyPem, cert: key.certPem }, (_req, res) =>
      res.end(REAL_CERT_PEM),
    )
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve))
    try {
      const url = `https://127.0.0.1:${(https.address() as AddressInfo).port}/v1/cert.pem`
      expect(await codeOf(loadCert(url, { baseDir: '/' }))).toMatch(/^E_CERT_FETCH/)
    } finally {
      https.closeAllConnections()
      await new Promise((resolve) => https.close(resolve))
    }
  })

  it('an https URL redirected to plain http is refused (a man in the middle would choose the cert)', async () => {
    const dir = scratchDir('cert')
    // A server trusted through NODE_EXTRA_CA_CERTS, as a real one through the system's CAs.
    const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'ca.pem')]
    opensslSelfSigned({
      keyFile,
      certFile,
      days: 1,
      subject: '/CN=127.0.0.1',
      extra: ['-addext', 'subjectAltName=IP:127.0.0.1'],
    })
    const tls = { key: readFileSync(keyFile), cert: readFileSync(certFile) }
    const https = createHttpsServer(tls, (req, res) => {
      if (req.url === '/down') res.writeHead(302, { location: `${base}/v1/cert.pem` }).end()
      else if (req.url === '/up') res.writeHead(302, { location: '/v1/cert.pem' }).end()
      else res.writeHead(200).end(REAL_CERT_PEM)
    })
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve))
    const origin = `https://127.0.0.1:${(https.address() as AddressInfo).port}`
    const info = (path: string) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), NO_COLOR: '1' }
        execFile(
          process.execPath,
          [BIN, 'cert', 'info', `${origin}${path}`],
          { env },
          (error, _out, stderr) =>
            resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
        )
      })
    try {
      expect(await info('/up')).toEqual({ code: 0, stderr: '' })
      const down = await info('/down')
      expect(down.code).toBe(4)
      expect(down.stderr).toMatch(/\/down: redirected to a plain http:\/\/ address/)
    } finally {
      https.closeAllConnections()
      await new Promise((resolve) => https.close(resolve))
    }
  }, 60_000)

  it('CLI: seal --cert URL, cert fetch -o, cert info --json; a timeout is exit 4 with no output file', async () => {
    const dir = scratchDir('cert')
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n'
    const sealed = await runCli(['seal', '--cert', `${base}/v1/cert.pem`], { cwd: dir, stdin: secret })
    expect(sealed.exitCode).toBe(0)
    const slow = await runCli(['seal', '--cert', `${base}/slow`, '--cert-timeout', '200', '-o', 'x.yaml'], {
      cwd: dir,
      stdin: secret,
    })
    expect(slow.exitCode).toBe(4)
    expect(slow.stderr).toContain('no answer within 200 ms')
    const fetched = await runCli(['cert', 'fetch', '--cert', `${base}/v1/cert.pem`, '-o', 'prod.pem'], {
      cwd: dir,
    })
    expect(fetched.exitCode).toBe(0)
    const info = await runCli(['cert', 'info', 'prod.pem', '--json'], { cwd: dir })
    expect(JSON.parse(info.stdout)).toMatchObject({
      subject: '',
      keyBits: 4096,
      sha256: 'bb0956ae2d0571a6fdc7f39f85f7435e11258ef047f061b50a7c44b0a13b2e2e',
      notAfter: '2031-01-23T12:25:35.000Z',
    })
    expect(JSON.parse(info.stdout).publicKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    const text = await runCli(['cert', 'info', `${base}/v1/cert.pem`], { cwd: dir })
    expect(text.stdout).toContain('RSA 4096 bits')
  })
})
