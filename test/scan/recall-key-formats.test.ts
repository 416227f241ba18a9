/**
 * Key formats held-out-27 found missing, made at test time: Talos' Ed25519 keys (`openssl genpkey`
 * relabelled as Talos labels them, bare and as a talosconfig's base64 `key:`), base64 JWK sets as
 * every JSON writer indents them (Node's JWK export), and Stellar secret seeds (a random seed with
 * its version byte and CRC16). Each must be found; each near miss (a public key, a bad checksum, an
 * X25519 key under the Ed25519 label) must not.
 */
import { execFile } from 'node:child_process'
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()
const ids = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
const b64 = (text: string): string => Buffer.from(text).toString('base64')

const talosKeys: string[] = []
const x25519Keys: string[] = []
const LABEL = 'ED25519 PRIVATE KEY'

beforeAll(async () => {
  const genpkey = async (algorithm: string): Promise<string> =>
    (await run('openssl', ['genpkey', '-algorithm', algorithm])).stdout.replaceAll('PRIVATE KEY', LABEL)
  for (let i = 0; i < 24; i++) talosKeys.push(await genpkey('ed25519'))
  for (let i = 0; i < 4; i++) x25519Keys.push(await genpkey('x25519'))
}, 60_000)

describe("Ed25519 keys under Talos' `ED25519 PRIVATE KEY` label", () => {
  it('are found bare, in a secrets bundle and as a talosconfig base64 `key:`', () => {
    expect(talosKeys.length).toBe(24)
    const missed = talosKeys.filter(
      (key) =>
        !ids('os.key', key).includes('private-key-ed25519') ||
        !ids('secrets.yaml', `certs:\n  os:\n    key: ${b64(key)}\n`).includes('private-key-base64') ||
        !ids('talosconfig', `contexts:\n  c:\n    key: ${b64(key)}\n`).includes('private-key-base64'),
    )
    expect(missed).toEqual([])
  })
  it('an X25519 key or a public key under the label, in base64, is not reported', () => {
    const publicKey = talosKeys[0]!.replaceAll('PRIVATE', 'PUBLIC')
    for (const key of [...x25519Keys, publicKey])
      expect(ids('talosconfig', `contexts:\n  c:\n    key: ${b64(key)}\n`)).toEqual([])
  })
})

describe('base64 JWK sets with a private key, however the JSON is indented', () => {
  const jwks = Array.from({ length: 8 }, () => {
    // Made with encodings, then read back: exporting generateKeyPairSync's own KeyObject can
    // deadlock Node 20 (real-keys.test.ts).
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    return {
      secret: { keys: [createPrivateKey(privateKey).export({ format: 'jwk' })] },
      public: { keys: [createPublicKey(publicKey).export({ format: 'jwk' })] },
    }
  })
  const INDENTS = [undefined, 2, 4, '\t'] as const
  const crd = (set: object, indent: (typeof INDENTS)[number], crlf = false): string => {
    const json = JSON.stringify(set, null, indent)
    return `kind: JWTProvider\nspec:\n  jsonWebKeySet:\n    local:\n      jwks: "${b64(crlf ? json.replaceAll('\n', '\r\n') : json)}"\n`
  }
  it('are found in a CRD field, compact, indented by 2 or 4 spaces or a tab, LF or CRLF', () => {
    const missed = jwks.flatMap(({ secret }, i) =>
      INDENTS.flatMap((indent) => [false, true].map((crlf) => [i, indent, crlf] as const)).filter(
        ([, indent, crlf]) =>
          !ids('jwt-provider.yaml', crd(secret, indent, crlf)).includes('key-file-base64'),
      ),
    )
    expect(missed).toEqual([])
  })
  it('a public key set is not reported', () => {
    for (const { public: set } of jwks)
      for (const indent of INDENTS) expect(ids('jwt-provider.yaml', crd(set, indent))).toEqual([])
  })
})

describe('Stellar secret seeds, told by version byte and CRC16', () => {
  const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const base32 = (bytes: Buffer): string => {
    let bits = ''
    for (const byte of bytes) bits += byte.toString(2).padStart(8, '0')
    return (bits.match(/.{5}/g) ?? []).map((five) => BASE32.charAt(parseInt(five, 2))).join('')
  }
  // CRC16-XModem written bit by bit from its definition, independently of the scanner's.
  const crc16 = (bytes: Buffer): number => {
    let crc = 0
    for (const byte of bytes)
      for (let bit = 7; bit >= 0; bit--) {
        const top = ((crc >> 15) & 1) ^ ((byte >> bit) & 1)
        crc = ((crc << 1) & 0xffff) ^ (top ? 0x1021 : 0)
      }
    return crc
  }
  const strkey = (version: number, payload: Buffer): string => {
    const body = Buffer.concat([Buffer.from([version]), payload])
    const crc = crc16(body)
    return base32(Buffer.concat([body, Buffer.from([crc & 0xff, crc >> 8])]))
  }
  const seeds = Array.from({ length: 200 }, () => strkey(18 << 3, randomBytes(32)))

  it('every seed is found as a chart default and as sample output', () => {
    const missed = seeds.filter(
      (seed) =>
        !ids('values.yaml', `nodeSeed: ${seed}\n`).includes('stellar-secret-seed') ||
        !ids('README.md', `The output will look like\n\n    Secret seed: ${seed}\n`).includes(
          'stellar-secret-seed',
        ),
    )
    expect(missed).toEqual([])
  })
  it('a public key, or a seed with one character changed, is not reported', () => {
    const reported = (text: string): boolean =>
      ids('README.md', `key ${text}\n`).includes('stellar-secret-seed')
    for (const seed of seeds.slice(0, 50)) {
      const at = 10 + (seed.charCodeAt(0) % 40)
      const changed = seed.slice(0, at) + (seed.charAt(at) === 'A' ? 'B' : 'A') + seed.slice(at + 1)
      expect(reported(changed)).toBe(false)
      expect(reported(strkey(6 << 3, randomBytes(32)))).toBe(false) // `G…`, an account id
    }
  })
})
