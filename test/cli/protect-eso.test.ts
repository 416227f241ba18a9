/**
 * The workflow commands with the real eso backend: a conversion to ESO either pushes the values to
 * Secrets Manager (the local test server, real AWS SDK) or refuses, leaving every file as it was.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { secretsManagerForFile, TEST_CREDENTIALS } from '../support/secrets-manager-server.js'
import { makeRepo, secretYaml } from '../support/repo.js'

const RULE =
  'policy:\n  - path: apps/*/overlays/*/external-*.yaml\n    backend: eso\n    store: aws-secrets-manager\n    storeKind: ClusterSecretStore\n'
const PUSH_RULE = `${RULE}    push: true\n    region: eu-west-1\n`

const server = secretsManagerForFile()
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const awsEnv = () => ({
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL: server.endpoint,
})

function repo(config: string) {
  const made = makeRepo({ config })
  dirs.push(made.dir)
  return made
}

/** The refusal every command gives: exit 2, the file named, both ways forward. */
function expectRefusal(result: { exitCode: number; stderr: string }, file: string): void {
  expect(result.exitCode).toBe(2)
  expect(result.stderr).toContain(file)
  expect(result.stderr).toContain('push: true')
  expect(result.stderr).toContain('--push')
  // The way to push by hand reads the plaintext manifest and writes FILE: never `eso push FILE`,
  // which for new secret or convert would name a file without values (or none at all).
  expect(result.stderr).toContain(`gitseal eso push SECRET.yaml --region R -o ${file}`)
  expect(result.stderr).not.toContain('eso-s3cret')
  expect(server.writes()).toEqual([])
}

