/** SOPS error messages that say what is really wrong: Shamir groups short of the threshold, rotate's file. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

let dir = ''
const keys: { file: string; recipient: string }[] = []
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-sops-errors-'))
  for (const name of ['a', 'b']) {
    const file = join(dir, `${name}.txt`)
    execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' })
    keys.push({ file, recipient: execFileSync('age-keygen', ['-y', file], { encoding: 'utf8' }).trim() })
  }
  writeFileSync(
    join(dir, '.sops.yaml'),
    `creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [${keys[0]!.recipient}]\n      - age: [${keys[1]!.recipient}]\n`,
  )
  writeFileSync(join(dir, 's.yaml'), 'password: s3cret-value\n')
  const encrypted = await runCli(['encrypt', 's.yaml'], { cwd: dir, env: {} })
  expect(encrypted.exitCode, encrypted.stderr).toBe(0)
  writeFileSync(join(dir, 's.enc.yaml'), encrypted.stdout)
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('sops error messages', () => {
  it('with 1 of 2 Shamir groups, says a group is missing instead of blaming the identities', async () => {
    const result = await runCli(['decrypt', 's.enc.yaml'], {
      cwd: dir,
      env: { SOPS_AGE_KEY_FILE: keys[0]!.file },
    })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('your identities open 1 of the 2 key groups needed')
    expect(result.stderr).toContain('no identity for group(s) 1')
    expect(result.stderr).not.toContain('none of your age identities')
  })

  it('rotate names the file in its errors', async () => {
    const single = await runCli(['encrypt', '--age', keys[0]!.recipient, 's.yaml'], { cwd: dir, env: {} })
    writeFileSync(join(dir, 'one.enc.yaml'), single.stdout)
    const result = await runCli(['rotate', 'one.enc.yaml', '--add-age', 'age1nope'], {
      cwd: dir,
      env: { SOPS_AGE_KEY_FILE: keys[0]!.file },
    })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain("gitseal: one.enc.yaml: not an age recipient: 'age1nop…'")
    writeFileSync(join(dir, 'plain.yaml'), 'a: b\n')
    const plain = await runCli(['rotate', 'plain.yaml'], { cwd: dir, env: {} })
    expect(plain.stderr).toMatch(/gitseal: [^\n]*plain\.yaml/)
  })
})
