import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mergeTrees } from '../../src/workflow/three-way.js'
import { runCli } from '../support/cli.js'
import { makeRepo } from '../support/repo.js'
import { scratchDir } from '../support/scratch.js'

/** Calls the codec received, so the test can check what the driver asked for. */
const calls: { op: string; path: string; previous?: string }[] = []

/** A stand-in codec (the lead wires the SOPS one): "encrypted" files are base64 behind a header. */
const fakeCodec = {
  decrypt(text: string, path: string) {
    calls.push({ op: 'decrypt', path })
    if (!text.startsWith('FAKE-ENC\n')) return Promise.reject(new Error('not encrypted'))
    return Promise.resolve(Buffer.from(text.slice(9).split('\n')[0] ?? '', 'base64').toString())
  },
  encrypt(plaintext: string, path: string, previous: string) {
    calls.push({ op: 'encrypt', path, previous })
    return Promise.resolve(enc(plaintext))
  },
}
const enc = (plaintext: string): string =>
  `FAKE-ENC\n${Buffer.from(plaintext).toString('base64')}\nsops:\n  fake: true\n`
const dec = (text: string): string => Buffer.from(text.slice(9).split('\n')[0] ?? '', 'base64').toString()

const BASE =
  '# db credentials\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: app # login\n  password: one\n'

function files(base: string, ours: string, theirs: string) {
  const dir = scratchDir('merge')
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text)
    return name
  }
  return {
    dir,
    args: [write('base', base), write('ours', ours), write('theirs', theirs), 'apps/db/secret.enc.yaml'],
  }
}

describe('three-way merge of plaintext trees', () => {
  it('merges changes to different keys, keeping ours comments and order', () => {
    const ours = BASE.replace('password: one', 'password: two')
    const theirs = BASE.replace('  user: app # login\n', '  user: admin # login\n').concat('  extra: x\n')
    const result = mergeTrees(BASE, ours, theirs)
    expect(result).toEqual({
      merged:
        '# db credentials\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: admin # login\n  password: two\n  extra: x\n',
    })
  })

  it('applies deletions and reports conflicting keys by path only', () => {
    const deleted = mergeTrees(
      BASE,
      BASE.replace('  password: one\n', ''),
      BASE.replace('name: db', 'name: db2'),
    )
    expect(deleted).toEqual({
      merged: BASE.replace('  password: one\n', '').replace('name: db', 'name: db2'),
    })
    const conflict = mergeTrees(BASE, BASE.replace('one', 'two'), BASE.replace('one', 'three'))
    expect(conflict).toEqual({ conflicts: ['stringData.password'] })
    expect(mergeTrees('a: 1\n', 'a: 1\n---\nb: 2\n', 'a: 2\n')).toEqual({ conflicts: ['(whole file)'] })
  })

  it('merges JSON as JSON', () => {
    expect(mergeTrees('{"a":1,"b":1}', '{"a":2,"b":1}', '{"a":1,"b":3}')).toEqual({
      merged: '{\n  "a": 2,\n  "b": 3\n}\n',
    })
  })
})

describe('gitseal merge-driver', () => {
  it('decrypts the three versions, merges and re-encrypts into %A from our encrypted file', async () => {
    calls.length = 0
    const ours = enc(BASE.replace('password: one', 'password: two'))
    const { dir, args } = files(enc(BASE), ours, enc(BASE.replace('user: app', 'user: admin')))
    const result = await runCli(['merge-driver', ...args], { cwd: dir, mergeCodec: fakeCodec })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(dec(readFileSync(join(dir, 'ours'), 'utf8'))).toContain('user: admin # login\n  password: two\n')
    expect(calls.filter((c) => c.op === 'encrypt')).toEqual([
      { op: 'encrypt', path: 'apps/db/secret.enc.yaml', previous: ours },
    ])
  })

  it('takes the changed side verbatim when only one side changed, without decrypting', async () => {
    calls.length = 0
    const theirs = enc(BASE.replace('one', 'two')) + '\n# their exact bytes'
    const { dir, args } = files(enc(BASE), enc(BASE), theirs)
    expect((await runCli(['merge-driver', ...args], { cwd: dir, mergeCodec: fakeCodec })).exitCode).toBe(0)
    expect(readFileSync(join(dir, 'ours'), 'utf8')).toBe(theirs)
    expect(calls).toEqual([])
  })

  it('on a real conflict exits 1, keeps ours encrypted and writes no plaintext anywhere', async () => {
    const ours = enc(BASE.replace('one', 'our-s3cret'))
    const { dir, args } = files(enc(BASE), ours, enc(BASE.replace('one', 'their-s3cret')))
    const result = await runCli(['merge-driver', ...args], { cwd: dir, mergeCodec: fakeCodec })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(
      'gitseal: apps/db/secret.enc.yaml: both sides changed stringData.password; kept our (encrypted) version',
    )
    expect(result.stderr).not.toContain('s3cret')
    expect(readFileSync(join(dir, 'ours'), 'utf8')).toBe(ours)
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name), 'utf8')).not.toContain('s3cret')
  })

  it('merges a file that is not encrypted at all like git would, with markers on conflict', async () => {
    const clean = files('a: 1\nx: 0\ny: 0\nb: 1\n', 'a: 2\nx: 0\ny: 0\nb: 1\n', 'a: 1\nx: 0\ny: 0\nb: 3\n')
    expect((await runCli(['merge-driver', ...clean.args], { cwd: clean.dir })).exitCode).toBe(0)
    expect(readFileSync(join(clean.dir, 'ours'), 'utf8')).toBe('a: 2\nx: 0\ny: 0\nb: 3\n')
    const clash = files('a: 1\n', 'a: 2\n', 'a: 3\n')
    const result = await runCli(['merge-driver', ...clash.args], { cwd: clash.dir })
    expect(result.exitCode).toBe(1)
    expect(readFileSync(join(clash.dir, 'ours'), 'utf8')).toContain('<<<<<<< apps/db/secret.enc.yaml (ours)')
  })

  it('fails clearly when a version cannot be decrypted, leaving ours', async () => {
    const ours = enc('a: 2\n')
    const { dir, args } = files('a: 1\n', ours, enc('a: 3\n'))
    const result = await runCli(['merge-driver', ...args], { cwd: dir, mergeCodec: fakeCodec })
    expect(result.exitCode).not.toBe(0)
    expect(readFileSync(join(dir, 'ours'), 'utf8')).toBe(ours)
  })
})

