import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateHybridIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { checkRecipient } from '../../src/sops/age.js'
import { loadAgeIdentities } from '../../src/sops/identities.js'
import { decrypt, encrypt } from '../../src/sops/sops-file.js'
import { scratchDir } from '../support/scratch.js'

describe('recipient kinds', () => {
  it('post-quantum age1pq1 recipients (which age 1.1.1 cannot open) round trip', async () => {
    const identity = await generateHybridIdentity()
    const recipient = await identityToRecipient(identity)
    expect(recipient.startsWith('age1pq1')).toBe(true)
    const enc = await encrypt('a: b\n', { format: 'yaml', recipients: [recipient] })
    expect(enc).toContain(`recipient: ${recipient}`)
    expect(await decrypt(enc, { format: 'yaml', identities: [{ identity, source: 'pq' }] })).toBe('a: b\n')
  })

  it('refuses plugin and malformed recipients with a clear error', () => {
    expect(() => {
      checkRecipient('age1yubikey1qwertyqwertyqwerty')
    }).toThrow(/plugin/)
    expect(() => {
      checkRecipient('age1short')
    }).toThrow(/not an age recipient/)
  })

  it('ssh-ed25519 recipients and ~/.ssh/id_ed25519 identities', async () => {
    const home = scratchDir('ssh')
    execFileSync('mkdir', ['-p', join(home, '.ssh')])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, '.ssh/id_ed25519')])
    const pub = readFileSync(join(home, '.ssh/id_ed25519.pub'), 'utf8').trim()
    const enc = await encrypt('a: b\n', { format: 'yaml', recipients: [pub] })
    const { identities, tried } = await loadAgeIdentities({
      env: {},
      home,
      platform: 'linux',
      readFile: (p) => Promise.resolve(existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    })
    expect(tried.join(' ')).toContain('id_ed25519 (ssh key)')
    expect(await decrypt(enc, { format: 'yaml', identities })).toBe('a: b\n')
  })
})
