import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Decrypter, Encrypter } from 'age-encryption'
import { afterAll, describe, expect, it } from 'vitest'
import { sshIdentity, sshRecipient } from '../../src/sops/age-ssh.js'
import { ageStanzas, makeSshKeys, type SshKeyFiles } from '../support/ssh-keys.js'

// Interop with the real `age` binary and keys from the real `ssh-keygen`, both directions.
const keys = makeSshKeys()
afterAll(() => {
  keys.cleanup()
})

const kinds = {
  'ed25519 (OpenSSH)': keys.ed25519,
  'RSA 2048 (OpenSSH)': keys.rsa,
  'RSA 2048 (PEM PKCS#1)': keys.rsaPem,
  'RSA 3072 (PKCS#8)': keys.rsaPkcs8,
  'ed25519 (PKCS#8)': keys.ed25519Pkcs8,
} satisfies Record<string, SshKeyFiles>

async function encryptWithUs(publicLine: string, plaintext: string): Promise<Uint8Array> {
  const encrypter = new Encrypter()
  encrypter.addRecipient(sshRecipient(publicLine))
  return encrypter.encrypt(plaintext)
}

async function decryptWithUs(key: SshKeyFiles, ciphertext: Uint8Array): Promise<string> {
  const decrypter = new Decrypter()
  decrypter.addIdentity(sshIdentity(key.privateText, key.path))
  return decrypter.decrypt(ciphertext, 'text')
}

describe.each(Object.entries(kinds))('age SSH interop with the age binary: %s', (_name, key) => {
  it('our recipient → age -d -i key', async () => {
    const ciphertext = await encryptWithUs(key.publicLine, 'data key from gitseal')
    const file = join(keys.dir, `${key.path.split('/').pop() ?? 'x'}.age`)
    writeFileSync(file, ciphertext)
    // age's own ssh-keygen PKCS#8 ed25519 support follows x/crypto/ssh; all kinds here parse there.
    const out = execFileSync('age', ['-d', '-i', key.path, file], { encoding: 'utf8' })
    expect(out).toBe('data key from gitseal')
  })

  it('age -R key.pub → our identity', async () => {
    const ciphertext = execFileSync('age', ['-R', key.pubPath], { input: 'data key from age' })
    expect(await decryptWithUs(key, ciphertext)).toBe('data key from age')
  })

  it('age -R key.pub, armored, with several recipients → our identity', async () => {
    const ciphertext = execFileSync(
      'age',
      ['-a', '-R', keys.ed25519Other.pubPath, '-R', key.pubPath, '-R', keys.rsa.pubPath],
      { input: 'many' },
    )
    const { armor } = await import('age-encryption')
    expect(await decryptWithUs(key, armor.decode(ciphertext.toString()))).toBe('many')
  })
})

describe('age SSH identities: wrong key', () => {
  it('returns null, not an error, for a file encrypted to another SSH key', async () => {
    const ciphertext = execFileSync('age', ['-R', keys.ed25519Other.pubPath, '-R', keys.rsa.pubPath], {
      input: 'x',
    })
    const stanzas = ageStanzas(ciphertext)
    expect(stanzas.map((s) => s.args[0])).toEqual(['ssh-ed25519', 'ssh-rsa'])
    expect(await sshIdentity(keys.ed25519.privateText, 'k').unwrapFileKey(stanzas)).toBeNull()
    expect(await sshIdentity(keys.rsaPem.privateText, 'k').unwrapFileKey(stanzas)).toBeNull()
    await expect(decryptWithUs(keys.ed25519, ciphertext)).rejects.toThrow(/no identity matched/)
  })

  it('age -d with the wrong SSH key fails on our ciphertext', async () => {
    const ciphertext = await encryptWithUs(keys.ed25519.publicLine, 'x')
    const file = join(keys.dir, 'wrong.age')
    writeFileSync(file, ciphertext)
    expect(() => execFileSync('age', ['-d', '-i', keys.ed25519Other.path, file], { stdio: 'pipe' })).toThrow()
  })
})
