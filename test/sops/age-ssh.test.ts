import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Encrypter, Stanza } from 'age-encryption'
import { afterAll, describe, expect, it } from 'vitest'
import { GitsealError } from '../../src/core/errors.js'
import { isSshRecipient, sshIdentity, sshRecipient } from '../../src/sops/age-ssh.js'
import { wireEncode } from '../../src/sops/age-ssh-wire.js'
import { ageStanzas, makeSshKeys } from '../support/ssh-keys.js'
import { errorOf as caught, errorOfAsync as caughtAsync } from '../support/errors.js'

const keys = makeSshKeys()
afterAll(() => {
  keys.cleanup()
})

const fileKey = (): Uint8Array => randomBytes(16)

describe('isSshRecipient', () => {
  it('accepts SSH public key lines and rejects age recipients', () => {
    expect(isSshRecipient(keys.ed25519.publicLine)).toBe(true)
    expect(isSshRecipient(keys.rsa.publicLine)).toBe(true)
    expect(isSshRecipient(`  ${keys.ed25519.publicLine}\n`)).toBe(true)
    expect(isSshRecipient('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p')).toBe(false)
    expect(isSshRecipient('ssh-ed25519')).toBe(true)
    expect(isSshRecipient('')).toBe(false)
    expect(isSshRecipient('sshx-ed25519 AAAA')).toBe(false)
  })
})

describe('stanzas match what the age binary writes for the same key', () => {
  it.each([
    ['ed25519', keys.ed25519],
    ['rsa', keys.rsa],
  ])('%s: same type, tag and sizes', async (_name, key) => {
    const theirs = ageStanzas(execFileSync('age', ['-R', key.pubPath], { input: 'x' }))
    const ours = await sshRecipient(key.publicLine).wrapFileKey(fileKey())
    expect(ours).toHaveLength(1)
    expect(theirs).toHaveLength(1)
    const [a, b] = [ours[0], theirs[0]] as [Stanza, Stanza]
    expect(a.args.slice(0, 2)).toEqual(b.args.slice(0, 2))
    expect(a.args).toHaveLength(b.args.length)
    expect(a.body.length).toBe(b.body.length)
    if (a.args[0] === 'ssh-ed25519') expect(a.args[2]).not.toBe(b.args[2]) // fresh ephemeral share
  })
})

describe('sshIdentity unwrap', () => {
  const ed = sshIdentity(keys.ed25519.privateText, keys.ed25519.path)
  const rsa = sshIdentity(keys.rsa.privateText, keys.rsa.path)

  it('round-trips a file key with both key types', async () => {
    const key = fileKey()
    const edStanzas = await sshRecipient(keys.ed25519.publicLine).wrapFileKey(key)
    const rsaStanzas = await sshRecipient(keys.rsa.publicLine).wrapFileKey(key)
    expect(await ed.unwrapFileKey([...rsaStanzas, ...edStanzas])).toEqual(Buffer.from(key))
    expect(await rsa.unwrapFileKey([...edStanzas, ...rsaStanzas])).toEqual(Buffer.from(key))
  })

  it('returns null for stanzas of other keys and other types', async () => {
    const other = await sshRecipient(keys.ed25519Other.publicLine).wrapFileKey(fileKey())
    const x25519 = new Stanza(['X25519', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], new Uint8Array(32))
    expect(await ed.unwrapFileKey([...other, x25519])).toBeNull()
    expect(await rsa.unwrapFileKey([...other, x25519])).toBeNull()
    expect(await ed.unwrapFileKey([])).toBeNull()
  })

  it('throws E_DECRYPT naming the key file when a stanza for this key was tampered with', async () => {
    for (const [identity, line, path] of [
      [ed, keys.ed25519.publicLine, keys.ed25519.path],
      [rsa, keys.rsa.publicLine, keys.rsa.path],
    ] as const) {
      const [stanza] = (await sshRecipient(line).wrapFileKey(fileKey())) as [Stanza]
      const body = Uint8Array.from(stanza.body)
      body[0] = (body[0] ?? 0) ^ 1
      const error = await caughtAsync(async () => identity.unwrapFileKey([new Stanza(stanza.args, body)]))
      expect(error.code).toBe('E_DECRYPT')
      expect(error.message).toContain(path)
    }
  })

  it('throws E_BAD_CIPHERTEXT for malformed stanzas of its type', async () => {
    const [stanza] = (await sshRecipient(keys.ed25519.publicLine).wrapFileKey(fileKey())) as [Stanza]
    const [tag, share] = stanza.args.slice(1) as [string, string]
    const bad = [
      ['ssh-ed25519', tag],
      ['ssh-ed25519', tag, share, 'extra'],
      ['ssh-ed25519', tag, `${share}=`],
      ['ssh-ed25519', tag, share.slice(0, 42) + nonCanonical(share.slice(42))],
      ['ssh-ed25519', tag, 'A'.repeat(43)], // all-zero (low-order) share
    ]
    for (const args of bad) {
      const error = await caughtAsync(async () =>
        sshIdentity(keys.ed25519.privateText, 'k').unwrapFileKey([new Stanza(args, stanza.body)]),
      )
      expect(error.code).toBe('E_BAD_CIPHERTEXT')
    }
    const rsaError = await caughtAsync(async () =>
      sshIdentity(keys.rsa.privateText, 'k').unwrapFileKey([new Stanza(['ssh-rsa'], new Uint8Array(256))]),
    )
    expect(rsaError.code).toBe('E_BAD_CIPHERTEXT')
  })
})

