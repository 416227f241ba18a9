/**
 * `gitseal merge-driver` with the real SOPS codec inside a real `git merge`: two branches change
 * different values of one encrypted file; git calls the built bin, which merges the plaintext and
 * encrypts it again with our data key — no conflict, nothing in the clear on disk.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

const PLAIN = `apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  user: app
  password: base-password
  token: base-token
`

describe('merge-driver in a real git merge (SOPS codec, built bin)', () => {
  it('merges changes to different values without conflict and keeps unchanged ciphertext', async () => {
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const dir = scratchDir('merge-git')
    const env = { ...process.env, SOPS_AGE_KEY: identity, HOME: dir, NO_COLOR: '1' }
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    const gitseal = (args: string[], input?: string): string =>
      execFileSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', input })

    git('init', '-q', '-b', 'main')
    git('config', 'user.email', 't@example.com')
    git('config', 'user.name', 'Test')
    git('config', 'merge.gitseal.driver', `"${process.execPath}" "${BIN}" merge-driver %O %A %B %P`)
    writeFileSync(join(dir, '.gitattributes'), '*.enc.yaml merge=gitseal\n')
    writeFileSync(join(dir, 'db.enc.yaml'), PLAIN)
    gitseal(['encrypt', '-i', '--age', recipient, '--encrypted-regex', '^stringData$', 'db.enc.yaml'])
    git('add', '.')
    git('commit', '-qm', 'base')
    const tokenCiphertext = /token: (ENC\[[^\]]+\])/.exec(readFileSync(join(dir, 'db.enc.yaml'), 'utf8'))?.[1]
    expect(tokenCiphertext).toBeDefined()

    git('checkout', '-qb', 'theirs')
    gitseal(['set', 'db.enc.yaml', '["stringData"]["user"]', '--value-stdin'], '"admin"')
    git('commit', '-qam', 'theirs: user')
    git('checkout', '-q', 'main')
    gitseal(['set', 'db.enc.yaml', '["stringData"]["password"]', '--value-stdin'], '"new-password"')
    git('commit', '-qam', 'ours: password')

    git('merge', '-q', '--no-edit', 'theirs')

    const merged = readFileSync(join(dir, 'db.enc.yaml'), 'utf8')
    expect(merged).not.toContain('new-password')
    expect(merged).not.toContain('admin')
    expect(merged).toContain(tokenCiphertext)
    const plain = gitseal(['decrypt', 'db.enc.yaml'])
    expect(plain).toContain('user: admin')
    expect(plain).toContain('password: new-password')
    expect(plain).toContain('token: base-token')
  })
})
