/**
 * Stable, faithful rewrites: `protect -o FILE` on unchanged input leaves FILE byte for byte (sealed
 * with the controller key at hand, SOPS with an age identity), writes what `seal`/`encrypt` write,
 * and keeps `stringData` as written.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM, REAL_KEY_FILE } from '../support/sealed.js'

let dir = ''
let env: Record<string, string> = {}
const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: stable-s3cret\n  user: app\n'

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-stable-'))
  const keyFile = join(dir, 'age.txt')
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
  const recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim()
  env = { HOME: dir, SOPS_AGE_KEY_FILE: keyFile }
  mkdirSync(join(dir, 'sops'))
  mkdirSync(join(dir, 'sealed'))
  writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
  writeFileSync(join(dir, 'secret.yaml'), SECRET)
  writeFileSync(
    join(dir, 'gitseal.yaml'),
    `clusters:\n  prod:\n    cert: cert.pem\npolicy:\n  - path: "sealed/**"\n    backend: sealed\n    cluster: prod\n  - path: "sops/**"\n    backend: sops\n    recipients: [${recipient}]\n`,
  )
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[]) => runCli(args, { cwd: dir, env })

describe('protect rewrites are stable and faithful', () => {
  it('sops: a second protect of unchanged input is a zero diff; a changed value is re-encrypted', async () => {
    expect((await cli(['protect', 'secret.yaml', '-o', 'sops/db.yaml'])).exitCode).toBe(0)
    const first = readFileSync(join(dir, 'sops/db.yaml'), 'utf8')
    expect(parse(first)).toMatchObject({ stringData: { password: expect.stringMatching(/^ENC\[/) } })
    expect(first).not.toMatch(/^data:/m)
    expect((await cli(['protect', 'secret.yaml', '-o', 'sops/db.yaml'])).exitCode).toBe(0)
    expect(readFileSync(join(dir, 'sops/db.yaml'), 'utf8')).toBe(first)
    // --extract on stringData works as on a file `encrypt` wrote.
    const value = await cli(['decrypt', '--extract', '["stringData"]["password"]', 'sops/db.yaml'])
    expect(value.stdout).toBe('stable-s3cret')

    writeFileSync(join(dir, 'changed.yaml'), SECRET.replace('stable-s3cret', 'other-s3cret'))
    expect((await cli(['protect', 'changed.yaml', '-o', 'sops/db.yaml'])).exitCode).toBe(0)
    expect(readFileSync(join(dir, 'sops/db.yaml'), 'utf8')).not.toBe(first)
  })

  it('sealed: the layout of `seal`, and a zero diff with the controller key at hand', async () => {
    const sealed = await cli(['seal', 'secret.yaml', '--cert', 'cert.pem'])
    expect((await cli(['protect', 'secret.yaml', '-o', 'sealed/db.yaml'])).exitCode).toBe(0)
    const first = readFileSync(join(dir, 'sealed/db.yaml'), 'utf8')
    const shape = (text: string) => text.replace(/: Ag[A-Za-z0-9+/=]+/g, ': SEALED')
    expect(shape(first)).toBe(shape(sealed.stdout))
    expect(first.startsWith('---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n')).toBe(true)

    const again = await cli(['protect', 'secret.yaml', '-o', 'sealed/db.yaml', '--key', REAL_KEY_FILE])
    expect(again.exitCode, again.stderr).toBe(0)
    expect(readFileSync(join(dir, 'sealed/db.yaml'), 'utf8')).toBe(first)
    // Without the key nothing proves the values unchanged: sealed anew (still the same layout).
    await cli(['protect', 'secret.yaml', '-o', 'sealed/db.yaml'])
    const resealed = readFileSync(join(dir, 'sealed/db.yaml'), 'utf8')
    expect(resealed).not.toBe(first)
    expect(shape(resealed)).toBe(shape(first))
  })

  it('sops: a file `new secret` wrote (data: ENC[…]) is already protected, not "not valid base64"', async () => {
    const made = await cli([
      'new',
      'secret',
      'api',
      '-n',
      'shop',
      '--from-literal',
      'token=stable-s3cret',
      '-o',
      'sops/api.yaml',
    ])
    expect(made.exitCode, made.stderr).toBe(0)
    expect(parse(readFileSync(join(dir, 'sops/api.yaml'), 'utf8'))).toMatchObject({
      data: { token: expect.stringMatching(/^ENC\[/) },
    })
    const before = readFileSync(join(dir, 'sops/api.yaml'), 'utf8')
    const again = await cli(['protect', '-i', 'sops/api.yaml'])
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain(
      'sops/api.yaml: already protected (sops), as the policy asks: nothing to do',
    )
    expect(again.stderr).not.toContain('base64')
    expect(readFileSync(join(dir, 'sops/api.yaml'), 'utf8')).toBe(before)
  })
})
