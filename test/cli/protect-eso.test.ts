/** The workflow commands with the real eso backend (no AWS involved: no `push` in the rule). */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { makeRepo, secretYaml } from '../policy/repo.js'

const CONFIG =
  'policy:\n  - path: apps/*/overlays/*/external-*.yaml\n    backend: eso\n    store: aws-secrets-manager\n    storeKind: ClusterSecretStore\n'

describe('protect / status / convert with the eso backend', () => {
  it('turns a Secret into an ExternalSecret reading the policy store; status names the store; convert refuses', async () => {
    const { dir, write } = makeRepo({ config: CONFIG })
    const file = write(
      'apps/api/overlays/prod/external-db.yaml',
      secretYaml('db', { password: 'eso-s3cret' }, 'api'),
    )
    const protect = await runCli(['protect', '-i', file], { cwd: dir })
    expect(protect.stderr).toBe('protected 1 file(s)\n')
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('eso-s3cret')
    expect(parse(text)).toMatchObject({
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'api' },
      spec: { secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' } },
    })

    const status = await runCli(['status', '--json'], { cwd: dir })
    expect(status.exitCode).toBe(0)
    const report = JSON.parse(status.stdout) as {
      files: { documents: { backend: string; summary: string }[] }[]
    }
    expect(report.files[0]?.documents[0]?.backend).toBe('eso')
    expect(report.files[0]?.documents[0]?.summary).toContain('ClusterSecretStore/aws-secrets-manager')

    const convert = await runCli(['convert', file, '--to', 'sealed'], { cwd: dir })
    expect(convert.exitCode).toBe(2)
    expect(convert.stderr).toMatch(
      /the eso backend cannot reveal its values|backend "sealed" is not available/,
    )
    expect(readFileSync(file, 'utf8')).toBe(text)
  })
})
