import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { runWithFakes } from '../support/fake-backends.js'
import { FAKE_CONFIG, makeRepo } from '../support/repo.js'
import { scriptedPrompter } from '../support/scripted-prompter.js'

/** The plaintext values of a fake-seal output (the fake "encrypts" by reversing bytes). */
function revealFake(text: string): Record<string, string> {
  const doc = parse(text) as { spec: { data: Record<string, string> } }
  return Object.fromEntries(
    Object.entries(doc.spec.data).map(([k, v]) => [k, Buffer.from(v, 'base64').reverse().toString('utf8')]),
  )
}

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    if (readFileSync(path).includes(needle)) found.push(path)
  }
  return found
}

const TLS = parse(
  readFileSync(new URL('../../fixtures/sealed-real/example-key.yaml', import.meta.url), 'utf8'),
) as {
  data: Record<string, string>
}

describe('gitseal new secret', () => {
  it('builds from literals, files, directories and env files and protects by the -o path', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    write('in/ca.pem', 'CA-BYTES')
    write('in/dir/a', 'A')
    write('in/dir/b', 'B')
    write('in/dir/not valid', 'skipped')
    write('in/app.env', '\uFEFF# comment\n\n  USER=app\nPASS=p=w "q"\nFROM_ENV\nMISSING\n')
    const result = await runWithFakes(
      [
        'new',
        'secret',
        'db',
        '-n',
        'prod',
        '--from-literal',
        'password=s3cr3t=x',
        '--from-file',
        'in/ca.pem',
        '--from-file',
        'custom=in/ca.pem',
        '--from-file',
        'in/dir',
        '--from-env-file',
        'in/app.env',
        '-o',
        'apps/api/overlays/prod/db.yaml',
      ],
      { cwd: dir, env: { FROM_ENV: 'env-value' } },
    )
    expect(result.stderr).toBe('wrote apps/api/overlays/prod/db.yaml (fake-seal, 8 key(s))\n')
    const written = readFileSync(join(dir, 'apps/api/overlays/prod/db.yaml'), 'utf8')
    expect(parse(written)).toMatchObject({ kind: 'FakeSealed', metadata: { name: 'db', namespace: 'prod' } })
    expect(revealFake(written)).toEqual({
      password: 's3cr3t=x',
      'ca.pem': 'CA-BYTES',
      custom: 'CA-BYTES',
      a: 'A',
      b: 'B',
      USER: 'app',
      PASS: 'p=w "q"',
      FROM_ENV: 'env-value',
    })
    expect(filesContaining(dir, 's3cr3t')).toEqual([])
  })

  it('builds tls and docker-registry Secrets as kubectl does', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    write('tls.crt', Buffer.from(TLS.data['tls.crt']!, 'base64').toString())
    write('tls.key', Buffer.from(TLS.data['tls.key']!, 'base64').toString())
    const tls = await runWithFakes(
      [
        'new',
        'secret',
        'web',
        '--type',
        'tls',
        '--cert',
        'tls.crt',
        '--key',
        'tls.key',
        '--backend',
        'fake-seal',
      ],
      {
        cwd: dir,
      },
    )
    expect(tls.exitCode).toBe(0)
    expect((parse(tls.stdout) as { spec: { type: string } }).spec.type).toBe('kubernetes.io/tls')
    expect(Object.keys(revealFake(tls.stdout))).toEqual(['tls.crt', 'tls.key'])

    const docker = await runWithFakes(
      [
        'new',
        'secret',
        'reg',
        '--type',
        'docker-registry',
        '--docker-username',
        'u',
        '--docker-password',
        'p',
        '--docker-email',
        'e@x',
        '--backend',
        'fake-seal',
      ],
      { cwd: dir },
    )
    expect(revealFake(docker.stdout)['.dockerconfigjson']).toBe(
      '{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","email":"e@x","auth":"dTpw"}}}',
    )
  })

  it.each([
    [['--from-literal', 'novalue'], 'invalid literal source #1, expected key=value'],
    [
      ['--from-literal', 'a=1', '--from-literal', 'a=2'],
      'cannot add key a, another key by that name already exists',
    ],
    [['--from-literal', 'bad key=1'], '"bad key" is not a valid key name for a Secret'],
    [['--from-file', '=x'], 'key name for file path x missing'],
    [['--from-file', 'a=b=c'], "key names or file paths cannot contain '='"],
    [['--type', 'tls'], '--type tls needs --cert and --key'],
    [
      ['--type', 'docker-registry', '--docker-username', 'u'],
      'no terminal to ask on and --docker-password was not given',
    ],
  ])('refuses %j with exit 2: %s', async (flags, message) => {
    const { dir } = makeRepo({ config: FAKE_CONFIG })
    const result = await runWithFakes(['new', 'secret', 'db', ...flags, '--backend', 'fake-seal'], {
      cwd: dir,
    })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(message)
  })

  it('names the line of a bad env file', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    write('bad.env', 'OK=1\n1BAD=2\n')
    const result = await runWithFakes(
      ['new', 'secret', 'db', '--from-env-file', 'bad.env', '--backend', 'fake-seal'],
      { cwd: dir },
    )
    expect(result.stderr).toContain('bad.env:2: "1BAD" is not a valid key name')
  })

  it('asks for keys and masked values on a terminal; the answers never reach disk in plaintext', async () => {
    const { dir } = makeRepo({ config: FAKE_CONFIG })
    const { prompter, asked } = scriptedPrompter(['user', 'app-user', 'password', 'pr0mpted-s3cret', ''])
    const cwd = join(dir, 'apps/web/overlays/prod')
    const result = await runWithFakes(['new', 'secret', 'db', '-o', 'db.yaml'], { cwd, tty: true, prompter })
    expect(result.exitCode).toBe(0)
    expect(asked.map((q) => q.kind)).toEqual(['input', 'password', 'input', 'password', 'input'])
    expect(asked[1]?.message).toBe('Value of user')
    const written = readFileSync(join(cwd, 'db.yaml'), 'utf8')
    expect(revealFake(written)).toEqual({ user: 'app-user', password: 'pr0mpted-s3cret' })
    expect(filesContaining(dir, 'pr0mpted-s3cret')).toEqual([])
    expect(result.stderr + result.stdout).not.toContain('pr0mpted')
  })

  it('without values and without a terminal exits 2 naming the missing flag', async () => {
    const { dir } = makeRepo({ config: FAKE_CONFIG })
    const result = await runWithFakes(['new', 'secret', 'db', '--backend', 'fake-seal'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('no terminal to ask on and --from-literal was not given')
  })

  it('picks the policy for NAME.yaml in the current directory and prints to stdout without -o', async () => {
    const { dir } = makeRepo({ config: FAKE_CONFIG })
    const result = await runWithFakes(['new', 'secret', 'db', '--from-literal', 'k=v'], {
      cwd: join(dir, 'apps/api/overlays/dev'),
    })
    expect(parse(result.stdout)).toMatchObject({ kind: 'FakeRef', spec: { store: 'aws' } })
    const none = await runWithFakes(['new', 'secret', 'db', '--from-literal', 'k=v'], { cwd: dir })
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toContain('db.yaml: no policy rule')
  })

  it('never replaces an existing output without --force', async () => {
    const { dir, write } = makeRepo({ config: FAKE_CONFIG })
    const file = write('apps/api/overlays/prod/db.yaml', 'keep me\n')
    const args = ['new', 'secret', 'db', '--from-literal', 'k=v', '-o', file]
    const refused = await runWithFakes(args, { cwd: dir })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('already exists')
    expect(readFileSync(file, 'utf8')).toBe('keep me\n')
    expect((await runWithFakes([...args, '--force'], { cwd: dir })).exitCode).toBe(0)
    expect(statSync(file).size).toBeGreaterThan(10)
    mkdirSync(join(dir, 'x'))
    writeFileSync(join(dir, 'x', 'y'), '')
  })
})
