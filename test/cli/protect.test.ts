import { chmodSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../src/core/backend.js'
import { isRecord } from '../../src/core/secret.js'
import { runCli } from '../support/cli.js'
import { fakeBackends, receivedParams, runWithFakes } from '../support/fake-backends.js'
import { FAKE_CONFIG, makeRepo, secretYaml } from '../support/repo.js'

describe('gitseal protect', () => {
  it('protects in place with the backend and params of the first matching rule', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write('apps/api/overlays/prod/db.yaml', secretYaml('db', { password: 'hunter2' }))
    const cwd = join(dir, 'apps/api')
    const result = await runWithFakes(['protect', '-i', 'overlays/prod/db.yaml'], { cwd })
    expect(result.stderr).toBe('protected 1 file(s)\n')
    expect(result.exitCode).toBe(0)
    const written = readFileSync(file, 'utf8')
    expect(written).not.toContain('hunter2')
    expect(parse(written)).toMatchObject({ kind: 'FakeSealed', spec: { cluster: 'prod' } })
    expect(receivedParams.at(-1)).toEqual({
      cluster: 'prod',
      targetFile: file,
      policyPath: 'apps/api/overlays/prod/db.yaml',
      configDir: dir,
      configFile: join(dir, 'gitseal.yaml'),
      ruleLine: 2,
    })
  })

  it('keeps other documents and the JSON format; prints to stdout without -i', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    write(
      'apps/web/overlays/dev/all.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${secretYaml('s', { k: 'v' })}`,
    )
    const result = await runWithFakes(['protect', 'apps/web/overlays/dev/all.yaml'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(parseAllDocuments(result.stdout).map((doc) => (doc.toJS() as { kind: string }).kind)).toEqual([
      'ConfigMap',
      'FakeRef',
    ])
    write(
      'apps/web/overlays/dev/s.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'j' }, data: {} }),
    )
    const json = await runWithFakes(['protect', 'apps/web/overlays/dev/s.json'], { cwd: dir })
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'FakeRef', spec: { store: 'aws' } })
  })

  it('picks the policy by the -o path', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    write('tmp/s.yaml', secretYaml('s', { k: 'v' }))
    const result = await runWithFakes(['protect', 'tmp/s.yaml', '-o', 'apps/api/overlays/prod/s.yaml'], {
      cwd: dir,
    })
    expect(result.exitCode).toBe(0)
    expect(parse(readFileSync(join(dir, 'apps/api/overlays/prod/s.yaml'), 'utf8'))).toMatchObject({
      kind: 'FakeSealed',
    })
  })

  it('refuses an unmatched path with E_NO_POLICY, exit 2, nearest rules in the hint, nothing written', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const text = secretYaml('db', { password: 'hunter2' })
    const first = write('apps/api/overlays/prod/a.yaml', text)
    const file = write('apps/api/overlays/staging/db.yaml', text)
    const result = await runWithFakes(['protect', '-i', first, file], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('gitseal: apps/api/overlays/staging/db.yaml: no policy rule in')
    expect(result.stderr).toMatch(
      /hint: Nearest rules: .*gitseal\.yaml:2 apps\/\*\/overlays\/prod\/\*\* → fake-seal/,
    )
    expect(result.stderr).not.toContain('hunter2')
    expect(readFileSync(first, 'utf8')).toBe(text)
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('--backend overrides the policy; --config picks another file', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    write('apps/api/overlays/staging/db.yaml', secretYaml('db', { k: 'v' }))
    const byFlag = await runWithFakes(
      ['protect', 'apps/api/overlays/staging/db.yaml', '--backend', 'fake-ref'],
      {
        cwd: dir,
      },
    )
    expect(parse(byFlag.stdout)).toMatchObject({ kind: 'FakeRef' })
    write('other.yaml', 'policy:\n  - path: "**/staging/*"\n    backend: fake-seal\n    cluster: staging\n')
    const byConfig = await runWithFakes(
      ['protect', 'apps/api/overlays/staging/db.yaml', '--config', 'other.yaml'],
      { cwd: dir },
    )
    expect(parse(byConfig.stdout)).toMatchObject({ spec: { cluster: 'staging' } })
  })

  // A backend that, like sops, protects a Secret in place: its values are ciphertext, not base64.
  it('refuses a Secret another backend protects in place as protected, not as "not valid base64"', async () => {
    const inPlace: Backend = {
      name: 'fake-in-place',
      options: (params) => params,
      protect: () => Promise.reject(new Error('not called')),
      describe: (doc) =>
        isRecord(doc) && doc.kind === 'Secret' && isRecord(doc.metadata) && doc.metadata.name === 'ciphered'
          ? { backend: 'fake-in-place', summary: 'ciphertext in place' }
          : null,
    }
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write(
      'apps/api/overlays/prod/db.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ciphered\ndata:\n  k: CIPHER[not base64!]\n',
    )
    const result = await runCli(['protect', '-i', file], { cwd: dir, backends: fakeBackends(inPlace) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('already protected (fake-in-place)')
    expect(readFileSync(file, 'utf8')).toContain('CIPHER[not base64!]')
  })

  it('refuses an already protected file, an invalid config and an unknown backend', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write('apps/api/overlays/prod/db.yaml', secretYaml('db', { k: 'v' }))
    await runWithFakes(['protect', '-i', file], { cwd: dir })
    const again = await runWithFakes(['protect', '-i', file], { cwd: dir })
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('already protected (fake-seal)')
    const unknown = await runWithFakes(['protect', file, '--backend', 'vault'], { cwd: dir })
    expect(unknown.stderr).toContain('backend "vault" is not available')
    write('gitseal.yaml', 'policy:\n  - path: a\n    backend: fake-seal\n    clustr: x\n')
    const bad = await runWithFakes(['protect', file], { cwd: dir })
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('gitseal.yaml:4: policy[0]: unknown setting "clustr"')
  })

  it('keeps the file mode when writing in place', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write('apps/api/overlays/prod/db.yaml', secretYaml('db', { k: 'v' }))
    chmodSync(file, 0o640)
    const result = await runWithFakes(['protect', '-i', file], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('protected 1 file(s)\n')
    expect(parse(readFileSync(file, 'utf8'))).toMatchObject({ kind: 'FakeSealed' })
    expect(statSync(file).mode & 0o777).toBe(0o640)
  })

  it('with --backend accepts a file outside the config directory; without it refuses with E_BAD_PATH', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const outside = makeRepo().write('s.yaml', secretYaml('s', { k: 'v' }))
    write('apps/x.yaml', '')
    const flagged = await runWithFakes(['protect', outside, '--backend', 'fake-ref'], { cwd: dir })
    expect(flagged.exitCode).toBe(0)
    expect(parse(flagged.stdout)).toMatchObject({ kind: 'FakeRef' })
    const refused = await runWithFakes(['protect', outside], { cwd: dir })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('outside the directory of gitseal.yaml')
  })

  it('refuses a rule naming an undeclared cluster before writing anything', async () => {
    const { dir, write } = makeRepo({
      config:
        'clusters:\n  prod: { cert: p.pem }\npolicy:\n  - path: "**"\n    backend: sealed\n    cluster: prd\n',
    })
    const text = secretYaml('db', { k: 'v' })
    const file = write('apps/api/overlays/prod/db.yaml', text)
    const result = await runWithFakes(['protect', '-i', file], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('gitseal.yaml:6: policy[0]: unknown cluster "prd" (declared: prod)')
    expect(readFileSync(file, 'utf8')).toBe(text)
  })
})
