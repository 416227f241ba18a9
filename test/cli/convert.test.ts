import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../src/core/backend.js'
import { encodeStdBase64, isRecord, parseSecretObject } from '../../src/core/secret.js'
import { runCli } from '../support/cli.js'
import type { CliResult, RunOptions } from '../support/cli.js'
import { fakeBackends } from '../support/fake-backends.js'
import { FAKE_CONFIG, makeRepo, secretYaml } from '../support/repo.js'

// A third backend that keeps values readable, so a conversion's result can be checked value by value.
const fakeOpen: Backend = {
  name: 'fake-open',
  options: (params) => params,
  protect: (secret) =>
    Promise.resolve([
      {
        kind: 'FakeOpen',
        metadata: { name: secret.name },
        values: Object.fromEntries([...secret.data].map(([k, v]) => [k, encodeStdBase64(v)])),
      },
    ]),
  describe: (doc) =>
    isRecord(doc) && doc.kind === 'FakeOpen' ? { backend: 'fake-open', summary: 'open' } : null,
  reveal: (docs) => {
    const doc = docs[0] as { metadata: Record<string, unknown>; values: Record<string, string> }
    return Promise.resolve(
      parseSecretObject({ apiVersion: 'v1', kind: 'Secret', metadata: doc.metadata, data: doc.values }),
    )
  },
}

const run = (argv: string[], options: RunOptions = {}): Promise<CliResult> =>
  runCli(argv, { ...options, backends: fakeBackends(fakeOpen) })

async function sealedFile() {
  const repo = makeRepo({ config: FAKE_CONFIG })
  const file = repo.write(
    'apps/api/overlays/prod/db.yaml',
    secretYaml('db', { password: 'hunter2', user: 'app' }),
  )
  expect((await run(['protect', '-i', file], { cwd: repo.dir })).exitCode).toBe(0)
  const key = repo.write('keys/fake.key', 'fake-key\n')
  return { ...repo, file, key }
}

describe('gitseal convert', () => {
  it('reveals with the source key and protects with the target, replacing the file atomically', async () => {
    const { dir, file, key } = await sealedFile()
    const result = await run(['convert', file, '--to', 'fake-open', '--key', key], { cwd: dir })
    expect(result.stderr).toContain('converted')
    expect(result.exitCode).toBe(0)
    const doc = parse(readFileSync(file, 'utf8')) as { kind: string; values: Record<string, string> }
    expect(doc.kind).toBe('FakeOpen')
    expect(Buffer.from(doc.values.password!, 'base64').toString()).toBe('hunter2')
    expect(Buffer.from(doc.values.user!, 'base64').toString()).toBe('app')
  })

  it('uses the policy parameters of the destination when its rule names the target backend', async () => {
    const { dir, file, key } = await sealedFile()
    const out = join(dir, 'apps/api/overlays/dev/db.yaml')
    const result = await run(['convert', file, '--to', 'fake-ref', '--key', key, '-o', out], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(parse(readFileSync(out, 'utf8'))).toMatchObject({
      kind: 'FakeRef',
      spec: { store: 'aws', keys: ['password', 'user'] },
    })
    expect(parse(readFileSync(file, 'utf8'))).toMatchObject({ kind: 'FakeSealed' })
  })

  it('refuses without the key, naming what is needed, exit 3, file untouched', async () => {
    const { dir, file } = await sealedFile()
    const before = readFileSync(file, 'utf8')
    const result = await run(['convert', file, '--to', 'fake-open'], { cwd: dir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('cannot read the fake-seal values (cluster prod): no fake key given')
    expect(result.stderr).toContain("hint: Converting needs the fake-seal backend's key: pass --key FILE")
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('refuses a backend that cannot reveal, and converting to the same backend', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write('apps/api/overlays/dev/db.yaml', secretYaml('db', { k: 'v' }))
    await run(['protect', '-i', file], { cwd: dir })
    const before = readFileSync(file, 'utf8')
    const refused = await run(['convert', file, '--to', 'fake-seal'], { cwd: dir })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('the fake-ref backend cannot reveal its values (store aws)')
    const same = await run(['convert', file, '--to', 'fake-ref'], { cwd: dir })
    expect(same.stderr).toContain('already protected by fake-ref')
    const unknown = await run(['convert', file, '--to', 'vault'], { cwd: dir })
    expect(unknown.stderr).toContain('backend "vault" is not available')
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('converts a plaintext Secret too, and keeps other documents', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write(
      'apps/api/overlays/prod/db.yaml',
      `kind: ConfigMap\nmetadata: {name: c}\n---\n${secretYaml('db', { k: 'v' })}`,
    )
    expect((await run(['convert', file, '--to', 'fake-seal'], { cwd: dir })).exitCode).toBe(0)
    expect(readFileSync(file, 'utf8')).toMatch(/kind: ConfigMap[\s\S]*---[\s\S]*kind: FakeSealed/)
    writeFileSync(file, 'kind: ConfigMap\n')
    expect((await run(['convert', file, '--to', 'fake-seal'], { cwd: dir })).stderr).toContain(
      'holds no Secret',
    )
  })
})
