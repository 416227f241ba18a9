/**
 * Jenkins' encrypted secrets (`{AQAAAB…}`) are ciphertext: read by their payload's structure. The
 * payloads are made here as Jenkins makes them (version byte, IV and data lengths, a random IV and
 * AES-CBC ciphertext of the value under a random key), so no value is copied from anywhere.
 */
import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { isJenkinsSecret } from '../../src/scan/jenkins-secret.js'
import { isPlaceholder } from '../../src/scan/placeholder.js'

/** The payload Jenkins writes for `plain`, before base64 and braces. */
function payload(plain: string): Buffer {
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-128-cbc', randomBytes(16), iv)
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  const header = Buffer.alloc(9)
  header[0] = 1
  header.writeUInt32BE(iv.length, 1)
  header.writeUInt32BE(data.length, 5)
  return Buffer.concat([header, iv, data])
}

const wrap = (bytes: Buffer): string => `{${bytes.toString('base64')}}`
const plain = (n: number): string => randomBytes(n).toString('base64url').slice(0, n)

describe('Jenkins encrypted secrets', () => {
  it('every payload Jenkins would write is ciphertext, whatever the value’s length', () => {
    for (let n = 1; n <= 80; n++) {
      const value = wrap(payload(plain(n)))
      expect(isJenkinsSecret(value), value.slice(0, 16)).toBe(true)
      expect(isPlaceholder(value)).toBe(true)
    }
  })

  it('a payload whose version, lengths or padding disagree is not', () => {
    const good = payload('s3cr3t-value')
    const bad = [
      Buffer.concat([Buffer.from([2]), good.subarray(1)]), // another version
      Buffer.concat([good.subarray(0, 8), Buffer.from([32]), good.subarray(9)]), // data length says 32
      good.subarray(0, good.length - 1), // cut short
      Buffer.concat([good, Buffer.alloc(16)]), // a block more than the header says
      randomBytes(good.length), // random bytes of the same length
    ]
    for (const bytes of bad) expect(isJenkinsSecret(wrap(bytes))).toBe(false)
    expect(isJenkinsSecret(good.toString('base64'))).toBe(false) // no braces
    expect(isJenkinsSecret(`{${good.toString('base64').replace(/=+$/, '')}}`)).toBe(false) // unpadded
  })

  it('is not reported under a password name; a random value in the same braces is', () => {
    const detector = createDetector()
    const scan = (value: string): string[] =>
      detector
        .scanFile('jenkins.yaml', `credentials:\n  - usernamePassword:\n      password: "${value}"\n`)
        .findings.map((f) => f.ruleId)
    for (let i = 0; i < 20; i++) expect(scan(wrap(payload(plain(12 + i))))).toEqual([])
    expect(scan(wrap(randomBytes(41)))).toEqual(['generic-password'])
  })
})
