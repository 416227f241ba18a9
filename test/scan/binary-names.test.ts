/**
 * A file is read before it is called binary: a name with a binary format's extension (`.dat`,
 * `.bin`, `.png`, `.doc`) no longer skips it unread. `secret.dat` holding a plaintext Secret and
 * `id_rsa.bin` holding a private key passed the gate (exit 0, "skipped: binary"); so did a key
 * behind a PNG signature and NUL bytes, and a .env appended to a PNG. Real binaries without a key
 * block or a token's start are still skipped.
 */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { runJob } from '../../src/scan/workers/scan-job.js'
import { githubToken } from './rules/tokens.js'

const detector = createDetector()
const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: Zq8XvL2pRt7NmW4k\n'
// PEM from the encodings, not an export of the KeyObject (a Node 20 deadlock, real-keys.test.ts).
const KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey
const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

const rules = (path: string, content: Uint8Array): string[] =>
  runJob(detector, { path, content }).findings.map((finding) => finding.ruleId)

describe('files named as binary formats', () => {
  it.each(['secret.dat', 'secret.bin', 'secret.doc', 'secret.db', 'secret.png'])(
    'a plaintext Secret named %s is scanned',
    (name) => {
      expect(rules(name, Buffer.from(SECRET))).toContain('k8s-secret-plaintext')
    },
  )

  it('a private key named id_rsa.bin, or behind a PNG signature and NUL bytes, is found', () => {
    expect(rules('id_rsa.bin', Buffer.from(KEY))).toContain('private-key-rsa')
    const hidden = Buffer.concat([PNG_HEAD, Buffer.alloc(64), Buffer.from(`\n${KEY}`), Buffer.alloc(64)])
    expect(rules('logo.png', hidden)).toContain('private-key-rsa')
  })

  it("a token behind a binary format's magic number is found: a .env appended to a PNG, an SQLite database, a tar (red team 24)", () => {
    const aws = `AWS_ACCESS_KEY_ID=${'AK' + 'IA'}QWERTYUIOPASDFGH\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzTRU3KEY19\n`
    const github = `token: ${githubToken('ghp')}\n`
    const behind = (head: Buffer, text: string): Buffer =>
      Buffer.concat([head, Buffer.alloc(256), Buffer.from(text), Buffer.alloc(64)])
    expect(rules('logo.png', behind(PNG_HEAD, aws))).toContain('aws-secret-access-key')
    expect(rules('app.db', behind(Buffer.from('SQLite format 3\u0000', 'latin1'), aws))).toContain(
      'aws-secret-access-key',
    )
    expect(rules('doc.pdf', behind(Buffer.from('%PDF-1.7\n', 'latin1'), github))).toContain('github-pat')
    expect(rules('photo.jpg', behind(Buffer.from('ffd8ffe0', 'hex'), github))).toContain('github-pat')
  })

  it('a binary whose bytes agree with its name, holding no key block, is skipped unscanned', () => {
    const image = Buffer.concat([PNG_HEAD, Buffer.alloc(4096, 0x00), Buffer.from('IDATx\u0001\u00ff')])
    expect(runJob(detector, { path: 'logo.png', content: image })).toMatchObject({
      findings: [],
      skipped: 'binary',
    })
  })
})