describe('malformed and unsupported keys', () => {
  const secretBits = (text: string): string[] =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('-----') && line.length > 20)
      .map((line) => line.slice(0, 20))

  it.each([
    ['empty', ''],
    ['garbage', 'hello world'],
    [
      'truncated OpenSSH key',
      keys.ed25519.privateText.split('\n').slice(0, 3).join('\n') + '\n-----END OPENSSH PRIVATE KEY-----\n',
    ],
    ['OpenSSH key with a flipped byte', flipBase64(keys.ed25519.privateText)],
    ['RSA OpenSSH key with a flipped byte', flipBase64(keys.rsa.privateText, 400)],
    ['PEM RSA key with a flipped byte', flipBase64(keys.rsaPem.privateText, 200)],
    ['certificate block', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
    ['a public key', keys.ed25519.publicLine],
  ])('%s → E_BAD_KEY naming the source, without key material', (_name, text) => {
    const error = caught(() => sshIdentity(text, '/home/me/.ssh/id_test'))
    expect(error.code).toBe('E_BAD_KEY')
    expect(error.message).toContain('/home/me/.ssh/id_test')
    expect(error.file).toBe('/home/me/.ssh/id_test')
    expect(error.hint).toBeTruthy()
    for (const bit of secretBits(text)) expect(`${error.message} ${error.hint ?? ''}`).not.toContain(bit)
  })

  it.each([
    ['OpenSSH', keys.ed25519Passphrase],
    ['PEM', keys.rsaPemPassphrase],
  ])('passphrase-protected %s key → E_BAD_KEY with a hint', (_name, key) => {
    const error = caught(() => sshIdentity(key.privateText, key.path))
    expect(error.code).toBe('E_BAD_KEY')
    expect(error.message).toMatch(/passphrase-protected/)
    expect(error.message).toContain(key.path)
    expect(error.hint).toMatch(/passphrase/)
  })

  it('ECDSA keys are refused as unsupported, like age does', () => {
    const path = join(keys.dir, 'id_ecdsa')
    execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ecdsa', '-f', path])
    const key = execFileSync('cat', [path], { encoding: 'utf8' })
    expect(caught(() => sshIdentity(key, path)).message).toMatch(/unsupported/)
    const pub = execFileSync('cat', [`${path}.pub`], { encoding: 'utf8' })
    expect(caught(() => sshRecipient(pub)).code).toBe('E_BAD_KEY')
  })

  it('RSA keys under 2048 bits are refused, like age does', () => {
    const path = join(keys.dir, 'id_rsa_1024')
    execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'rsa', '-b', '1024', '-f', path])
    const pub = execFileSync('cat', [`${path}.pub`], { encoding: 'utf8' })
    expect(caught(() => sshRecipient(pub)).message).toMatch(/2048/)
    expect(() => execFileSync('age', ['-R', `${path}.pub`], { input: 'x', stdio: 'pipe' })).toThrow()
  })

  it.each([
    ['no key', 'ssh-ed25519'],
    ['not base64', 'ssh-ed25519 AAAA!!!!'],
    ['type mismatch', `ssh-rsa ${keys.ed25519.publicLine.split(' ')[1] ?? ''}`],
    ['truncated', keys.ed25519.publicLine.slice(0, 40)],
    ['unknown type', 'ssh-dss AAAAB3NzaC1kc3MAAACBAP'],
  ])('public key line: %s → E_BAD_KEY', (_name, line) => {
    const error = caught(() => sshRecipient(line, 'creation_rules[0].age'))
    expect(error.code).toBe('E_BAD_KEY')
    expect(error.message).toContain('creation_rules[0].age')
  })
})

