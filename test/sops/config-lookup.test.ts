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

/** `gitseal new secret db --from-literal a=b -o out`, then `more` arguments. */
const newSecretTo = (out: string, ...more: string[]): string[] => [
  'new',
  'secret',
  'db',
  '--from-literal',
  'a=b',
  '-o',
  out,
  ...more,
]
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

describe('which .sops.yaml protect and new secret use (gitseal.yaml rule without recipients)', () => {
  const policy = (extra = '') =>
    writeFileSync(join(dir, 'gitseal.yaml'), `policy:\n  - path: "clusters/**"\n    backend: sops\n${extra}`)
  const plain = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  a: b\n'

  it('protect: the nearest config, said with --verbose, and a warning that sops would differ', async () => {
    policy()
    writeFileSync(join(dir, 'plain.yaml'), plain)
    const result = await runCli(['protect', '--verbose', 'plain.yaml', '-o', 'clusters/prod/db.yaml'], {
      cwd: dir,
      env: { HOME: dir },
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain('clusters/prod/db.yaml: using clusters/prod/.sops.yaml creation_rules[1]')
    expect(result.stderr).toContain(
      'warning: clusters/prod/db.yaml: used clusters/prod/.sops.yaml creation_rules[1] (nearest the file); sops run from this directory would use .sops.yaml creation_rules[0]',
    )
    const { readFileSync } = await import('node:fs')
    expect(recipientsOf(readFileSync(join(dir, 'clusters/prod/db.yaml'), 'utf8'))).toEqual([prodRecipient])
    // Without --verbose only the warning; from the file's directory both lookups agree: silence.
    const quiet = await runCli(['protect', '../../plain.yaml', '-o', 'db2.yaml'], {
      cwd: join(dir, 'clusters/prod'),
      env: { HOME: dir },
    })
    expect(quiet.exitCode, quiet.stderr).toBe(0)
    expect(quiet.stderr).not.toContain('warning')
  })

  it('new secret warns the same way, and --verbose names the gitseal.yaml rule when it gives recipients', async () => {
    policy()
    const made = await runCli(newSecretTo('clusters/prod/new.yaml', '--force'), {
      cwd: dir,
      env: { HOME: dir },
    })
    expect(made.exitCode, made.stderr).toBe(0)
    expect(made.stderr).toContain('sops run from this directory would use .sops.yaml creation_rules[0]')
    expect(made.stderr).not.toContain('using clusters/prod/.sops.yaml')

    policy(`    age: [${rootRecipient}]\n`)
    const named = await runCli(newSecretTo('clusters/prod/new.yaml', '--force', '--verbose'), {
      cwd: dir,
      env: { HOME: dir },
    })
    expect(named.exitCode, named.stderr).toBe(0)
    expect(named.stderr).toContain('using the age recipients of the gitseal.yaml rule at line 2')
    expect(named.stderr).not.toContain('warning')
  })
})

describe('--sops-config-lookup cwd on protect, new secret and convert', () => {
  const plain = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  a: b\n'
  const cwdLookup = ['--sops-config-lookup', 'cwd']
  const run = (args: string[]) => runCli(args, { cwd: dir, env: { HOME: dir } })
  const written = async (path: string) => {
    const { readFileSync } = await import('node:fs')
    return recipientsOf(readFileSync(join(dir, path), 'utf8'))
  }
  beforeAll(() => {
    writeFileSync(join(dir, 'gitseal.yaml'), 'policy:\n  - path: "clusters/**"\n    backend: sops\n')
  })

  it('protect takes the .sops.yaml sops would take, and says so', async () => {
    writeFileSync(join(dir, 'plain.yaml'), plain)
    const result = await run(['protect', ...cwdLookup, 'plain.yaml', '-o', 'clusters/prod/p-cwd.yaml'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await written('clusters/prod/p-cwd.yaml')).toEqual([rootRecipient])
    expect(result.stderr).toContain(
      'used .sops.yaml creation_rules[0] (found from the current directory, as sops)',
    )
  })

  it('new secret takes the .sops.yaml sops would take', async () => {
    const result = await run(newSecretTo('clusters/prod/n-cwd.yaml', ...cwdLookup))
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await written('clusters/prod/n-cwd.yaml')).toEqual([rootRecipient])
  })

  it('convert --to sops takes either config on request and names it with --verbose', async () => {
    writeFileSync(join(dir, 'clusters/prod/c-file.yaml'), plain)
    const byFile = await run(['convert', '--verbose', 'clusters/prod/c-file.yaml', '--to', 'sops'])
    expect(byFile.exitCode, byFile.stderr).toBe(0)
    expect(byFile.stderr).toContain('using clusters/prod/.sops.yaml creation_rules[1]')
    expect(byFile.stderr).toContain('--sops-config-lookup cwd')
    expect(await written('clusters/prod/c-file.yaml')).toEqual([prodRecipient])
    writeFileSync(join(dir, 'clusters/prod/c-cwd.yaml'), plain)
    const byCwd = await run(['convert', 'clusters/prod/c-cwd.yaml', '--to', 'sops', ...cwdLookup])
    expect(byCwd.exitCode, byCwd.stderr).toBe(0)
    expect(await written('clusters/prod/c-cwd.yaml')).toEqual([rootRecipient])
  })

  it('refuses any other lookup with exit 2, leaving the file as it was', async () => {
    const { readFileSync } = await import('node:fs')
    writeFileSync(join(dir, 'clusters/prod/bad.yaml'), plain)
    for (const args of [
      ['protect', '-i', 'clusters/prod/bad.yaml'],
      newSecretTo('clusters/prod/bad-new.yaml'),
      ['convert', 'clusters/prod/bad.yaml', '--to', 'sops'],
    ]) {
      const result = await run([...args, '--sops-config-lookup', 'up'])
      expect(result.exitCode, args.join(' ')).toBe(2)
      expect(result.stderr).toContain('--sops-config-lookup must be file or cwd, not up')
      expect(readFileSync(join(dir, 'clusters/prod/bad.yaml'), 'utf8')).toBe(plain)
    }
  })
})