describe('no command drops a value when converting to eso', () => {
  it('protect refuses without push (file byte-identical) and pushes with --push or push: true', async () => {
    const { dir, write } = repo(RULE)
    const path = 'apps/api/overlays/prod/external-db.yaml'
    const file = write(path, secretYaml('db', { password: 'eso-s3cret' }, 'api'))
    const before = readFileSync(file)
    const refused = await runCli(['protect', '-i', file], { cwd: dir, env: awsEnv() })
    expectRefusal(refused, path)
    expect(readFileSync(file)).toEqual(before)

    const pushed = await runCli(['protect', '-i', file, '--push'], { cwd: dir, env: awsEnv() })
    expect(pushed.stderr).toBe('protected 1 file(s)\n')
    expect(pushed.exitCode).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('eso-s3cret')
    expect(parse(text)).toMatchObject({
      kind: 'ExternalSecret',
      spec: { secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' } },
    })
    expect([...server.secrets.values()].map((s) => s.versions[0]?.string)).toEqual([
      JSON.stringify({ password: 'eso-s3cret' }),
    ])

    const status = await runCli(['status', '--json'], { cwd: dir })
    const report = JSON.parse(status.stdout) as { files: { documents: { summary: string }[] }[] }
    expect(report.files[0]?.documents[0]?.summary).toContain('ClusterSecretStore/aws-secrets-manager')

    // From eso there is nothing to reveal: convert refuses and leaves the file.
    const back = await runCli(['convert', file, '--to', 'sops'], { cwd: dir })
    expect(back.exitCode).toBe(2)
    expect(back.stderr).toContain('the eso backend cannot reveal its values')
    expect(readFileSync(file, 'utf8')).toBe(text)

    const { dir: dir2, write: write2 } = repo(PUSH_RULE)
    const file2 = write2(path, secretYaml('db', { password: 'eso-s3cret' }, 'api'))
    const byRule = await runCli(['protect', '-i', file2], { cwd: dir2, env: awsEnv() })
    expect(byRule.exitCode).toBe(0)
    expect(parse(readFileSync(file2, 'utf8'))).toMatchObject({ kind: 'ExternalSecret' })
  })

  it('new secret refuses without push (no file written) and pushes with --push', async () => {
    const { dir } = repo(RULE)
    const path = 'apps/api/overlays/prod/external-api.yaml'
    const args = ['new', 'secret', 'api', '-n', 'api', '--from-literal', 'token=eso-s3cret', '-o', path]
    const refused = await runCli(args, { cwd: dir, env: awsEnv() })
    expectRefusal(refused, path)
    expect(existsSync(join(dir, path))).toBe(false)

    const pushed = await runCli([...args, '--push'], { cwd: dir, env: awsEnv() })
    expect(pushed.exitCode).toBe(0)
    expect(parse(readFileSync(join(dir, path), 'utf8'))).toMatchObject({ kind: 'ExternalSecret' })
    expect(server.writes().length).toBeGreaterThan(0)
  })

  it('convert --to eso refuses without push (file byte-identical) and pushes with --push', async () => {
    const { dir, write } = repo(RULE)
    const path = 'apps/api/overlays/prod/external-db.yaml'
    const file = write(path, secretYaml('db', { password: 'eso-s3cret' }, 'api'))
    const before = readFileSync(file)
    const refused = await runCli(['convert', file, '--to', 'eso'], { cwd: dir, env: awsEnv() })
    expectRefusal(refused, path)
    expect(readFileSync(file)).toEqual(before)

    const pushed = await runCli(['convert', file, '--to', 'eso', '--push'], { cwd: dir, env: awsEnv() })
    expect(pushed.exitCode).toBe(0)
    expect(parse(readFileSync(file, 'utf8'))).toMatchObject({ kind: 'ExternalSecret' })
    expect(server.current('api/db')).toBe(JSON.stringify({ password: 'eso-s3cret' }))
  })

  it('convert --to eso without a store names the file and where in gitseal.yaml to set it', async () => {
    // The eso rule on line 2 matches but names no store; `--to eso` for a path no eso rule matches.
    const { dir, write } = repo(
      'policy:\n  - path: apps/*/overlays/*/external-*.yaml\n    backend: eso\n    push: true\n',
    )
    const path = 'apps/api/overlays/prod/external-db.yaml'
    const file = write(path, secretYaml('db', { password: 'eso-s3cret' }, 'api'))
    const before = readFileSync(file)
    const ruled = await runCli(['convert', file, '--to', 'eso'], { cwd: dir, env: awsEnv() })
    expect(ruled.exitCode).toBe(2)
    expect(ruled.stderr).toContain(`${path}: \`store\``)
    expect(ruled.stderr).toContain(`the eso rule at ${join(dir, 'gitseal.yaml')}:2 does not name it`)
    expect(ruled.stderr).toContain('Set `store` on that rule in')
    expect(ruled.stderr).toContain('no command-line flag sets it')

    const other = write('plain/db.yaml', secretYaml('db', { password: 'eso-s3cret' }, 'api'))
    const unruled = await runCli(['convert', other, '--to', 'eso'], { cwd: dir, env: awsEnv() })
    expect(unruled.exitCode).toBe(2)
    expect(unruled.stderr).toContain('plain/db.yaml: `store`')
    expect(unruled.stderr).toContain('no eso rule in')
    expect(unruled.stderr).toContain('with backend: eso and store:')
    for (const result of [ruled, unruled]) expect(result.stderr).not.toContain('eso-s3cret')
    expect(readFileSync(file)).toEqual(before)
    expect(server.writes()).toEqual([])
  })

  it('a push to an endpoint the gitseal.yaml rule names is said, once per rule; plain http to another machine too (red team 24)', async () => {
    const { dir, write } = repo(`${PUSH_RULE}    endpoint: ${server.endpoint}\n`)
    const files = ['db', 'mq'].map((name) =>
      write(
        `apps/api/overlays/prod/external-${name}.yaml`,
        secretYaml(name, { password: 'eso-s3cret' }, 'api'),
      ),
    )
    const pushed = await runCli(['protect', '-i', ...files], { cwd: dir, env: awsEnv() })
    expect(pushed.exitCode, pushed.stderr).toBe(0)
    expect(pushed.stderr).toBe(
      `gitseal: warning: the gitseal.yaml rule at line 2 (path: apps/*/overlays/*/external-*.yaml) pushes the values to ${server.endpoint}, not to AWS Secrets Manager of the region; check that this is meant\nprotected 2 file(s)\n`,
    )
    const { dir: other, write: writeOther } = repo(
      `${PUSH_RULE}    endpoint: http://gitseal-test.invalid:1\n`,
    )
    const file = writeOther(
      'apps/api/overlays/prod/external-db.yaml',
      secretYaml('db', { password: 'eso-s3cret' }, 'api'),
    )
    const plain = await runCli(['protect', '-i', file], {
      cwd: other,
      env: { ...awsEnv(), AWS_ENDPOINT_URL: undefined },
    })
    expect(plain.stderr).toContain(
      'pushes the values to http://gitseal-test.invalid:1, unencrypted (plain http to another machine)',
    )
    expect(plain.stderr).not.toContain('eso-s3cret')
  })

  it('a push without a region says to set region: on the rule (protect has no --region)', async () => {
    const { dir, write } = repo(`${RULE}    push: true\n`)
    const path = 'apps/api/overlays/prod/external-db.yaml'
    const file = write(path, secretYaml('db', { password: 'eso-s3cret' }, 'api'))
    const before = readFileSync(file)
    // The SDK's own chain reads the process environment and shared config: point both at nothing.
    const saved = { region: process.env.AWS_REGION, config: process.env.AWS_CONFIG_FILE }
    delete process.env.AWS_REGION
    process.env.AWS_CONFIG_FILE = join(dir, 'no-such-aws-config')
    try {
      const result = await runCli(['protect', '-i', file], {
        cwd: dir,
        env: { ...awsEnv(), AWS_REGION: undefined },
      })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain('no AWS region given')
      expect(result.stderr).toContain(
        `To push ${path}, set region: (e.g. region: eu-west-1) on the eso rule at ${join(dir, 'gitseal.yaml')}:2`,
      )
      expect(result.stderr).not.toContain('--region')
    } finally {
      if (saved.region === undefined) delete process.env.AWS_REGION
      else process.env.AWS_REGION = saved.region
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE
      else process.env.AWS_CONFIG_FILE = saved.config
    }
    expect(readFileSync(file)).toEqual(before)
    expect(server.writes()).toEqual([])
  })
})
