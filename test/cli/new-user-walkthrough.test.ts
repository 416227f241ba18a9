/**
 * A new user's first hour, run with the built bin as child processes: `init --yes` with sealed,
 * sops and eso environments → `new secret` → `protect` → `status` → `convert` → `decrypt` /
 * `unseal`. The controller key comes from openssl, the age key from init and is checked with
 * the real `age` binary. What must hold throughout: no value is ever dropped (eso without push
 * refuses and leaves files byte-identical), re-protecting changes nothing, status counts add
 * up, and no secret fragment reaches stdout or stderr of any command that does not reveal.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBin } from '../support/cli.js'
import type { CliResult } from '../support/cli.js'
import { opensslSelfSigned } from '../support/sealed.js'

let root = ''
let repo = ''
let home = ''
const secrets = {
  dev: `dev-${randomBytes(9).toString('hex')}`,
  prod: `prod-${randomBytes(9).toString('hex')}`,
  staging: `stg-${randomBytes(9).toString('hex')}`,
  api: `api-${randomBytes(9).toString('hex')}`,
}
const quiet: CliResult[] = []
const gitseal = (args: string[], reveals = false): CliResult => {
  const result = runBin(args, { cwd: repo, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' } })
  if (!reveals) quiet.push(result)
  return result
}
const read = (path: string) => readFileSync(join(repo, path), 'utf8')
/** `gitseal new secret db` in namespace shop with one password, written to `out`. */
const newDbSecret = (password: string, out: string): string[] => [
  'new',
  'secret',
  'db',
  '-n',
  'shop',
  '--from-literal',
  `password=${password}`,
  '-o',
  out,
]
const plainSecret = (name: string, value: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: shop\nstringData:\n  token: ${value}\n`

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gitseal-walkthrough-'))
  repo = join(root, 'repo')
  home = join(root, 'home')
  for (const env of ['dev', 'staging', 'prod']) mkdirSync(join(repo, 'clusters', env), { recursive: true })
  mkdirSync(join(repo, 'certs'))
  mkdirSync(home)
  execFileSync('git', ['init', '--quiet'], { cwd: repo })
  opensslSelfSigned({
    keyFile: join(root, 'controller.key'),
    certFile: join(repo, 'certs/prod.pem'),
    subject: '/CN=sealed-secret/O=sealed-secret',
  })
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('a new user, end to end with the built bin', () => {
  it('init writes a rule per environment; the eso rule says it pushes', () => {
    const init = gitseal([
      'init',
      '--yes',
      '--backend',
      'dev=sops',
      '--backend',
      'staging=eso',
      '--backend',
      'prod=sealed',
      '--no-hook',
      '--no-merge-driver',
    ])
    expect(init.exitCode, init.stderr).toBe(0)
    const config = parse(read('gitseal.yaml')) as {
      policy: { path: string; backend: string; push?: boolean }[]
    }
    expect(config.policy.find((rule) => rule.backend === 'eso')?.push).toBe(true)
    // This team has no AWS access from laptops: they switch pushing off, explicitly.
    writeFileSync(join(repo, 'gitseal.yaml'), read('gitseal.yaml').replace('push: true', 'push: false'))
  })

  it('new secret: sops and sealed files hold no plaintext; eso without push refuses and writes nothing', () => {
    for (const [env, value] of [
      ['dev', secrets.dev],
      ['prod', secrets.prod],
    ] as const) {
      const made = gitseal(newDbSecret(value, `clusters/${env}/db.yaml`))
      expect(made.exitCode, made.stderr).toBe(0)
      expect(read(`clusters/${env}/db.yaml`)).not.toContain(value)
    }
    // The real age binary opens the sops data key with the key init created.
    const dev = parse(read('clusters/dev/db.yaml')) as { sops: { age: { enc: string }[] } }
    const keyFile = join(home, '.config/sops/age/keys.txt')
    const dataKey = execFileSync('age', ['-d', '-i', keyFile], { input: dev.sops.age[0]?.enc })
    expect(dataKey).toHaveLength(32)

    const refused = gitseal(newDbSecret(secrets.staging, 'clusters/staging/db.yaml'))
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('clusters/staging/db.yaml')
    expect(refused.stderr).toContain('push: true')
    expect(refused.stderr).toContain('--push')
    expect(existsSync(join(repo, 'clusters/staging/db.yaml'))).toBe(false)
  })

  it('protect: eso without push leaves the file byte-identical; re-protecting is a zero diff', () => {
    const staging = plainSecret('api', secrets.staging)
    writeFileSync(join(repo, 'clusters/staging/api.yaml'), staging)
    const refused = gitseal(['protect', '-i', 'clusters/staging/api.yaml'])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('clusters/staging/api.yaml')
    expect(read('clusters/staging/api.yaml')).toBe(staging)

    writeFileSync(join(root, 'api.yaml'), plainSecret('api', secrets.api))
    for (const env of ['dev', 'prod']) {
      const first = gitseal(['protect', join(root, 'api.yaml'), '-o', `clusters/${env}/api.yaml`])
      expect(first.exitCode, first.stderr).toBe(0)
    }
    const before = { dev: read('clusters/dev/api.yaml'), prod: read('clusters/prod/api.yaml') }
    // Unchanged input into the existing file: the same bytes (sops opens it with the user's key,
    // sealed with the controller key).
    expect(gitseal(['protect', join(root, 'api.yaml'), '-o', 'clusters/dev/api.yaml']).exitCode).toBe(0)
    const sealedAgain = gitseal([
      'protect',
      join(root, 'api.yaml'),
      '-o',
      'clusters/prod/api.yaml',
      '--key',
      join(root, 'controller.key'),
    ])
    expect(sealedAgain.exitCode, sealedAgain.stderr).toBe(0)
    expect({ dev: read('clusters/dev/api.yaml'), prod: read('clusters/prod/api.yaml') }).toEqual(before)
    // Protecting the protected file itself changes nothing either (a sops file is still a Secret:
    // encrypting its ciphertext again would lose the data key).
    for (const env of ['dev', 'prod']) {
      const again = gitseal(['protect', '-i', `clusters/${env}/api.yaml`])
      expect(again.exitCode).toBe(2)
      expect(again.stderr).toContain('nothing to do')
    }
    expect({ dev: read('clusters/dev/api.yaml'), prod: read('clusters/prod/api.yaml') }).toEqual(before)
  })

  it('status: counts add up and the plaintext Secret is the one problem', () => {
    const status = gitseal(['status', '--json'])
    expect(status.exitCode).toBe(1)
    const { summary, files } = JSON.parse(status.stdout) as {
      summary: Record<string, number>
      files: { path: string; documents: { backend?: string }[] }[]
    }
    expect(summary).toMatchObject({ files: 5, documents: 5, protected: 4, plaintext: 1, problems: 1 })
    expect(summary.protected! + summary.plaintext! + summary.noValues! + summary.templates!).toBe(
      summary.documents,
    )
    expect(files.map((f) => f.path).sort()).toEqual([
      'clusters/dev/api.yaml',
      'clusters/dev/db.yaml',
      'clusters/prod/api.yaml',
      'clusters/prod/db.yaml',
      'clusters/staging/api.yaml',
    ])
  })

  it('convert: to eso without push refuses and writes nothing; sops to sealed keeps the value', () => {
    const before = read('clusters/dev/db.yaml')
    const toEso = gitseal([
      'convert',
      'clusters/dev/db.yaml',
      '--to',
      'eso',
      '-o',
      'clusters/staging/db.yaml',
    ])
    expect(toEso.exitCode).toBe(2)
    expect(toEso.stderr).toContain('clusters/staging/db.yaml')
    expect(existsSync(join(repo, 'clusters/staging/db.yaml'))).toBe(false)
    expect(read('clusters/dev/db.yaml')).toBe(before)
    const inPlace = gitseal(['convert', '-i', 'clusters/dev/db.yaml', '--to', 'eso']).exitCode
    expect(inPlace).toBe(2)
    expect(read('clusters/dev/db.yaml')).toBe(before)

    const toSealed = gitseal([
      'convert',
      'clusters/dev/db.yaml',
      '--to',
      'sealed',
      '-o',
      'clusters/prod/db-from-dev.yaml',
    ])
    expect(toSealed.exitCode, toSealed.stderr).toBe(0)
    const unsealed = gitseal(
      ['unseal', 'clusters/prod/db-from-dev.yaml', '--key', join(root, 'controller.key')],
      true,
    )
    expect(unsealed.exitCode, unsealed.stderr).toBe(0)
    const data = (parse(unsealed.stdout) as { data: Record<string, string> }).data
    expect(Buffer.from(data.password ?? '', 'base64').toString()).toBe(secrets.dev)
  })

  it('decrypt and unseal give every value back', () => {
    const decrypted = gitseal(['decrypt', 'clusters/dev/api.yaml'], true)
    expect(decrypted.exitCode, decrypted.stderr).toBe(0)
    expect(parse(decrypted.stdout)).toMatchObject({ stringData: { token: secrets.api } })
    const unsealed = gitseal(['unseal', 'clusters/prod/db.yaml', '--key', join(root, 'controller.key')], true)
    const data = (parse(unsealed.stdout) as { data: Record<string, string> }).data
    expect(Buffer.from(data.password ?? '', 'base64').toString()).toBe(secrets.prod)
  })

  it('no command that does not reveal printed a secret fragment or the age key', () => {
    expect(quiet.length).toBeGreaterThan(10)
    const ageKey =
      readFileSync(join(home, '.config/sops/age/keys.txt'), 'utf8').match(/AGE-SECRET-KEY-1\w+/)?.[0] ?? ''
    expect(ageKey).not.toBe('')
    const output = quiet.map((r) => r.stdout + r.stderr).join('\n')
    for (const value of [...Object.values(secrets), ageKey]) {
      // Any 8-character window of the value, not only the whole of it.
      for (let i = 0; i + 8 <= value.length; i++) expect(output).not.toContain(value.slice(i, i + 8))
    }
  })
})
