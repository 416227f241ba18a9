/**
 * Nested `.sops.yaml`: gitseal uses the one nearest the file and says so (`--verbose`), warns when
 * sops run from the current directory would choose another, and `--sops-config-lookup cwd` gives
 * sops' own choice. Recipients are made by the real age-keygen.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

let dir = ''
let rootRecipient = ''
let prodRecipient = ''
const recipient = () => {
  const out = execFileSync('age-keygen', { encoding: 'utf8' })
  return /public key: (\S+)/.exec(out)?.[1] ?? ''
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-lookup-'))
  rootRecipient = recipient()
  prodRecipient = recipient()
  mkdirSync(join(dir, 'clusters/prod'), { recursive: true })
  writeFileSync(join(dir, '.sops.yaml'), `creation_rules:\n  - age: ${rootRecipient}\n`)
  writeFileSync(
    join(dir, 'clusters/prod/.sops.yaml'),
    `creation_rules:\n  - path_regex: nomatch\n    age: ${rootRecipient}\n  - age: ${prodRecipient}\n`,
  )
  writeFileSync(join(dir, 'clusters/prod/s.yaml'), 'apiVersion: v1\nkind: Secret\nstringData:\n  a: b\n')
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const recipientsOf = (text: string) =>
  (parse(text) as { sops: { age: { recipient: string }[] } }).sops.age.map((a) => a.recipient)

describe('which .sops.yaml encrypt uses', () => {
  it('uses the nearest config, says which with --verbose, and warns that sops would differ', async () => {
    const result = await runCli(['encrypt', '--verbose', 'clusters/prod/s.yaml'], { cwd: dir, env: {} })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(recipientsOf(result.stdout)).toEqual([prodRecipient])
    expect(result.stderr).toContain('using clusters/prod/.sops.yaml creation_rules[1]')
    expect(result.stderr).toContain('sops run from this directory would use .sops.yaml creation_rules[0]')
    // From the file's own directory both agree: no warning.
    const inside = await runCli(['encrypt', 's.yaml'], { cwd: join(dir, 'clusters/prod'), env: {} })
    expect(inside.stderr).toBe('')
  })

  it('--sops-config-lookup cwd picks what sops picks', async () => {
    const result = await runCli(['encrypt', '--sops-config-lookup', 'cwd', 'clusters/prod/s.yaml'], {
      cwd: dir,
      env: {},
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(recipientsOf(result.stdout)).toEqual([rootRecipient])
    expect(result.stderr).toContain('found from the current directory, as sops')
    const bad = await runCli(['encrypt', '--sops-config-lookup', 'up', 'clusters/prod/s.yaml'], { cwd: dir })
    expect(bad.exitCode).toBe(2)
  })
})
