/**
 * End to end on a realistic GitOps repository with the built-in backends: init, new secret, protect,
 * status, convert and a real `git merge` through the merge driver. SOPS output is checked
 * independently: the real `age` binary unwraps the data key and node:crypto opens each value.
 */
import { execFileSync } from 'node:child_process'
import { createDecipheriv } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { builtinBackends } from '../../src/workflow/builtin.js'
import { BIN, runCli } from '../support/cli.js'
import { makeRepo, secretYaml } from '../support/repo.js'
import { secretsManagerForFile, TEST_CREDENTIALS } from '../support/secrets-manager-server.js'

/** The plaintext of every `data` value of a SOPS-encrypted Secret, opened without gitseal. */
function sopsData(text: string, keyFile: string): Record<string, string> {
  const doc = parse(text) as {
    data?: Record<string, string>
    stringData?: Record<string, string>
    sops: { age: { enc: string }[] }
  }
  const dataKey = execFileSync('age', ['-d', '-i', keyFile], { input: doc.sops.age[0]!.enc })
  const out: Record<string, string> = {}
  const fields = [
    ['data', doc.data],
    ['stringData', doc.stringData],
  ] as const
  for (const [field, values] of fields) {
    for (const [key, value] of Object.entries(values ?? {})) {
      const m = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:str\]$/.exec(value)
      if (!m) throw new Error(`${field}.${key} is not a sops value`)
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(m[2]!, 'base64'))
      decipher.setAAD(Buffer.from(`${field}:${key}:`))
      decipher.setAuthTag(Buffer.from(m[3]!, 'base64'))
      const plain = Buffer.concat([
        decipher.update(Buffer.from(m[1]!, 'base64')),
        decipher.final(),
      ]).toString()
      out[key] = field === 'data' ? Buffer.from(plain, 'base64').toString() : plain
    }
  }
  return out
}

// init writes eso rules with `push: true`: the values go to the local Secrets Manager test server.
const server = secretsManagerForFile()

describe('repository workflow end to end (built-in sops and eso backends)', () => {
  it('lists every built-in backend by name, and refuses a second backend with a built-in name', async () => {
    const backends = await builtinBackends()
    expect(backends.backends.map((backend) => backend.name)).toEqual(['sealed', 'sops', 'eso'])
    expect(['sealed', 'sops', 'eso'].map((name) => backends.get(name)?.name)).toEqual([
      'sealed',
      'sops',
      'eso',
    ])
    const impostor = { ...backends.get('sops')! }
    await expect(builtinBackends([impostor])).rejects.toMatchObject({ code: 'E_USAGE' })
  })

  it('init → new secret → protect → status → convert → git merge', async () => {
    const { dir, write } = makeRepo({ git: true })
    const keyFile = join(dir, 'keys/age.txt')
    const env = {
      HOME: dir,
      SOPS_AGE_KEY_FILE: keyFile,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: server.endpoint,
    }
    const cli = (args: string[]) => runCli(args, { cwd: dir, env })
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      })

    const init = await cli([
      'init',
      '--yes',
      '--backend',
      'sops',
      '--backend',
      'prod=eso',
      '--eso-store',
      'aws-sm',
      '--age-key-file',
      'keys/age.txt',
      '--force',
      '--no-hook',
    ])
    expect(init.stderr).toContain('wrote gitseal.yaml')
    expect(init.exitCode).toBe(0)

    // new secret: dev is sops by policy, recipients from .sops.yaml.
    // `gitseal new secret db -n api` with these values into the dev file.
    const newDevSecret = (password: string, user: string, ...extra: string[]) =>
      cli([
        ...['new', 'secret', 'db', '-n', 'api', '-o', 'apps/api/overlays/dev/db.yaml'],
        ...['--from-literal', `password=${password}`, '--from-literal', `user=${user}`, ...extra],
      ])
    const created = await newDevSecret('e2e-s3cret', 'app')
    expect(created.stderr).toContain('(sops, 2 key(s))')
    const devFile = join(dir, 'apps/api/overlays/dev/db.yaml')
    expect(readFileSync(devFile, 'utf8')).not.toContain('e2e-s3cret')
    expect(sopsData(readFileSync(devFile, 'utf8'), keyFile)).toEqual({ password: 'e2e-s3cret', user: 'app' })

    // protect: staging is sops too.
    const staging = write(
      'apps/web/overlays/staging/db.yaml',
      secretYaml('web', { token: 'e2e-t0ken' }, 'web'),
    )
    expect((await cli(['protect', '-i', staging])).exitCode).toBe(0)
    expect(sopsData(readFileSync(staging, 'utf8'), keyFile)).toEqual({ token: 'e2e-t0ken' })

    // convert: dev sops → an ExternalSecret in prod (eso, store from the policy).
    const converted = await cli([
      'convert',
      devFile,
      '--to',
      'eso',
      '--key',
      keyFile,
      '-o',
      'apps/api/overlays/prod/db.yaml',
    ])
    expect(converted.stderr).toContain('converted')
    expect(parse(readFileSync(join(dir, 'apps/api/overlays/prod/db.yaml'), 'utf8'))).toMatchObject({
      kind: 'ExternalSecret',
      spec: { secretStoreRef: { name: 'aws-sm' } },
    })
    expect(server.current('api/db')).toBe(JSON.stringify({ password: 'e2e-s3cret', user: 'app' }))

    const status = await cli(['status', '--json'])
    expect(status.exitCode).toBe(0)
    const report = JSON.parse(status.stdout) as {
      files: { path: string; documents: { backend?: string }[] }[]
    }
    expect(report.files.map((f) => [f.path, f.documents[0]?.backend])).toEqual([
      ['apps/api/overlays/dev/db.yaml', 'sops'],
      ['apps/api/overlays/prod/db.yaml', 'eso'],
      ['apps/web/overlays/staging/db.yaml', 'sops'],
    ])

    // git merge through the driver init installed (run from the built bin): different keys merge cleanly.
    git('config', 'merge.gitseal.driver', `${process.execPath} ${BIN} merge-driver %O %A %B %P`)
    git('add', '-A')
    git('commit', '-qm', 'base')
    git('checkout', '-qb', 'theirs')
    expect((await newDevSecret('e2e-s3cret', 'admin', '--force')).exitCode).toBe(0)
    git('commit', '-qam', 'theirs: user')
    git('checkout', '-q', '-')
    expect((await newDevSecret('n3w-s3cret', 'app', '--force')).exitCode).toBe(0)
    git('commit', '-qam', 'ours: password')
    git('merge', '-q', '--no-edit', 'theirs')
    expect(sopsData(readFileSync(devFile, 'utf8'), keyFile)).toEqual({
      password: 'n3w-s3cret',
      user: 'admin',
    })

    write('apps/web/overlays/prod/leak.yaml', secretYaml('leak', { token: 'e2e-s3cret' }))
    const leak = await cli(['status'])
    expect(leak.exitCode).toBe(1)
    expect(leak.stdout).toContain('is a plaintext Secret; policy')
    expect(leak.stdout + leak.stderr).not.toContain('e2e-s3cret')
  })
})
