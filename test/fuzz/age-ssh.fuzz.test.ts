import fc from 'fast-check'
import { Stanza } from 'age-encryption'
import { afterAll, describe, expect, it } from 'vitest'
import { sshIdentity, sshRecipient } from '../../src/sops/age-ssh.js'
import { parseOpenSshBody, parsePublicKeyBlob } from '../../src/sops/age-ssh-keys.js'
import { wireEncode } from '../../src/sops/age-ssh-wire.js'
import { makeSshKeys } from '../support/ssh-keys.js'
import { fuzzParams, onlyGitsealErrors, onlyGitsealErrorsAsync } from './fuzz.js'

const keys = makeSshKeys()
afterAll(() => {
  keys.cleanup()
})

function armorBody(text: string): Buffer {
  const b64 = text
    .split('\n')
    .filter((line) => !line.startsWith('-----'))
    .join('')
  return Buffer.from(b64, 'base64')
}

function armor(body: Uint8Array): string {
  const b64 = Buffer.from(body).toString('base64')
  const lines = b64.match(/.{1,70}/g) ?? []
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`
}

/** Byte-level mutations of a valid input: flips, truncation, insertion. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
      const out = Uint8Array.from(base)
      out[i] = (out[i] ?? 0) ^ x
      return out
    }),
    fc.nat({ max: base.length }).map((n) => base.subarray(0, n)),
    fc
      .tuple(fc.nat({ max: base.length }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([i, extra]) => Uint8Array.from([...base.subarray(0, i), ...extra, ...base.subarray(i)])),
  )
}

const keyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc
    .constantFrom(
      '-----BEGIN OPENSSH PRIVATE KEY-----\n',
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n',
      '-----BEGIN PRIVATE KEY-----\n',
    )
    .chain((head) =>
      fc.base64String({ maxLength: 400 }).map((b64) => `${head}${b64}\n${head.replace('BEGIN', 'END')}`),
    ),
)

describe('age-ssh key parsers: any input parses or throws a GitsealError', () => {
  it('sshRecipient on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((b) => `ssh-ed25519 ${b}`),
        ),
        (line) => {
          onlyGitsealErrors(() => sshRecipient(line, 'fuzz'))
        },
      ),
      fuzzParams(),
    )
  })

  it('sshIdentity on arbitrary text and armored junk', () => {
    fc.assert(
      fc.property(keyText, (text) => {
        onlyGitsealErrors(() => sshIdentity(text, 'fuzz'))
      }),
      fuzzParams(),
    )
  })

  it.each([
    ['ed25519', keys.ed25519.privateText],
    ['rsa', keys.rsa.privateText],
  ])('sshIdentity on mutated OpenSSH %s keys', (_name, text) => {
    const body = armorBody(text)
    fc.assert(
      fc.property(mutated(body), (bytes) => {
        onlyGitsealErrors(() => sshIdentity(armor(bytes), 'fuzz'))
      }),
      fuzzParams(),
    )
  })

  it('parseOpenSshBody on structured openssh-key-v1 data', () => {
    const field = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom('none', 'aes256-ctr', 'bcrypt', 'ssh-ed25519', 'ssh-rsa', ''),
      fc.bigInt({ min: 0n, max: 2n ** 2100n }),
    )
    fc.assert(
      fc.property(fc.array(field, { maxLength: 12 }), fc.nat({ max: 3 }), (fields, nkeys) => {
        const n = Buffer.alloc(4)
        n.writeUInt32BE(nkeys)
        const body = Buffer.concat([
          Buffer.from('openssh-key-v1\0', 'latin1'),
          wireEncode('none', 'none', ''),
          n,
          wireEncode(...fields),
        ])
        onlyGitsealErrors(() => parseOpenSshBody(body, 'fuzz'))
      }),
      fuzzParams(),
    )
  })

  it('parsePublicKeyBlob on mutated and arbitrary blobs', () => {
    const blob = Buffer.from(keys.rsa.publicLine.split(' ')[1] ?? '', 'base64')
    fc.assert(
      fc.property(fc.oneof(mutated(blob), fc.uint8Array({ maxLength: 80 })), (bytes) => {
        onlyGitsealErrors(() => parsePublicKeyBlob(bytes, 'fuzz'))
      }),
      fuzzParams(),
    )
  })

  it('unwrapFileKey on arbitrary stanzas returns null or a key, or throws a GitsealError', async () => {
    const identities = [
      sshIdentity(keys.ed25519.privateText, 'fuzz'),
      sshIdentity(keys.rsa.privateText, 'fuzz'),
    ]
    const real = [
      ...(await sshRecipient(keys.ed25519.publicLine).wrapFileKey(new Uint8Array(16))),
      ...(await sshRecipient(keys.rsa.publicLine).wrapFileKey(new Uint8Array(16))),
    ]
    const arg = fc.oneof(
      fc.constantFrom('ssh-ed25519', 'ssh-rsa', ...real.flatMap((s) => s.args)),
      fc.base64String({ maxLength: 48 }),
      fc.string({ maxLength: 10 }),
    )
    const stanza = fc.oneof(
      fc.tuple(fc.array(arg, { minLength: 1, maxLength: 4 }), fc.uint8Array({ maxLength: 300 })),
      fc.tuple(fc.constantFrom(...real), fc.nat({ max: 299 })).map(([s, i]) => {
        const body = Uint8Array.from(s.body)
        body[i % body.length] = (body[i % body.length] ?? 0) ^ 0x40
        return [s.args, body] as [string[], Uint8Array]
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(stanza, { maxLength: 3 }), async (raw) => {
        const stanzas = raw.map(([args, body]) => new Stanza(args, body))
        for (const identity of identities) {
          await onlyGitsealErrorsAsync(async () => {
            const key = await identity.unwrapFileKey(stanzas)
            expect(key === null || key instanceof Uint8Array).toBe(true)
          })
        }
      }),
      fuzzParams(50),
    )
  })

  it('error messages never contain the base64 of the key', () => {
    const body = armorBody(keys.ed25519.privateText)
    const chunks = keys.ed25519.privateText
      .split('\n')
      .filter((line) => line.length > 30 && !line.startsWith('-----'))
      .map((line) => line.slice(0, 16))
    let refused = 0
    fc.assert(
      fc.property(mutated(body), (bytes) => {
        const result = onlyGitsealErrors(() => sshIdentity(armor(bytes), 'fuzz'))
        if (!result.threw) return
        refused++
        const error = result.error as { message: string; hint?: string }
        const text = `${error.message} ${String(error.hint)}`
        for (const chunk of chunks) expect(text).not.toContain(chunk)
      }),
      fuzzParams(),
    )
    // The property is about error messages: most mutations must be refused for it to mean anything.
    expect(refused).toBeGreaterThan(fuzzParams().numRuns! / 2)
  })
})
