/**
 * A DSA key's private blob in a PuTTY file is one mpint x of 20 or 21 bytes, but one DSA key in 256
 * has an x opening with a zero byte, and its blob is shorter (a clean-clone CI missed such a key made
 * by puttygen in every base64 wrapper). Keys with an x of 19 and 18 bytes are built here from real
 * DSA parameters and written as PuTTY files by the real puttygen.
 */
import { execFile } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()
let dir = ''

/** The INTEGERs of a DER structure, in order, descending into SEQUENCEs and OCTET STRINGs. */
function integers(der: Buffer): bigint[] {
  const found: bigint[] = []
  const walk = (from: number, to: number): void => {
    let at = from
    while (at < to) {
      const tag = der[at]!
      let length = der[at + 1]!
      let header = 2
      if (length & 0x80) {
        const octets = length & 0x7f
        length = Number(BigInt(`0x${der.subarray(at + 2, at + 2 + octets).toString('hex')}`))
        header += octets
      }
      const start = at + header
      if (tag === 0x02) found.push(BigInt(`0x${der.subarray(start, start + length).toString('hex') || '0'}`))
      if (tag === 0x30 || tag === 0x04) walk(start, start + length)
      at = start + length
    }
  }
  walk(0, der.length)
  return found
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
  }
  return result
}

const derLength = (n: number): Buffer =>
  n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
function derInteger(value: bigint): Buffer {
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  let bytes = Buffer.from(hex, 'hex')
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes])
}
const derSequence = (...items: Buffer[]): Buffer => {
  const body = Buffer.concat(items)
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body])
}

/** A PuTTY file for a DSA key whose x is `bytes` long (top byte 0x01..0x7f: no sign padding). */
async function puttyDsaKey(bytes: number): Promise<string> {
  const { privateKey } = generateKeyPairSync('dsa', {
    modulusLength: 1024,
    divisorLength: 160,
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  })
  const [, p = 0n, q = 0n, g = 0n] = integers(privateKey)
  const raw = randomBytes(bytes)
  raw[0] = 1 + (raw[0]! % 0x7f)
  const x = BigInt(`0x${raw.toString('hex')}`)
  expect(x < q).toBe(true)
  const der = derSequence(
    derInteger(0n),
    derInteger(p),
    derInteger(q),
    derInteger(g),
    derInteger(modPow(g, x, p)),
    derInteger(x),
  )
  const pem = `-----BEGIN DSA PRIVATE KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END DSA PRIVATE KEY-----\n`
  const input = join(dir, `dsa-${bytes}.pem`)
  const output = join(dir, `dsa-${bytes}.ppk`)
  writeFileSync(input, pem, { mode: 0o600 })
  await run('puttygen', [input, '-O', 'private', '--new-passphrase', join(dir, 'empty.txt'), '-o', output])
  return readFileSync(output, 'utf8')
}

const keys: [number, string][] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-putty-dsa-'))
  writeFileSync(join(dir, 'empty.txt'), '')
  for (const bytes of [19, 18]) keys.push([bytes, await puttyDsaKey(bytes)])
}, 120_000)

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

describe('PuTTY DSA keys whose x opens with zero bytes', () => {
  it('holds the short private blob puttygen wrote', () => {
    for (const [bytes, text] of keys) {
      const blob = /Private-Lines: 1\n(\S+)\n/.exec(text)?.[1] ?? ''
      expect(Buffer.from(blob, 'base64').length, text).toBe(4 + bytes)
    }
  })

  it('is found bare and in every base64 wrapper', () => {
    for (const [bytes, text] of keys) {
      const b64 = Buffer.from(text).toString('base64')
      const wrapped = b64.replace(/(.{76})/g, '$1\n').trimEnd()
      const files: [string, string][] = [
        ['keys/id_dsa.ppk', text],
        ['chart/values-base64.yaml', `secrets:\n  payload: ${b64}\n`],
        ['keys/deploy-key.b64', `${wrapped}\n`],
        ['chart/values-wrapped.yaml', `ssh:\n  deployKey: |\n    ${wrapped.replace(/\n/g, '\n    ')}\n`],
        ['deploy/app.env', `KEY_FILE=${Buffer.from(text).toString('base64url')}\n`],
      ]
      for (const [path, content] of files) {
        const found = detector.scanFile(path, content).findings.length
        expect(found, `x of ${bytes} bytes in ${path}`).toBeGreaterThan(0)
      }
    }
  })
})
