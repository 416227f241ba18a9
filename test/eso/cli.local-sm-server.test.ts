/**
 * `gitseal eso ...` end to end: in-process runs, and the built bin as a child process, both using the
 * real AWS SDK against the local Secrets Manager test server (no AWS account).
 */
import { execFile, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { BIN, runCli } from '../support/cli.js'
import { secretsManagerForFile, TEST_CREDENTIALS } from '../support/secrets-manager-server.js'
import { crdProblems } from '../support/crd-schema.js'
import { scratchDir } from '../support/scratch.js'

const server = secretsManagerForFile()
let dir: string

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
  labels:
    app: api
type: kubernetes.io/basic-auth
stringData:
  username: admin
  password: hunter2-very-secret
  tls.ca: CA
`
function workdir(): string {
  dir = scratchDir('eso')
  writeFileSync(join(dir, 'secret.yaml'), SECRET)
  return dir
}
const env = () => ({
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'eu-west-1',
})
const docsOf = (text: string): unknown[] => parseAllDocuments(text).map((d) => d.toJS() as unknown)

describe('gitseal eso externalsecret / store aws / pushsecret', () => {
  it('writes a valid ExternalSecret atomically with -o, from a file or stdin', async () => {
    const cwd = workdir()
    const result = await runCli(['eso', 'externalsecret', 'secret.yaml', '--store', 'aws', '-o', 'es.yaml'], {
      cwd,
    })
    expect(result).toMatchObject({ exitCode: 0, stdout: '' })
    const [es] = docsOf(readFileSync(join(cwd, 'es.yaml'), 'utf8'))
    expect(crdProblems(es)).toEqual([])
    expect(readFileSync(join(cwd, 'es.yaml'), 'utf8')).not.toContain('hunter2')

    const fromStdin = await runCli(
      ['eso', 'externalsecret', '--store', 'aws', '--format', 'json', '--per-key'],
      {
        stdin: SECRET,
      },
    )
    expect(fromStdin.exitCode).toBe(0)
    const json = JSON.parse(fromStdin.stdout) as { spec: { data: { remoteRef: { key: string } }[] } }
    expect(json.spec.data.map((d) => d.remoteRef.key)).toEqual([
      'prod/db/username',
      'prod/db/password',
      'prod/db/tls.ca',
    ])
    expect(crdProblems(json)).toEqual([])
  })

  it('v1beta1 warns; bad flags and inputs exit 2 with a hint', async () => {
    const beta = await runCli(['eso', 'externalsecret', '--store', 'aws', '--api-version', 'v1beta1'], {
      stdin: SECRET,
    })
    expect(beta.exitCode).toBe(0)
    expect(beta.stderr).toMatch(/warning: external-secrets.io\/v1beta1 is not served since ESO v0.17/)
    expect(crdProblems(parse(beta.stdout))).toEqual([])
    const kind = await runCli(['eso', 'externalsecret', '--store', 'aws', '--store-kind', 'Vault'], {
      stdin: SECRET,
    })
    expect(kind.exitCode).toBe(2)
    expect(kind.stderr).toMatch(
      /unknown store kind "Vault"\n {2}hint: Use one of: SecretStore, ClusterSecretStore/,
    )
    expect((await runCli(['eso', 'externalsecret'], { stdin: SECRET })).stderr).toMatch(/no store given/)
    const notSecret = await runCli(['eso', 'externalsecret', '--store', 'a'], { stdin: 'kind: ConfigMap\n' })
    expect(notSecret).toMatchObject({ exitCode: 2 })
    expect(notSecret.stderr).toMatch(/<stdin>: no Secret found/)
    const empty = await runCli(['eso', 'externalsecret', '--store', 'a'], {
      stdin: 'apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: y}\n',
    })
    expect(empty.exitCode).toBe(2)
    expect(empty.stderr).toMatch(/has no data/)
  })

  it('store aws: jwt, secret refs, cluster-wide; region required', async () => {
    const jwt = await runCli([
      'eso',
      'store',
      'aws',
      '--region',
      'eu-west-1',
      '--auth',
      'jwt',
      '--service-account',
      'eso',
    ])
    expect(jwt.exitCode).toBe(0)
    expect(crdProblems(parse(jwt.stdout))).toEqual([])
    const cluster = await runCli([
      'eso', 'store', 'aws', '--region', 'us-east-1', '--cluster-wide', '--auth', 'secret',
      '--access-key-ref', 'creds:id', '--secret-key-ref', 'creds:key', '--auth-namespace', 'eso', '--format', 'json',
    ]) // prettier-ignore
    expect(cluster.exitCode).toBe(0)
    const store = JSON.parse(cluster.stdout) as Record<string, unknown>
    expect(store.kind).toBe('ClusterSecretStore')
    expect(crdProblems(store)).toEqual([])
    const noRegion = await runCli(['eso', 'store', 'aws'])
    expect(noRegion.exitCode).toBe(2)
    expect(noRegion.stderr).toMatch(/no AWS region given\n {2}hint: Pass --region/)
    expect((await runCli(['eso', 'store', 'aws', '--region', 'eu-west-1', '--auth', 'jwt'])).exitCode).toBe(2)
    expect((await runCli(['eso', 'store', 'aws', '--region', 'eu-west-1', '--auth', 'x'])).exitCode).toBe(2)
  })

  it('pushsecret: a valid PushSecret', async () => {
    const result = await runCli(['eso', 'pushsecret', '--store', 'aws'], { stdin: SECRET })
    expect(result.exitCode).toBe(0)
    expect(crdProblems(parse(result.stdout))).toEqual([])
    expect(result.stdout).not.toContain('hunter2')
  })
})

describe('gitseal eso push / verify (real AWS SDK, local Secrets Manager test server)', () => {
  it('--dry-run lists names only and sends no write request', async () => {
    const cwd = workdir()
    const args = ['eso', 'push', 'secret.yaml', '--endpoint', server.endpoint, '--dry-run', '-o', 'es.yaml']
    const result = await runCli(args, { cwd, env: env() })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe('would create prod/db (3 keys)\ndry run: nothing was written\n')
    expect(result.stdout + result.stderr).not.toContain('hunter2')
    expect(server.writes()).toEqual([])
    expect(existsSync(join(cwd, 'es.yaml'))).toBe(false)
  })

  it('pushes, writes the ExternalSecret, is idempotent, and verify passes', async () => {
    const cwd = workdir()
    const args = [
      'eso',
      'push',
      'secret.yaml',
      '--endpoint',
      server.endpoint,
      '--store',
      'aws',
      '-o',
      'es.yaml',
    ]
    const first = await runCli([...args, '--tags', 'team=api'], { cwd, env: env() })
    expect(first).toMatchObject({ exitCode: 0, stdout: '' })
    expect(first.stderr).toBe('created prod/db (3 keys)\n')
    expect(JSON.parse(server.current('prod/db')!)).toEqual({
      username: 'admin',
      password: 'hunter2-very-secret',
      'tls.ca': 'CA',
    })
    const [es] = docsOf(readFileSync(join(cwd, 'es.yaml'), 'utf8'))
    expect(crdProblems(es)).toEqual([])

    const again = await runCli([...args, '--json'], { cwd, env: env() })
    expect(again.exitCode).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({
      dryRun: false,
      actions: [
        { secret: 'db', name: 'prod/db', action: 'unchanged', keys: ['username', 'password', 'tls.ca'] },
      ],
      output: 'es.yaml',
    })
    expect(server.secrets.get('prod/db')!.versions).toHaveLength(1)

    const ok = await runCli(['eso', 'verify', 'es.yaml', '--endpoint', server.endpoint], { cwd, env: env() })
    expect(ok.exitCode).toBe(0)
    expect(
      ok.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('ok ')),
    ).toBe(true)
    expect(ok.stderr).toMatch(/3 reference\(s\) checked, 0 missing/)

    server.secrets.get('prod/db')!.versions[0]!.string = '{"username":"admin"}'
    const missing = await runCli(['eso', 'verify', 'es.yaml', '--endpoint', server.endpoint, '--json'], {
      cwd,
      env: env(),
    })
    expect(missing.exitCode).toBe(1)
    const report = JSON.parse(missing.stdout) as {
      ok: boolean
      checks: { status: string; secretKey: string }[]
    }
    expect(report.ok).toBe(false)
    expect(report.checks.filter((c) => c.status === 'missing-property').map((c) => c.secretKey)).toEqual([
      'password',
      'tls.ca',
    ])
    expect(missing.stdout).not.toContain('admin')
  })

  it('remote errors exit 4 and leave the output file as it was; no region exits 2', async () => {
    const cwd = workdir()
    writeFileSync(join(cwd, 'es.yaml'), 'old: content\n')
    server.seed('prod/db', '{}').deletedDate = Date.now() / 1000
    const args = ['eso', 'push', 'secret.yaml', '--endpoint', server.endpoint, '-o', 'es.yaml']
    const deleted = await runCli(args, { cwd, env: env() })
    expect(deleted.exitCode).toBe(4)
    expect(deleted.stderr).toMatch(/"prod\/db": the secret is scheduled for deletion\n {2}hint: Restore it/)
    expect(readFileSync(join(cwd, 'es.yaml'), 'utf8')).toBe('old: content\n')
    server.secrets.clear()
    server.failures.push({ type: 'AccessDeniedException', message: 'not authorized' })
    const denied = await runCli(args, { cwd, env: env() })
    expect(denied.exitCode).toBe(4)
    expect(denied.stderr).toMatch(/access denied/)
    // The SDK's own chain reads the process environment and shared config: point both at nothing.
    const saved = { region: process.env.AWS_REGION, config: process.env.AWS_CONFIG_FILE }
    delete process.env.AWS_REGION
    process.env.AWS_CONFIG_FILE = join(cwd, 'no-such-aws-config')
    try {
      const noRegion = await runCli(args, { cwd, env: { ...env(), AWS_REGION: undefined } })
      expect(noRegion.exitCode).toBe(2)
      expect(noRegion.stderr).toMatch(/no AWS region given/)
      // ... while a profile's region is used, as the AWS CLI would.
      writeFileSync(join(cwd, 'aws-config'), '[default]\nregion = eu-west-1\n')
      process.env.AWS_CONFIG_FILE = join(cwd, 'aws-config')
      const fromProfile = await runCli([...args.slice(0, -2), '--dry-run'], {
        cwd,
        env: { ...env(), AWS_REGION: undefined },
      })
      expect(fromProfile.exitCode).toBe(0)
    } finally {
      if (saved.region === undefined) delete process.env.AWS_REGION
      else process.env.AWS_REGION = saved.region
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE
      else process.env.AWS_CONFIG_FILE = saved.config
    }
    expect(readFileSync(join(cwd, 'es.yaml'), 'utf8')).toBe('old: content\n')
  })

  it('an endless answer exits 2 (E_TOO_LARGE) at the size cap and leaves the output file as it was (real SDK, local Secrets Manager wire-protocol server)', async () => {
    const cwd = workdir()
    writeFileSync(join(cwd, 'es.yaml'), 'old: content\n')
    server.endlessAnswer = 'chunked'
    try {
      const result = await runCli(
        ['eso', 'push', 'secret.yaml', '--endpoint', server.endpoint, '-o', 'es.yaml'],
        {
          cwd,
          env: env(),
        },
      )
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain('the answer is larger than 1048576 bytes; stopped reading')
      expect(result.stderr).toContain('hint: Secrets Manager answers are far smaller')
      expect(result.stderr).not.toContain('hunter2')
    } finally {
      server.endlessAnswer = undefined
    }
    expect(readFileSync(join(cwd, 'es.yaml'), 'utf8')).toBe('old: content\n')
  })

  it('--timeout: a server slower than it fails the push with exit 4 after about that long (real SDK, loopback server)', async () => {
    const cwd = workdir()
    server.delayMs = 30_000
    const start = performance.now()
    try {
      const args = ['eso', 'push', 'secret.yaml', '--endpoint', server.endpoint, '--timeout', '0.5']
      const result = await runCli(args, { cwd, env: env() })
      expect(result.exitCode, result.stderr).toBe(4)
      expect(result.stderr).toMatch(/^gitseal: /)
      // The deadline it hit, and why it is not the --timeout given: each attempt gets it.
      expect(result.stderr).toMatch(/within 2\.5 s \(5 attempts of up to --timeout 0\.5 s\)/)
      expect(result.stderr).not.toContain('hunter2')
    } finally {
      server.delayMs = 0
    }
    // The SDK's retries each get the timeout; far below the server's 30 s either way.
    expect(performance.now() - start).toBeLessThan(15_000)
    expect(
      (await runCli(['eso', 'push', 'secret.yaml', '--timeout', '0'], { cwd, env: env() })).stderr,
    ).toMatch(/--timeout must be a positive number of seconds/)
  }, 60_000)

  it("the server's __type and message reach stderr with terminal escapes escaped (real SDK, loopback server)", async () => {
    const cwd = workdir()
    server.failures.push({ type: 'Evil\u001b]0;owned\u0007\u001b[2JType', message: 'no\u001b[31m way' })
    const result = await runCli(['eso', 'push', 'secret.yaml', '--endpoint', server.endpoint], {
      cwd,
      env: env(),
    })
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toMatch(/Evil\\(x1b|u001b)\]0;owned/)
    // eslint-disable-next-line no-control-regex -- asserting no control characters remain
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    // --debug shows the AWS error and its cause: escaped too.
    server.failures.push({ type: 'Evil\u001b]0;owned\u0007Type', message: 'no\u001b[31m way' })
    const debug = await runCli(['--debug', 'eso', 'push', 'secret.yaml', '--endpoint', server.endpoint], {
      cwd,
      env: env(),
    })
    expect(debug.exitCode).toBe(4)
    expect(debug.stderr).toContain('owned')
    // eslint-disable-next-line no-control-regex -- asserting no control characters remain
    expect(debug.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
  })

  it('the built bin pushes with a clean stderr: the AWS SDK Node-version warning is suppressed (real SDK, loopback server)', async () => {
    const cwd = workdir()
    const push = (extra: Record<string, string>) =>
      new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
        execFile(
          process.execPath,
          [BIN, 'eso', 'push', 'secret.yaml', '--endpoint', server.endpoint, '--store', 'aws'],
          // A clean environment: the suppression must come from gitseal, not from this test's process.
          { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env(), ...extra }, encoding: 'utf8' },
          (error, out, err) => {
            resolve({ stdout: out, stderr: err, code: error ? Number(error.code) : 0 })
          },
        )
      })
    const { stdout, stderr, code } = await push({})
    expect(stderr).toBe('created prod/db (3 keys)\n')
    expect(code).toBe(0)
    expect(crdProblems(parse(stdout))).toEqual([])
    // The control: a user's own setting wins, and with it off the real SDK does warn (it warns on
    // Node < 22 only), so the assertion above would catch gitseal no longer suppressing it.
    const loud = await push({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' })
    expect(loud.code).toBe(0)
    const major = Number(process.versions.node.split('.')[0])
    expect(loud.stderr.includes('NodeVersionSupportWarning')).toBe(major < 22)
  })
})

describe('gitseal eso push with several Secrets (local Secrets Manager test server)', () => {
  const two = `${SECRET}---\napiVersion: v1\nkind: Secret\nmetadata: {name: cache, namespace: prod}\nstringData: {url: redis://x}\n`

  it('pushes every Secret and writes one ExternalSecret per Secret', async () => {
    const cwd = workdir()
    writeFileSync(join(cwd, 'two.yaml'), two)
    const args = ['eso', 'push', 'two.yaml', '--endpoint', server.endpoint, '--store', 'aws', '-o', 'es.yaml']
    const result = await runCli(args, { cwd, env: env() })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('created prod/db (3 keys)\ncreated prod/cache (1 key)\n')
    const docs = docsOf(readFileSync(join(cwd, 'es.yaml'), 'utf8'))
    expect(docs.map((d) => (d as { metadata: { name: string } }).metadata.name)).toEqual(['db', 'cache'])
    for (const doc of docs) expect(crdProblems(doc)).toEqual([])
  })

  it('a failure on one Secret writes no ExternalSecret; bad flags fail before any request', async () => {
    const cwd = workdir()
    writeFileSync(join(cwd, 'two.yaml'), two)
    server.failures.push({ operation: 'CreateSecret', type: 'InvalidParameterException', message: 'bad' })
    const args = ['eso', 'push', 'two.yaml', '--endpoint', server.endpoint, '-o', 'es.yaml']
    const result = await runCli(args, { cwd, env: env() })
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toMatch(
      /AWS Secrets Manager CreateSecret "prod\/(db|cache)": request failed \(InvalidParameterException\)/,
    )
    expect(existsSync(join(cwd, 'es.yaml'))).toBe(false)
    // The other Secret did reach AWS, and the user is told so.
    expect(result.stderr).toMatch(/^created prod\/(db|cache) \(\d keys?\)\n/)
    expect(server.secrets.size).toBe(1)
    server.requests.length = 0
    // Two Secrets that would share a remote name are refused before anything is sent.
    const clash = await runCli(
      ['eso', 'push', 'two.yaml', '--endpoint', server.endpoint, '--key-template', 'app'],
      {
        cwd,
        env: env(),
      },
    )
    expect(clash.exitCode).toBe(2)
    expect(clash.stderr).toMatch(
      /Secrets "prod\/db" and "prod\/cache" would both be stored as remote secret "app"/,
    )
    for (const bad of [
      ['--tags', 'novalue'],
      ['--endpoint', 'ftp://x'],
      ['--key-template', '{nope}'],
      ['--tags', 'aws:x=1'],
    ]) {
      const run = await runCli(['eso', 'push', 'two.yaml', '--endpoint', server.endpoint, ...bad], {
        cwd,
        env: env(),
      })
      expect(run.exitCode).toBe(2)
    }
    // A value over the Secrets Manager limit is refused locally, naming the remote secret, not the value.
    const big = `apiVersion: v1\nkind: Secret\nmetadata: {name: big, namespace: prod}\nstringData: {blob: ${'z'.repeat(70_000)}}\n`
    writeFileSync(join(cwd, 'big.yaml'), big)
    const tooLarge = await runCli(['eso', 'push', 'big.yaml', '--endpoint', server.endpoint], {
      cwd,
      env: env(),
    })
    expect(tooLarge.exitCode).toBe(2)
    expect(tooLarge.stderr).toMatch(
      /remote secret "prod\/big" would be 700\d\d bytes; Secrets Manager stores at most 65536\n {2}hint: Use --per-key/,
    )
    expect(tooLarge.stderr).not.toContain('zzzz')
    expect(server.requests).toEqual([])
  })
})

describe('start-up cost', () => {
  it('only push and verify load the AWS SDK', () => {
    const cwd = workdir()
    const main = new URL('../../dist/cli/main.js', import.meta.url).href
    const script = `
        import { createRequire } from 'node:module'
        const { run } = await import(${JSON.stringify(main)})
        const io = { stdout: () => {}, stderr: () => {}, readStdin: async () => new Uint8Array(), env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' },
          cwd: ${JSON.stringify(cwd)}, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }
        const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@aws-sdk'))
        const out = []
        for (const argv of [['eso', 'externalsecret', 'secret.yaml', '--store', 'aws'], ['eso', 'pushsecret', 'secret.yaml', '--store', 'aws'],
          ['eso', 'store', 'aws', '--region', 'eu-west-1'], ['eso', 'push', 'secret.yaml', '--region', 'eu-west-1', '--endpoint', 'http://127.0.0.1:1', '--dry-run']]) {
          const code = await run(argv, io)
          out.push(argv[1] + ':' + code + ':' + loaded())
        }
        console.log(out.join(' '))
      `
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: cwd, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' },
      timeout: 60_000,
    })
    expect(result.stdout.trim()).toBe('externalsecret:0:false pushsecret:0:false store:0:false push:4:true')
  })
})
