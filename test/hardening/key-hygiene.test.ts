/** Private keys readable by others are used but reported, for age identities and controller keys alike. */
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM, REAL_KEY_PEM } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'

const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: pw}\n'

describe.skipIf(process.platform === 'win32')('key file permissions', () => {
  it('warns when an age identity file is group/world readable, not when it is 0600', async () => {
    const dir = scratchDir('keymode')
    const identity = await generateIdentity()
    writeFileSync(join(dir, 'secret.yaml'), SECRET)
    const encrypted = await runCli(['encrypt', '--age', await identityToRecipient(identity), 'secret.yaml'], {
      cwd: dir,
    })
    writeFileSync(join(dir, 'secret.enc.yaml'), encrypted.stdout)
    const keyFile = join(dir, 'keys.txt')
    writeFileSync(keyFile, `${identity}\n`)
    const env = { HOME: dir, SOPS_AGE_KEY_FILE: keyFile }

    chmodSync(keyFile, 0o644)
    const exposed = await runCli(['decrypt', 'secret.enc.yaml'], { cwd: dir, env })
    expect(exposed.exitCode).toBe(0)
    expect(exposed.stderr).toContain(
      `${keyFile} holds a private key but is accessible to group or others (mode 644)`,
    )
    expect(exposed.stderr).not.toContain(identity)

    chmodSync(keyFile, 0o600)
    const tight = await runCli(['decrypt', 'secret.enc.yaml'], { cwd: dir, env })
    expect(tight.exitCode).toBe(0)
    expect(tight.stderr).toBe('')

    // A device is not a key file with loose permissions (it was called one: /dev/null, mode 666).
    const device = await runCli(['decrypt', 'secret.enc.yaml'], {
      cwd: dir,
      env: { ...env, SOPS_AGE_KEY_FILE: '/dev/null', SOPS_AGE_KEY: identity },
    })
    expect(device.exitCode, device.stderr).toBe(0)
    expect(device.stderr).not.toContain('holds a private key')
  })

  it('warns for a sealed-secrets controller key given with --key', async () => {
    const dir = scratchDir('keymode')
    writeFileSync(join(dir, 'secret.yaml'), SECRET)
    writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
    writeFileSync(join(dir, 'key.pem'), REAL_KEY_PEM, { mode: 0o640 })
    chmodSync(join(dir, 'key.pem'), 0o640)
    const sealed = await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir })
    writeFileSync(join(dir, 'sealed.yaml'), sealed.stdout)
    const result = await runCli(['validate', 'sealed.yaml', '--key', 'key.pem'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain(
      'key.pem holds a private key but is accessible to group or others (mode 640)',
    )
  })
})
