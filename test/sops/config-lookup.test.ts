/**
 * Nested `.sops.yaml`: gitseal uses the one nearest the file and says so (`--verbose`), warns when
 * sops run from the current directory would choose another, and `--sops-config-lookup cwd` gives
 * sops' own choice. Recipients are made by the real age-keygen.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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

describe('which .sops.yaml updatekeys uses (a file written by real sops 3.8.1)', () => {
  const real = (p: string) => new URL(`../../fixtures/sops-real/sops-age-js/${p}`, import.meta.url)
  const plaintext = JSON.parse(
    readFileSync(
      new URL('../../fixtures/sops-real/expected/sops-age-js/secret.enc.yaml.json', import.meta.url),
      'utf8',
    ),
  ) as unknown
  let keys: { root: string; prod: string } = { root: '', prod: '' }
  // The fixture's published test key opens its data key for re-wrapping (a 0600 copy, as key files are).
  const fixtureKey = () => join(dir, 'fixture-key.txt')
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { cwd: dir, env: { HOME: dir, SOPS_AGE_KEY_FILE: fixtureKey(), ...env } })
  const place = (path: string) => {
    copyFileSync(real('secret.enc.yaml'), join(dir, path))
    return path
  }
  /** The file's plaintext, opened by gitseal with `key` (an age key file) only. */
  const opened = async (path: string, key: string) => {
    const result = await run(['decrypt', '--output-type', 'json', path], { SOPS_AGE_KEY_FILE: key })
    expect(result.exitCode, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as unknown
  }
  beforeAll(() => {
    keys = {
      root: join(dir, 'root-key.txt'),
      prod: join(dir, 'prod-key.txt'),
    }
    copyFileSync(fileURLToPath(real('keys/age.txt')), fixtureKey())
    chmodSync(fixtureKey(), 0o600)
    execFileSync('age-keygen', ['-o', keys.root], { stdio: 'ignore' })
    execFileSync('age-keygen', ['-o', keys.prod], { stdio: 'ignore' })
    const pub = (file: string) => execFileSync('age-keygen', ['-y', file], { encoding: 'utf8' }).trim()
    writeFileSync(join(dir, '.sops.yaml'), `creation_rules:\n  - age: ${pub(keys.root)}\n`)
    writeFileSync(
      join(dir, 'clusters/prod/.sops.yaml'),
      `creation_rules:\n  - path_regex: nomatch\n    age: ${pub(keys.root)}\n  - age: ${pub(keys.prod)}\n`,
    )
  })

  it('takes the config nearest the file, says so with --verbose, and warns that sops would differ', async () => {
    const path = place('clusters/prod/u-file.yaml')
    const result = await run(['updatekeys', '--yes', '--verbose', path])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain(`${path}: using clusters/prod/.sops.yaml creation_rules[1]`)
    expect(result.stderr).toContain(
      `warning: ${path}: used clusters/prod/.sops.yaml creation_rules[1] (nearest the file); sops run from this directory would use .sops.yaml creation_rules[0]`,
    )
    expect(recipientsOf(readFileSync(join(dir, path), 'utf8'))).toEqual([
      execFileSync('age-keygen', ['-y', keys.prod], { encoding: 'utf8' }).trim(),
    ])
    // The data key is kept (values unchanged) and is now wrapped for the production key only.
    expect(await opened(path, keys.prod)).toEqual(plaintext)
    const old = await run(['decrypt', path], { SOPS_AGE_KEY_FILE: fixtureKey() })
    expect(old.exitCode).toBe(3)
  })

  it('--sops-config-lookup cwd takes what sops takes, and says so', async () => {
    const path = place('clusters/prod/u-cwd.yaml')
    const result = await run(['updatekeys', '--yes', '--sops-config-lookup', 'cwd', path])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain(
      `${path}: used .sops.yaml creation_rules[0] (found from the current directory, as sops); the nearest to the file is clusters/prod/.sops.yaml creation_rules[1]`,
    )
    expect(await opened(path, keys.root)).toEqual(plaintext)
  })

  it('is silent when both lookups agree, and refuses any other lookup with exit 2 before touching a file', async () => {
    const path = place('clusters/prod/u-same.yaml')
    const inside = await runCli(['updatekeys', '--yes', 'u-same.yaml'], {
      cwd: join(dir, 'clusters/prod'),
      env: { HOME: dir, SOPS_AGE_KEY_FILE: fixtureKey() },
    })
    expect(inside.exitCode, inside.stderr).toBe(0)
    expect(inside.stderr).not.toContain('warning')
    const before = readFileSync(join(dir, path), 'utf8')
    const bad = await run(['updatekeys', '--yes', '--sops-config-lookup', 'up', path])
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('--sops-config-lookup must be file or cwd, not up')
    expect(readFileSync(join(dir, path), 'utf8')).toBe(before)
  })
})
