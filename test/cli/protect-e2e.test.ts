/**
 * End to end on a realistic GitOps repository with the built-in backends: init, new secret, protect,
 * status, convert. Runs once the lead has wired sealed and sops into `loadBuiltinBackends`; skipped
 * before (the workflow itself is covered with fake backends in the other test files).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { loadBuiltinBackends } from '../../src/backends/builtin.js'
import { getBackend } from '../../src/core/backend.js'
import { runCli } from '../support/cli.js'
import { makeRepo, secretYaml } from '../policy/repo.js'

await loadBuiltinBackends()
const wired = getBackend('sealed') !== undefined && getBackend('sops') !== undefined

/** The sealed-secrets test key pair written by the real controller (fixtures, test-only). */
const controller = parse(readFileSync('/work/shared/fixtures/sealed-real/example-key.yaml', 'utf8')) as {
  data: Record<string, string>
}
const pem = (key: string): string => Buffer.from(controller.data[key] ?? '', 'base64').toString()

describe.runIf(wired)('repository workflow end to end (built-in backends)', () => {
  it('init → new secret → protect → status → convert', async () => {
    const { dir, write } = makeRepo({ git: true })
    write('certs/prod.pem', pem('tls.crt'))
    const controllerKey = write('keys/prod-controller.pem', pem('tls.key'))
    const cli = (args: string[]) => runCli(args, { cwd: dir, env: { HOME: dir } })

    const init = await cli([
      'init',
      '--yes',
      '--backend',
      'prod=sealed',
      '--backend',
      'sops',
      '--cluster',
      'prod=certs/prod.pem',
      '--age-key-file',
      'keys/age.txt',
      '--no-hook',
    ])
    expect(init.stderr).toContain('wrote gitseal.yaml')
    expect(init.exitCode).toBe(0)

    const created = await cli([
      'new',
      'secret',
      'db',
      '-n',
      'api',
      '--from-literal',
      'password=e2e-s3cret',
      '-o',
      'apps/api/overlays/prod/db.yaml',
    ])
    expect(created.exitCode).toBe(0)
    const sealed = parse(readFileSync(join(dir, 'apps/api/overlays/prod/db.yaml'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(sealed).toMatchObject({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' })

    const dev = write('apps/api/overlays/dev/db.yaml', secretYaml('db', { password: 'e2e-s3cret' }, 'api'))
    expect((await cli(['protect', '-i', dev])).exitCode).toBe(0)
    const sops = parse(readFileSync(dev, 'utf8')) as {
      sops?: { age?: unknown[] }
      data?: Record<string, string>
    }
    expect(sops.sops?.age?.length).toBe(1)
    expect(readFileSync(dev, 'utf8')).not.toContain('e2e-s3cret')

    const status = await cli(['status', '--json'])
    expect(status.exitCode).toBe(0)
    const report = JSON.parse(status.stdout) as {
      files: { path: string; documents: { backend?: string }[] }[]
    }
    expect(report.files.map((f) => [f.path, f.documents[0]?.backend])).toEqual([
      ['apps/api/overlays/dev/db.yaml', 'sops'],
      ['apps/api/overlays/prod/db.yaml', 'sealed'],
    ])

    const toSops = await cli([
      'convert',
      'apps/api/overlays/prod/db.yaml',
      '--to',
      'sops',
      '--key',
      controllerKey,
      '-o',
      'apps/api/overlays/staging/db.yaml',
    ])
    expect(toSops.stderr).toContain('converted')
    expect(readFileSync(join(dir, 'apps/api/overlays/staging/db.yaml'), 'utf8')).toContain('sops:')

    write('apps/web/overlays/prod/leak.yaml', secretYaml('leak', { token: 'e2e-s3cret' }))
    const leak = await cli(['status'])
    expect(leak.exitCode).toBe(1)
    expect(leak.stdout).toContain('is a plaintext Secret; policy')
    expect(leak.stdout + leak.stderr).not.toContain('e2e-s3cret')
  })
})
