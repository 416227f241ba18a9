/** A fresh folder holding `secret.yaml` encrypted by the built CLI with a new age key. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { expect } from 'vitest'
import { runCli } from './cli.js'
import { scratchDir } from './scratch.js'

/** The folder and the age identity that opens its `secret.yaml` (`password: before`). */
export async function encryptedSecretFolder(prefix: string): Promise<{ dir: string; identity: string }> {
  const dir = scratchDir(prefix)
  const identity = await generateIdentity()
  writeFileSync(join(dir, 'secret.yaml'), 'stringData:\n  password: before\n')
  const encrypted = await runCli(
    ['encrypt', '-i', '--age', await identityToRecipient(identity), 'secret.yaml'],
    {
      cwd: dir,
    },
  )
  expect(encrypted.exitCode).toBe(0)
  return { dir, identity }
}