describe('ed25519 public keys: curve point validation agrees with the age binary', () => {
  it.each([
    ['identity point (y = 1, u = 0)', '01' + '00'.repeat(31)],
    ['order-2 point (y = −1)', 'ec' + 'ff'.repeat(30) + '7f'],
    ['order-4 point (y = 0)', '00'.repeat(32)],
  ])('%s: age cannot encrypt to it and we refuse it with E_BAD_KEY', (_name, hex) => {
    const line = `ssh-ed25519 ${Buffer.from(wireEncode('ssh-ed25519', Buffer.from(hex, 'hex'))).toString('base64')}`
    const file = join(keys.dir, `low-${hex.slice(0, 4)}.pub`)
    writeFileSync(file, `${line}\n`)
    expect(() => execFileSync('age', ['-R', file], { input: 'x', stdio: 'pipe' })).toThrow()
    expect(caught(() => sshRecipient(line)).code).toBe('E_BAD_KEY')
  })

  it('accepts and refuses the same random 32-byte keys', async () => {
    let accepted = 0
    for (let i = 0; i < 24; i++) {
      const point = randomBytes(32)
      const line = `ssh-ed25519 ${Buffer.from(wireEncode('ssh-ed25519', point)).toString('base64')} r${i}`
      const file = join(keys.dir, `random${i}.pub`)
      writeFileSync(file, `${line}\n`)
      let ageOk = true
      try {
        execFileSync('age', ['-R', file], { input: 'x', stdio: 'pipe' })
      } catch {
        ageOk = false
      }
      let ours = true
      try {
        const encrypter = new Encrypter()
        encrypter.addRecipient(sshRecipient(line))
        await encrypter.encrypt('x')
      } catch (error) {
        expect(error).toBeInstanceOf(GitsealError)
        ours = false
      }
      expect(ours, `key ${point.toString('hex')}`).toBe(ageOk)
      if (ours) accepted++
    }
    // About half of all y values are on the curve; both outcomes must have been exercised.
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThan(24)
  })
})

function flipBase64(text: string, at = 150): string {
  const lines = text.split('\n')
  let offset = 0
  return lines
    .map((line) => {
      if (line.startsWith('-----') || line.includes(':')) return line
      const start = offset
      offset += line.length
      if (at < start || at >= offset) return line
      const i = at - start
      const c = line[i] === 'A' ? 'B' : 'A'
      return line.slice(0, i) + c + line.slice(i + 1)
    })
    .join('\n')
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The last character of a 32-byte base64 value with a non-zero (non-canonical) padding bit. */
function nonCanonical(last: string): string {
  return B64[B64.indexOf(last) | 1] ?? 'B'
}
