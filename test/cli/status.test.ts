import { execFileSync } from 'node:child_process'
import { readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runWithFakes } from '../support/fake-backends.js'
import { FAKE_CONFIG, makeRepo, secretYaml } from '../support/repo.js'

async function protectedRepo(git: boolean) {
  const repo = makeRepo({ config: FAKE_CONFIG, git })
  const { dir, write } = repo
  const files = [
    write('apps/api/overlays/prod/db.yaml', secretYaml('db', { password: 'hunter2' }, 'prod')),
    write('apps/api/overlays/dev/db.yaml', secretYaml('db', { password: 'hunter2' })),
    write('apps/api/overlays/old/db.yaml', secretYaml('db', { password: 'hunter2' })),
  ]
  const result = await runWithFakes(['protect', '-i', ...files], { cwd: dir })
  expect(result.exitCode).toBe(0)
  return repo
}

describe('gitseal status', () => {
  it('lists protected files with backend and for whom, and exits 0 when all is well', async () => {
    const { dir } = await protectedRepo(false)
    const result = await runWithFakes(['status'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^apps\/api\/overlays\/dev\/db\.yaml +fake-ref +FakeRef\/db +store aws$/m)
    expect(result.stdout).toMatch(
      /^apps\/api\/overlays\/prod\/db\.yaml +fake-seal +FakeSealed\/db +cluster prod$/m,
    )
    expect(result.stdout).toContain(
      '  warning: FakeSealed "default/db": sealed with a certificate that expired on 2020-01-01',
    )
    expect(result.stdout).toContain(
      '3 file(s), 3 document(s): 3 protected, 0 plaintext, 0 without values; 0 problem(s), 1 warning(s)',
    )
    expect(result.stdout).not.toContain('kustomization')
  })

  it('reports plaintext Secrets and policy violations with exit 1, in JSON too', async () => {
    const { dir, write } = await protectedRepo(false)
    write('apps/web/overlays/prod/leak.yaml', secretYaml('leak', { token: 'hunter2' }))
    write('misc/other.yaml', secretYaml('other', { token: 'hunter2' }))
    write(
      'apps/web/overlays/dev/wrong.yaml',
      'apiVersion: fake.gitseal.test/v1\nkind: FakeSealed\nmetadata: {name: w}\nspec: {cluster: x}\n',
    )
    const text = await runWithFakes(['status'], { cwd: dir })
    expect(text.exitCode).toBe(1)
    expect(text.stdout).toContain(
      'error: Secret "default/leak" is a plaintext Secret; policy (' +
        join(dir, 'gitseal.yaml') +
        ':2) requires fake-seal',
    )
    expect(text.stdout).toContain('error: Secret "default/other" is a plaintext Secret\n')
    expect(text.stdout).toContain('error: FakeSealed "w" is protected by fake-seal; policy (')
    expect(text.stdout + text.stderr).not.toContain('hunter2')

    const json = await runWithFakes(['status', 'apps/web', '--json'], { cwd: dir })
    expect(json.exitCode).toBe(1)
    const report = JSON.parse(json.stdout) as {
      files: { path: string; problems: string[] }[]
      summary: object
    }
    expect(report.files.map((f) => f.path)).toEqual([
      'apps/web/overlays/dev/wrong.yaml',
      'apps/web/overlays/prod/leak.yaml',
    ])
    expect(report.summary).toEqual({
      files: 2,
      documents: 2,
      protected: 1,
      plaintext: 1,
      noValues: 0,
      templates: 0,
      problems: 2,
      warnings: 0,
    })
  })

  it('honours .gitignore inside a git repository', async () => {
    const { dir, write } = await protectedRepo(true)
    write('.gitignore', 'ignored/\n')
    write('ignored/leak.yaml', secretYaml('leak', { token: 'x' }))
    execFileSync('git', ['add', '-A'], { cwd: dir })
    const result = await runWithFakes(['status', '--json'], { cwd: join(dir, 'apps') })
    expect(result.exitCode).toBe(0)
    const paths = (JSON.parse(result.stdout) as { files: { path: string }[] }).files.map((f) => f.path)
    expect(paths).toEqual([
      'api/overlays/dev/db.yaml',
      'api/overlays/old/db.yaml',
      'api/overlays/prod/db.yaml',
    ])
    const all = await runWithFakes(['status'], { cwd: dir })
    expect(all.stdout).not.toContain('ignored/')
  })

  it('outside a repository, symbolic links are not followed (the scanner walk)', async () => {
    const { dir, write } = makeRepo()
    write('apps/leak.yaml', secretYaml('leak', { token: 'x' }))
    const elsewhere = makeRepo()
    elsewhere.write('outside/leak.yaml', secretYaml('outside', { token: 'x' }))
    symlinkSync(join(elsewhere.dir, 'outside'), join(dir, 'linked'))
    const result = await runWithFakes(['status', '--json'], { cwd: dir })
    const paths = (JSON.parse(result.stdout) as { files: { path: string }[] }).files.map((f) => f.path)
    expect(paths).toEqual(['apps/leak.yaml'])
  })

  it('in a repository, committed symbolic links (to a directory, to a file) are not followed', async () => {
    const { dir, write } = makeRepo({ git: true })
    write('apps/leak.yaml', secretYaml('leak', { token: 'x' }))
    symlinkSync('apps', join(dir, 'linked-dir'))
    symlinkSync('apps/leak.yaml', join(dir, 'linked.yaml'))
    execFileSync('git', ['add', '-A'], { cwd: dir })
    const result = await runWithFakes(['status', '--json'], { cwd: dir })
    expect(result.exitCode).toBe(1)
    const paths = (JSON.parse(result.stdout) as { files: { path: string }[] }).files.map((f) => f.path)
    expect(paths).toEqual(['apps/leak.yaml'])
  })

  it('escapes control characters of file names and Secret names: none reach the terminal or start a line', async () => {
    const { dir, write } = makeRepo()
    write('apps/a\u001b[2J\nPLAIN.yaml', secretYaml('x\u001b]0;owned\u0007', { token: 'x' }))
    const result = await runWithFakes(['status'], { cwd: dir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('apps/a\\x1b[2J\\x0aPLAIN.yaml')
    expect(result.stdout).toContain('Secret/x\\x1b]0;owned\\x07')
    expect(result.stdout).not.toMatch(/^PLAIN/m)
    // eslint-disable-next-line no-control-regex -- asserting no control characters remain
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
  })

  it('colours only on a terminal and never with NO_COLOR', async () => {
    const { dir, write } = makeRepo()
    write('leak.yaml', secretYaml('leak', { token: 'x' }))
    expect((await runWithFakes(['status'], { cwd: dir, tty: true })).stdout).toContain('\u001b[31mPLAINTEXT')
    expect(
      (await runWithFakes(['status'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } })).stdout,
    ).not.toContain('\u001b[')
    expect((await runWithFakes(['status'], { cwd: dir })).stdout).not.toContain('\u001b[')
  })

  it('reports a missing path with exit 2', async () => {
    const { dir } = makeRepo()
    const result = await runWithFakes(['status', 'nope'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('nope: no such file or directory')
  })
})

describe('gitseal status: SOPS recipients against .sops.yaml', () => {
  const FIXTURE = readFileSync(
    new URL('../../fixtures/sops-real/flux/algorithms-age.yaml', import.meta.url),
    'utf8',
  )
  const RECIPIENT = 'age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29'

  it('warns when a real SOPS file is encrypted for other recipients than .sops.yaml names now', async () => {
    const { dir, write } = makeRepo({ git: true })
    write('apps/api/overlays/dev/db.yaml', FIXTURE)
    write(
      '.sops.yaml',
      `creation_rules:\n  - path_regex: overlays/dev/\n    age: ${RECIPIENT}, age1newteammember\n`,
    )
    const drift = await runWithFakes(['status', '--json'], { cwd: dir })
    const report = JSON.parse(drift.stdout) as { files: { path: string; warnings: string[] }[] }
    expect(report.files[0]?.warnings).toContain(
      'document 1: age recipients differ from .sops.yaml (missing age1newteammember); run: gitseal updatekeys apps/api/overlays/dev/db.yaml',
    )
    write(
      '.sops.yaml',
      `creation_rules:\n  - path_regex: overlays/dev/\n    key_groups:\n      - age: [${RECIPIENT}]\n`,
    )
    expect(drift.exitCode).toBe(0) // encrypted, so not a plaintext Secret even without the sops backend
    const clean = await runWithFakes(['status', '--json'], { cwd: join(dir, 'apps') })
    const again = JSON.parse(clean.stdout) as { files: { warnings: string[] }[] }
    expect(again.files.flatMap((f) => f.warnings)).toEqual([])
  })
  // status once read .sops.yaml with its own parser, which ignored filename_regex: it took the first
  // rule for this file and told the user to run updatekeys, which (as sops) takes the second.
  it('picks the creation rule as sops and updatekeys do (filename_regex counts)', async () => {
    const { dir, write } = makeRepo({ git: true })
    write('apps/api/overlays/dev/db.yaml', FIXTURE)
    write(
      '.sops.yaml',
      [
        'creation_rules:',
        '  - path_regex: overlays/dev/',
        "    filename_regex: '\\.json$'",
        '    age: age1jsononlyrecipient',
        `  - age: ${RECIPIENT}`,
        '',
      ].join('\n'),
    )
    const result = await runWithFakes(['status', '--json'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    const report = JSON.parse(result.stdout) as { files: { path: string; warnings: string[] }[] }
    expect(report.files.map((f) => f.path)).toEqual(['apps/api/overlays/dev/db.yaml'])
    expect(report.files[0]?.warnings).toEqual([])
  })

  it('finds .sops.yaml above the working directory as encrypt and updatekeys do, and names it from there', async () => {
    const { dir, write } = makeRepo({ git: true })
    write('apps/api/overlays/dev/db.yaml', FIXTURE)
    write('.sops.yaml', `creation_rules:\n  - path_regex: overlays/dev/\n    age: age1someoneelse\n`)
    const result = await runWithFakes(['status', '--json'], { cwd: join(dir, 'apps') })
    const report = JSON.parse(result.stdout) as { files: { path: string; warnings: string[] }[] }
    expect(report.files).toHaveLength(1)
    expect(report.files[0]?.warnings).toEqual([
      `document 1: age recipients differ from ../.sops.yaml (missing age1someoneelse; no longer listed ${RECIPIENT}); run: gitseal updatekeys api/overlays/dev/db.yaml`,
    ])
  })

  it('refuses a .sops.yaml that sops refuses, naming it', async () => {
    const { dir, write } = makeRepo({ git: true })
    write('apps/api/overlays/dev/db.yaml', FIXTURE)
    write('.sops.yaml', "creation_rules:\n  - path_regex: 'a(?=b)'\n    age: age1x\n")
    const result = await runWithFakes(['status'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('.sops.yaml')
    expect(result.stderr).toContain('path_regex')
  })
})