describe('gitseal merge-driver install', () => {
  it('adds .gitattributes lines for the sops globs of gitseal.yaml and sets the git config, idempotently', async () => {
    const { dir, write } = makeRepo({
      git: true,
      config:
        'policy:\n  - path: apps/*/overlays/dev/**\n    backend: sops\n  - path: "\\\\.env$"\n    regex: true\n    backend: sops\n',
    })
    write('.gitattributes', '*.png binary')
    for (let i = 0; i < 2; i++) {
      const result = await runCli(['merge-driver', 'install'], { cwd: join(dir, 'apps') })
      expect(result.exitCode).toBe(0)
    }
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe(
      '*.png binary\napps/*/overlays/dev/** merge=gitseal\n',
    )
    expect(execFileSync('git', ['config', 'merge.gitseal.driver'], { cwd: dir }).toString()).toBe(
      'gitseal merge-driver %O %A %B %P\n',
    )
    expect(
      execFileSync('git', ['check-attr', 'merge', 'apps/api/overlays/dev/s.yaml'], { cwd: dir }).toString(),
    ).toBe('apps/api/overlays/dev/s.yaml: merge: gitseal\n')
  })

  it('uses default patterns without policy and refuses outside a repository', async () => {
    const { dir } = makeRepo({ git: true })
    await runCli(['merge-driver', 'install'], { cwd: dir })
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toContain('*.sops.yaml merge=gitseal\n')
    const outside = scratchDir('nogit')
    const result = await runCli(['merge-driver', 'install', '--pattern', '*.enc.yaml'], { cwd: outside })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('not a git repository')
  })

  it.each([
    [
      'a newline',
      'policy:\n  - path: "apps/*.yaml\\n* filter=evil"\n    backend: sops\n',
      /control character/,
    ],
    ['a space', 'policy:\n  - path: "apps/my secrets/*.yaml"\n    backend: sops\n', /whitespace/],
  ])('refuses a policy path with %s before writing .gitattributes', async (_name, config, problem) => {
    const { dir, write } = makeRepo({ git: true, config })
    write('.gitattributes', '*.png binary\n')
    const result = await runCli(['merge-driver', 'install'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(problem)
    // eslint-disable-next-line no-control-regex -- asserting no control characters remain
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/)
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('*.png binary\n')
    const pattern = await runCli(['merge-driver', 'install', '--pattern', '*.yaml\n* filter=evil'], {
      cwd: dir,
    })
    expect(pattern.exitCode).toBe(2)
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('*.png binary\n')
  })
})

const DRIVER = fileURLToPath(new URL('../support/fake-merge-driver.mjs', import.meta.url))

describe('gitseal merge-driver under a real git merge', () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    })

  function repoWithBranches(ours: string, theirs: string) {
    const { dir, write } = makeRepo({ git: true })
    write('apps/db/secret.sops.yaml', enc(BASE))
    git(dir, 'add', '-A')
    git(dir, 'commit', '-qm', 'base')
    git(dir, 'checkout', '-qb', 'theirs')
    write('apps/db/secret.sops.yaml', enc(theirs))
    git(dir, 'commit', '-qam', 'theirs')
    git(dir, 'checkout', '-q', '-')
    write('apps/db/secret.sops.yaml', enc(ours))
    git(dir, 'commit', '-qam', 'ours')
    return dir
  }

  async function install(dir: string): Promise<void> {
    expect((await runCli(['merge-driver', 'install'], { cwd: dir })).exitCode).toBe(0)
    // The installed command, with the test's codec: `node DRIVER` instead of `gitseal merge-driver`.
    git(dir, 'config', 'merge.gitseal.driver', `${process.execPath} ${DRIVER} %O %A %B %P`)
  }

  it('merges edits to different keys of an encrypted file without a conflict', async () => {
    const dir = repoWithBranches(
      BASE.replace('password: one', 'password: two'),
      BASE.replace('user: app', 'user: admin'),
    )
    await install(dir)
    git(dir, 'merge', '-q', '--no-edit', 'theirs')
    const merged = dec(readFileSync(join(dir, 'apps/db/secret.sops.yaml'), 'utf8'))
    expect(merged).toContain('user: admin # login\n  password: two\n')
  })

  it('on a conflicting key git reports a conflict and the work tree holds only our encrypted file', async () => {
    const dir = repoWithBranches(BASE.replace('one', 'our-s3cret'), BASE.replace('one', 'their-s3cret'))
    await install(dir)
    expect(() => git(dir, 'merge', '-q', '--no-edit', 'theirs')).toThrow()
    const file = readFileSync(join(dir, 'apps/db/secret.sops.yaml'), 'utf8')
    expect(file).toBe(enc(BASE.replace('one', 'our-s3cret')))
    expect(git(dir, 'status', '--porcelain')).toContain('UU apps/db/secret.sops.yaml')
    const plaintext = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes('/.git/'))
      .filter((entry) => readFileSync(join(entry.parentPath, entry.name)).includes('s3cret'))
    expect(plaintext).toEqual([])
  })
})
