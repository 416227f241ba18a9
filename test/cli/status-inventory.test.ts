/**
 * `gitseal status` on a repository shaped like real GitOps repositories: every SOPS layout, every
 * ESO API version, legacy and listed SealedSecrets, broken ciphertext, Helm charts, substituted
 * and empty Secrets. The inventory must be truthful, its counts must add up, and the built bin
 * must print no Node warnings.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse, stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBin, runCli } from '../support/cli.js'
import { REAL_CERT_PEM } from '../support/sealed.js'

let dir = ''
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}
const secret = (name: string, data: Record<string, string>) =>
  stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'shop' }, stringData: data })
const externalSecret = (apiVersion: string, name: string, spec: Record<string, unknown>) =>
  stringify({ apiVersion, kind: 'ExternalSecret', metadata: { name }, spec })

interface Report {
  files: {
    path: string
    template?: boolean
    documents: { kind: string; name?: string; backend?: string; values?: string }[]
    problems: string[]
    warnings: string[]
  }[]
  summary: Record<string, number>
}

let report: Report
let text = ''
let binStderr = ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-status-tree-'))
  const keyFile = join(dir, '..', `${dir.split('/').pop() ?? 'x'}-age.txt`)
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
  const recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim()
  rmSync(keyFile)
  const cli = async (args: string[], stdin?: string) => {
    const result = await runCli(args, { cwd: dir, env: { HOME: dir }, ...(stdin ? { stdin } : {}) })
    expect(result.exitCode, result.stderr).toBe(0)
    return result.stdout
  }
  write('cert.pem', REAL_CERT_PEM)

  // Sealed Secrets: current, inside a List, legacy spec.data, broken and truncated values.
  write('plain/db.yaml', secret('db', { password: 'status-s3cret', user: 'app' }))
  const sealed = await cli(['seal', 'plain/db.yaml', '--cert', 'cert.pem'])
  write('apps/shop/overlays/prod/db.sealed.yaml', sealed)
  const sealedDoc = parse(sealed) as { spec: { encryptedData: Record<string, string> } }
  const good = sealedDoc.spec.encryptedData.password!
  write(
    'apps/shop/overlays/prod/list.yaml',
    stringify({ apiVersion: 'v1', kind: 'List', items: [parse(sealed), parse(sealed)] }),
  )
  write(
    'apps/shop/overlays/prod/legacy.yaml',
    stringify({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { data: good },
    }),
  )
  const broken = parse(sealed) as {
    metadata: { name: string }
    spec: { encryptedData: Record<string, string> }
  }
  broken.metadata.name = 'broken'
  broken.spec.encryptedData = { password: 'xyz', user: good.slice(0, 200) }
  write('apps/shop/overlays/prod/broken.yaml', stringify(broken))
  rmSync(join(dir, 'plain'), { recursive: true })

  // SOPS: a fully encrypted YAML, dotenv, ini, binary and binary-as-JSON.
  write('in/secret.yaml', secret('full', { password: 'status-s3cret' }))
  write('in/app.env', 'DB_PASSWORD=status-s3cret\n')
  write('in/app.ini', '[db]\npassword = status-s3cret\n')
  write('in/blob', 'status-s3cret binary\n')
  write('in/config.yaml', 'db:\n  password: status-s3cret\n')
  write('clusters/prod/full.enc.yaml', await cli(['encrypt', '--age', recipient, 'in/secret.yaml']))
  write('clusters/prod/app.env', await cli(['encrypt', '--age', recipient, 'in/app.env']))
  // Other files are read up to 4 MiB (they are looked at only for SOPS layouts): the same dotenv
  // file with a comment padding it is listed under that size and not read over it.
  const padded = (bytes: number): string =>
    `${readFileSync(join(dir, 'clusters/prod/app.env'), 'utf8')}#${'x'.repeat(bytes)}\n`
  write('clusters/prod/padded.env', padded(64 * 1024))
  write('clusters/prod/huge.env', padded(4 * 1024 * 1024))
  write('clusters/prod/config.enc.yaml', await cli(['encrypt', '--age', recipient, 'in/config.yaml']))
  write('clusters/prod/app.ini', await cli(['encrypt', '--age', recipient, 'in/app.ini']))
  write(
    'clusters/prod/tls.key.enc',
    await cli(['encrypt', '--age', recipient, '--input-type', 'binary', 'in/blob']),
  )
  write(
    'clusters/prod/blob.json',
    await cli(['encrypt', '--age', recipient, '--input-type', 'binary', '--output-type', 'json', 'in/blob']),
  )
  rmSync(join(dir, 'in'), { recursive: true })

  // External Secrets in every API version, and one mixing dataFrom with literal template data.
  const ref = { secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' } }
  write(
    'apps/shop/base/es-v1.yaml',
    externalSecret('external-secrets.io/v1', 'v1', {
      ...ref,
      data: [{ secretKey: 'a', remoteRef: { key: 'k' } }],
    }),
  )
  write(
    'apps/shop/base/es-v1beta1.yaml',
    externalSecret('external-secrets.io/v1beta1', 'v1beta1', {
      ...ref,
      dataFrom: [{ extract: { key: 'k' } }],
    }),
  )
  write(
    'apps/shop/base/es-v1alpha1.yaml',
    externalSecret('external-secrets.io/v1alpha1', 'v1alpha1', {
      ...ref,
      data: [{ secretKey: 'a', remoteRef: { key: 'k', property: 'p' } }],
    }),
  )
  write(
    'apps/shop/base/es-template.yaml',
    externalSecret('external-secrets.io/v1', 'templated', {
      ...ref,
      dataFrom: [{ extract: { key: 'k' } }],
      target: { template: { data: { 'config.yaml': 'mode: production' } } },
    }),
  )

  // Secrets with nothing to leak, a real plaintext one, and Helm charts (one not even YAML).
  write('apps/shop/base/empty.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: empty\n')
  write(
    'apps/shop/base/substituted.yaml',
    secret('subst', {
      password: '${DB_PASSWORD}',
      token: '${API_TOKEN:-none}',
      tunnel: 'op://kubernetes/cloudflare/TUNNEL_ID',
    }),
  )
  write('apps/shop/base/leak.yaml', secret('leak', { password: 'status-s3cret' }))
  write(
    'charts/shop/templates/secret.yaml',
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "shop.fullname" . }}\ndata:\n  password: {{ .Values.password | b64enc }}\n',
  )
  write(
    'charts/shop/templates/external.yaml',
    '{{- if .Values.external.enabled }}\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\n{{- end }}\n',
  )
  write('charts/shop/values.yaml', 'password: ""\n')

  const result = await runCli(['status', '--json'], { cwd: dir })
  report = JSON.parse(result.stdout) as Report
  text = (await runCli(['status'], { cwd: dir })).stdout
  binStderr = runBin(['status'], { cwd: dir }).stderr
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const file = (path: string) => report.files.find((f) => f.path === path)

describe('status on a GitOps-shaped repository', () => {
  it('lists SealedSecrets inside a List and in the legacy spec.data shape', () => {
    expect(file('apps/shop/overlays/prod/db.sealed.yaml')?.documents[0]?.backend).toBe('sealed')
    expect(file('apps/shop/overlays/prod/list.yaml')?.documents.map((d) => d.backend)).toEqual([
      'sealed',
      'sealed',
    ])
    const legacy = file('apps/shop/overlays/prod/legacy.yaml')
    expect(legacy?.documents[0]?.backend).toBe('sealed')
    expect(legacy?.problems).toEqual([])
    expect(legacy?.warnings.join()).toContain('deprecated spec.data')
  })

  it('flags broken and truncated sealed values as problems, not protection', () => {
    const broken = file('apps/shop/overlays/prod/broken.yaml')
    expect(broken?.problems).toHaveLength(2)
    expect(broken?.problems[0]).toContain('encryptedData.password is not standard base64')
    expect(broken?.problems[1]).toContain('encryptedData.user is truncated')
  })

  it('lists every SOPS layout, with readable kinds for fully encrypted documents', () => {
    for (const path of [
      'clusters/prod/full.enc.yaml',
      'clusters/prod/app.env',
      'clusters/prod/app.ini',
      'clusters/prod/tls.key.enc',
      'clusters/prod/blob.json',
    ]) {
      expect(file(path)?.documents[0]?.backend, path).toBe('sops')
    }
    expect(file('clusters/prod/full.enc.yaml')?.documents[0]?.kind).toBe('(encrypted)')
    // Kindless SOPS files are named by their layout, the binary-as-JSON one too.
    expect(file('clusters/prod/config.enc.yaml')?.documents[0]?.kind).toBe('(yaml)')
    expect(file('clusters/prod/app.env')?.documents[0]?.kind).toBe('(dotenv)')
    expect(file('clusters/prod/app.ini')?.documents[0]?.kind).toBe('(ini)')
    expect(file('clusters/prod/tls.key.enc')?.documents[0]?.kind).toBe('(binary)')
    expect(file('clusters/prod/blob.json')?.documents[0]?.kind).toBe('(binary)')
    expect(file('clusters/prod/padded.env')?.documents[0]?.backend).toBe('sops')
    expect(file('clusters/prod/huge.env')).toBeUndefined()
    expect(text).not.toMatch(/ENC\[AES256_GCM/)
  })

  it('lists ExternalSecrets of v1, v1beta1 and v1alpha1, and one with literal template data', () => {
    for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
      expect(file(`apps/shop/base/es-${version}.yaml`)?.documents[0]?.backend, version).toBe('eso')
    }
    const templated = file('apps/shop/base/es-template.yaml')
    expect(templated?.documents[0]?.backend).toBe('eso')
    expect(templated?.warnings.join()).toContain('literal text')
  })

  it('does not call Secrets without values or with only ${VAR} values plaintext; does call a real one', () => {
    expect(file('apps/shop/base/empty.yaml')?.documents[0]?.values).toBe('none')
    expect(file('apps/shop/base/substituted.yaml')?.documents[0]?.values).toBe('substituted')
    expect(file('apps/shop/base/empty.yaml')?.problems).toEqual([])
    expect(file('apps/shop/base/leak.yaml')?.problems).toEqual(['Secret "shop/leak" is a plaintext Secret'])
  })

  it('reports Helm templates once as templates, never UNREADABLE, and prints no Node warnings', () => {
    expect(file('charts/shop/templates/secret.yaml')).toMatchObject({ template: true, documents: [] })
    expect(file('charts/shop/templates/external.yaml')).toMatchObject({ template: true })
    expect(file('charts/shop/values.yaml')).toBeUndefined()
    expect(text).not.toContain('UNREADABLE')
    expect(text.match(/charts\/shop\/templates\/secret\.yaml/g)).toHaveLength(1)
    expect(binStderr).toBe('')
  })

  it('has counts that add up, and never shows a value', () => {
    const s = report.summary
    expect(s.files).toBe(report.files.length)
    expect(s.documents).toBe(report.files.reduce((n, f) => n + f.documents.length, 0))
    expect(s.protected! + s.plaintext! + s.noValues!).toBe(s.documents)
    expect(s).toMatchObject({ plaintext: 1, noValues: 2, templates: 2, problems: 3 })
    expect(text).toContain(
      `${s.files} file(s) (2 template(s) not inspected), ${s.documents} document(s): ${s.protected} protected, 1 plaintext, 2 without values; 3 problem(s)`,
    )
    expect(JSON.stringify(report) + text).not.toContain('status-s3cret')
    expect(readFileSync(join(dir, 'apps/shop/base/leak.yaml'), 'utf8')).toContain('status-s3cret')
  })
})

describe('status on files written by the real sops binary', () => {
  const REAL = join(import.meta.dirname, '../../fixtures/sops-real')
  // Copied under the names a repository gives them: the layout, not the name, decides the kind.
  const cases: [string, string, string][] = [
    ['flux/files-file.txt', 'secrets/file.txt', '(binary)'],
    ['flux/files-file.txt', 'secrets/blob.json', '(binary)'],
    ['sops-nix/secrets.bin', 'secrets/secrets.bin', '(binary)'],
    ['flux-2023/day.txt.encrypted', 'secrets/day.txt.encrypted', '(binary)'],
    ['tf-provider-sops/dot.sops.env', 'secrets/dot.sops.env', '(dotenv)'],
    ['sops-nix/secrets.env', 'secrets/secrets.env', '(dotenv)'],
    ['tf-provider-sops/sample.sops.ini', 'secrets/sample.sops.ini', '(ini)'],
    ['sops-nix/secrets.ini', 'secrets/secrets.ini', '(ini)'],
    ['sops-age-js/secret.enc.json', 'secrets/secret.enc.json', '(json)'],
    ['sops-age-js/secret.enc.yaml', 'secrets/secret.enc.yaml', '(yaml)'],
    ['flux/global-secret.yaml', 'secrets/global.yaml', 'Secret'],
    ['sops-secrets-operator/00-test-secrets.yaml', 'secrets/sopssecret.yaml', 'SopsSecret'],
  ]
  let real: Report
  let realText = ''
  let realDir = ''
  beforeAll(async () => {
    realDir = mkdtempSync(join(tmpdir(), 'gitseal-status-real-'))
    for (const [from, to] of cases) {
      mkdirSync(dirname(join(realDir, to)), { recursive: true })
      writeFileSync(join(realDir, to), readFileSync(join(REAL, from)))
    }
    real = JSON.parse((await runCli(['status', '--json'], { cwd: realDir })).stdout) as Report
    realText = (await runCli(['status'], { cwd: realDir })).stdout
  })
  afterAll(() => {
    rmSync(realDir, { recursive: true, force: true })
  })

  it('lists every layout as sops with the layout (or the manifest kind) as its kind', () => {
    const listed = Object.fromEntries(
      real.files.map((f) => [f.path, f.documents.map((d) => `${d.backend ?? '-'} ${d.kind}`)]),
    )
    expect(listed).toEqual(Object.fromEntries(cases.map(([, to, kind]) => [to, [`sops ${kind}`]])))
    expect(realText).not.toContain('(none)')
    expect(real.summary).toMatchObject({ files: cases.length, protected: cases.length, problems: 0 })
  })
})
