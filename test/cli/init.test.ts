import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { HOOK_SCRIPT } from '../../src/cli/commands/hook-action.js'
import { runCli } from '../support/cli.js'
import { makeRepo } from '../support/repo.js'
import { scriptedPrompter } from '../support/scripted-prompter.js'
import { scratchDir } from '../support/scratch.js'

interface SopsYaml {
  creation_rules: { path_regex: string; encrypted_regex: string; age: string }[]
}

/** Encrypt with the real `age` binary to the recipient, decrypt with the key file: the key is usable by age/sops. */
function ageRoundTrip(keyFile: string, recipient: string): string {
  const encrypted = execFileSync('age', ['-r', recipient], { input: 'round trip' })
  return execFileSync('age', ['-d', '-i', keyFile], { input: encrypted }).toString()
}

describe('gitseal init --yes (non-interactive)', () => {
  it('refuses to create the age key inside the repository without --force, writing nothing', async () => {
    const { dir } = makeRepo({ git: true })
    const result = await runCli(['init', '--yes', '--backend', 'sops', '--age-key-file', 'keys/age.txt'], {
      cwd: dir,
    })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('the age key keys/age.txt would be inside the repository')
    expect(existsSync(join(dir, 'keys', 'age.txt'))).toBe(false)
    expect(existsSync(join(dir, 'gitseal.yaml'))).toBe(false)
  })

  it('writes gitseal.yaml, .sops.yaml, a 0600 age key, the merge driver and prints CI snippets', async () => {
    const { dir } = makeRepo({ git: true })
    const keyFile = join(dir, 'keys', 'age.txt')
    const result = await runCli(
      [
        'init',
        '--yes',
        '--backend',
        'prod=sealed',
        '--backend',
        'sops',
        '--cluster',
        'prod=https://certs.example/prod.pem',
        '--age-key-file',
        'keys/age.txt',
        '--force',
      ],
      { cwd: dir },
    )
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('found environments: dev, prod, staging')
    expect(result.stderr).toContain('warning: the age key keys/age.txt is inside the repository')
    expect(result.stdout).toContain('GitHub Actions:')
    expect(result.stdout).toContain('npm install -g ./tools/gitseal-*.tgz')
    expect(result.stdout).toContain('- run: gitseal scan')
    expect(result.stdout).not.toContain('npx')
    expect(result.stdout).toContain('GitLab CI:')

    const key = readFileSync(keyFile, 'utf8')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(key).toMatch(
      /^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n# public key: (age1[a-z0-9]+)\nAGE-SECRET-KEY-1[A-Z0-9]+\n$/,
    )
    const recipient = /# public key: (\S+)/.exec(key)![1]!
    expect(ageRoundTrip(keyFile, recipient)).toBe('round trip')

    const config = parseGitsealConfig(readFileSync(join(dir, 'gitseal.yaml'), 'utf8'), 'gitseal.yaml')
    expect(config.clusters.get('prod')).toEqual({ name: 'prod', cert: 'https://certs.example/prod.pem' })
    expect(config.policy.map((r) => [r.path, r.backend, r.params])).toEqual([
      ['clusters/dev/**', 'sops', {}],
      ['apps/*/overlays/dev/**', 'sops', {}],
      ['clusters/prod/**', 'sealed', { cluster: 'prod' }],
      ['apps/*/overlays/prod/**', 'sealed', { cluster: 'prod' }],
      ['apps/*/overlays/staging/**', 'sops', {}],
    ])
    const sops = parse(readFileSync(join(dir, '.sops.yaml'), 'utf8')) as SopsYaml
    expect(sops.creation_rules).toEqual([
      {
        path_regex: '(^|/)(clusters/dev|apps/[^/]+/overlays/dev)/.*\\.ya?ml$',
        encrypted_regex: '^(data|stringData)$',
        age: recipient,
      },
      {
        path_regex: '(^|/)(apps/[^/]+/overlays/staging)/.*\\.ya?ml$',
        encrypted_regex: '^(data|stringData)$',
        age: recipient,
      },
    ])
    expect(new RegExp(sops.creation_rules[0]!.path_regex).test('apps/api/overlays/dev/db.yaml')).toBe(true)
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe(
      'clusters/dev/** merge=gitseal\napps/*/overlays/dev/** merge=gitseal\napps/*/overlays/staging/** merge=gitseal\n',
    )
    expect(execFileSync('git', ['config', 'merge.gitseal.driver'], { cwd: dir }).toString()).toBe(
      'gitseal merge-driver %O %A %B %P\n',
    )
    expect(readFileSync(join(dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toBe(HOOK_SCRIPT)
    expect(statSync(join(dir, '.git', 'hooks', 'pre-commit')).mode & 0o111).not.toBe(0)
  })

  it('installs the hook without running the CLI again; a hook it cannot install is a warning', async () => {
    const { dir } = makeRepo({ git: true })
    // Someone else's hook, and one chained earlier: the installer must refuse, init must still succeed.
    writeFileSync(join(dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nexit 0\n')
    writeFileSync(join(dir, '.git', 'hooks', 'pre-commit.gitseal-chained'), '#!/bin/sh\nexit 0\n')
    const result = await runCli(['init', '--yes', '--backend', 'eso'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('gitseal: warning: the pre-commit hook was not installed: ')
    expect(result.stderr).toContain('a hook chained earlier')
    expect(result.stderr).toContain('  hint: Merge or remove one of them by hand')
    expect(readFileSync(join(dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toBe('#!/bin/sh\nexit 0\n')
    expect(existsSync(join(dir, 'gitseal.yaml'))).toBe(true)
  })

  it("creates the key in sops' default keys.txt, and reuses an existing key without touching it", async () => {
    const { dir } = makeRepo()
    const config = scratchDir('xdg')
    const env = { XDG_CONFIG_HOME: config, HOME: '/nonexistent' }
    const first = await runCli(['init', '--yes', '--backend', 'sops'], { cwd: dir, env })
    expect(first.exitCode).toBe(0)
    const keyFile = join(config, 'sops', 'age', 'keys.txt')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(statSync(join(config, 'sops', 'age')).mode & 0o777).toBe(0o700)
    const key = readFileSync(keyFile, 'utf8')
    const { dir: other } = makeRepo()
    const second = await runCli(['init', '--yes', '--backend', 'sops', '--no-hook'], { cwd: other, env })
    expect(second.stderr).toContain(`using the age key in ${keyFile}`)
    expect(readFileSync(keyFile, 'utf8')).toBe(key)
    const recipient = /# public key: (\S+)/.exec(key)![1]!
    expect(readFileSync(join(other, '.sops.yaml'), 'utf8')).toContain(recipient)
  })

  it('says which certificate files gitseal.yaml names that do not exist yet', async () => {
    const { dir } = makeRepo({ git: true })
    const result = await runCli(['init', '--yes', '--backend', 'sealed', '--no-hook'], { cwd: dir })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain('warning: cluster prod: certs/prod.pem does not exist yet')
    expect(result.stderr).toContain('gitseal cert fetch --cert URL -o certs/prod.pem')
  })

  it('without layout writes one catch-all rule; eso gets a store', async () => {
    const dir = scratchDir('flat')
    const result = await runCli(['init', '--yes', '--backend', 'eso', '--eso-store', 'vault-aws'], {
      cwd: dir,
    })
    expect(result.exitCode).toBe(0)
    const config = parseGitsealConfig(readFileSync(join(dir, 'gitseal.yaml'), 'utf8'), 'gitseal.yaml')
    expect(config.policy.map((r) => [r.path, r.backend, r.params])).toEqual([
      ['**', 'eso', { store: 'vault-aws', push: true }],
    ])
    expect(existsSync(join(dir, '.sops.yaml'))).toBe(false)
  })

  it('without a terminal and without answers exits 2 naming the missing flag, writing nothing', async () => {
    const { dir } = makeRepo()
    const result = await runCli(['init'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('gitseal: no terminal to ask on and --backend was not given')
    const yes = await runCli(['init', '--yes'], { cwd: dir })
    expect(yes.exitCode).toBe(2)
    expect(yes.stderr).toContain('--backend')
    const typo = await runCli(['init', '--yes', '--backend', 'prd=sealed'], { cwd: dir })
    expect(typo.stderr).toContain('--backend prd=sealed: no environment "prd" here')
    const partial = await runCli(['init', '--backend', 'sealed'], { cwd: dir })
    expect(partial.exitCode).toBe(2)
    expect(partial.stderr).toContain('--cluster dev=CERT')
    expect(existsSync(join(dir, 'gitseal.yaml'))).toBe(false)
  })

  it('refuses an age key file without a valid identity (exit 3), writing nothing', async () => {
    const { dir, write } = makeRepo()
    write('bad-key.txt', '# public key: age1x\nAGE-SECRET-KEY-1NOTAKEY\n')
    const result = await runCli(['init', '--yes', '--backend', 'sops', '--age-key-file', 'bad-key.txt'], {
      cwd: dir,
    })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('bad-key.txt: holds no valid AGE-SECRET-KEY- line')
    expect(existsSync(join(dir, 'gitseal.yaml'))).toBe(false)
    expect(existsSync(join(dir, '.sops.yaml'))).toBe(false)
  })

  it('never overwrites gitseal.yaml or .sops.yaml without --force', async () => {
    const { dir, write } = makeRepo()
    write('.sops.yaml', 'creation_rules: []\n')
    const result = await runCli(['init', '--yes', '--backend', 'sops', '--age-key-file', 'k.txt'], {
      cwd: dir,
    })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('.sops.yaml: already exists')
    expect(readFileSync(join(dir, '.sops.yaml'), 'utf8')).toBe('creation_rules: []\n')
    expect(existsSync(join(dir, 'gitseal.yaml'))).toBe(false)
    expect(existsSync(join(dir, 'k.txt'))).toBe(false)
    // sealed alone does not touch .sops.yaml, so it is no reason to refuse.
    const sealedOnly = await runCli(['init', '--yes', '--backend', 'sealed'], { cwd: dir })
    expect(sealedOnly.exitCode).toBe(0)
    expect(readFileSync(join(dir, '.sops.yaml'), 'utf8')).toBe('creation_rules: []\n')
    const forced = await runCli(['init', '--yes', '--backend', 'sealed', '--force'], { cwd: dir })
    expect(forced.exitCode).toBe(0)
    writeFileSync(join(dir, 'gitseal.yaml'), 'policy: []\n')
    expect((await runCli(['init', '--yes', '--backend', 'sealed'], { cwd: dir })).exitCode).toBe(2)
  })
})

describe('gitseal init (interactive, prompts driven through the prompt adapter)', () => {
  it('asks backends, a backend per environment, certs, the age key, hook and merge driver', async () => {
    const { dir } = makeRepo({ git: true })
    const config = scratchDir('xdg')
    const { prompter, asked } = scriptedPrompter([
      ['sealed', 'sops'],
      'sops',
      'sealed',
      'sops',
      'certs/prod-cluster.pem',
      true,
      false,
      true,
    ])
    const result = await runCli(['init'], { cwd: dir, tty: true, prompter, env: { XDG_CONFIG_HOME: config } })
    // The one thing said: the certificate named is not there yet.
    expect(result.stderr.split('\n').filter((line) => line.startsWith('gitseal: '))).toEqual([
      expect.stringContaining('warning: cluster prod: certs/prod-cluster.pem does not exist yet'),
    ])
    expect(result.exitCode).toBe(0)
    expect(asked.map((q) => `${q.kind}: ${q.message}`)).toEqual([
      'checkbox: Which backends will this repository use?',
      'select: Backend for dev?',
      'select: Backend for prod?',
      'select: Backend for staging?',
      'input: Certificate of cluster prod (PEM file or https:// URL)',
      `confirm: Create an age key in ${join(config, 'sops', 'age', 'keys.txt')}?`,
      'confirm: Install the pre-commit hook?',
      'confirm: Install the SOPS merge driver?',
    ])
    expect(asked[1]?.choices).toEqual(['sealed', 'sops'])
    const parsed = parseGitsealConfig(readFileSync(join(dir, 'gitseal.yaml'), 'utf8'), 'gitseal.yaml')
    expect(parsed.clusters.get('prod')?.cert).toBe('certs/prod-cluster.pem')
    expect(parsed.policy.filter((r) => r.backend === 'sealed').map((r) => r.path)).toEqual([
      'clusters/prod/**',
      'apps/*/overlays/prod/**',
    ])
    expect(existsSync(join(dir, '.gitattributes'))).toBe(true)
  })

  it('asks again after an empty backend choice instead of exiting', async () => {
    const { dir } = makeRepo()
    const { prompter, asked } = scriptedPrompter([
      [],
      ['sealed'],
      'certs/dev.pem',
      'certs/prod.pem',
      'certs/staging.pem',
    ])
    const result = await runCli(['init', '--no-hook'], { cwd: dir, tty: true, prompter })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain('choose at least one backend')
    expect(asked.slice(0, 2).map((q) => q.message)).toEqual([
      'Which backends will this repository use?',
      'Which backends will this repository use?',
    ])
  })
})
