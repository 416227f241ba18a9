import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import {
  controllerOpen,
  crdErrors,
  labelFor,
  certWorkdir,
  REAL_KEY,
  REAL_KEY_FILE,
} from '../support/sealed.js'

const workdir = () => certWorkdir('seal')

const SECRET = `# the db credentials
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
  uid: 0f6c
  resourceVersion: "42"
  creationTimestamp: "2024-01-01T00:00:00Z"
  labels: {app: db}
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"secret":"do not copy"}'
    note: "a <b> & c"
  ownerReferences: [{apiVersion: v1, kind: Pod, name: p, uid: u}]
type: kubernetes.io/basic-auth
immutable: false
data:
  username: YWRtaW4=
  password: b2xk
stringData:
  password: s3cr3t
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {level: debug}
`

interface Sealed {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> }
  spec: {
    encryptedData: Record<string, string>
    template: { metadata: Record<string, unknown>; type?: string; immutable?: boolean }
  }
}

describe('gitseal seal', () => {
  it('writes what kubeseal writes: YAML layout, template metadata, stringData over data, other documents passed through', async () => {
    const { dir, write } = workdir()
    write('secret.yaml', SECRET)
    const result = await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(
      result.stdout.startsWith('---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n'),
    ).toBe(true)
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as Sealed)
    expect(docs).toHaveLength(2)
    const sealed = docs[0]!
    expect(crdErrors(sealed)).toEqual([])
    expect(sealed.metadata).toEqual({ name: 'db', namespace: 'prod' })
    expect(sealed.spec.template).toEqual({
      metadata: { name: 'db', namespace: 'prod', labels: { app: 'db' }, annotations: { note: 'a <b> & c' } },
      type: 'kubernetes.io/basic-auth',
      immutable: false,
    })
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['password', 'username'])
    const open = (key: string) =>
      controllerOpen(sealed.spec.encryptedData[key]!, REAL_KEY, labelFor('strict', 'prod', 'db')).toString()
    expect(open('password')).toBe('s3cr3t')
    expect(open('username')).toBe('admin')
    expect(docs[1]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { level: 'debug' },
    })
    expect(result.stdout).not.toContain('do not copy')
    expect(result.stdout).not.toContain('s3cr3t')
  })

  it('JSON as Go MarshalIndent: struct order, HTML escapes; scope annotation on both metadata', async () => {
    const { dir, write } = workdir()
    write('secret.yaml', SECRET)
    const result = await runCli(
      ['seal', 'secret.yaml', '--cert', 'cert.pem', '--format', 'json', '--scope', 'cluster-wide'],
      {
        cwd: dir,
      },
    )
    expect(result.exitCode).toBe(0)
    const first = result.stdout.split('\n}\n')[0]! + '\n}'
    const head =
      '{\n  "kind": "SealedSecret",\n  "apiVersion": "bitnami.com/v1alpha1",\n  "metadata": {\n    "name": "db",'
    expect(first.startsWith(head)).toBe(true)
    expect(first).toContain('"a \\u003cb\\u003e \\u0026 c"')
    const sealed = JSON.parse(first) as Sealed
    expect(Object.keys(sealed.spec)).toEqual(['template', 'encryptedData'])
    expect(sealed.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' })
    expect(sealed.spec.template.metadata.annotations).toEqual({
      note: 'a <b> & c',
      'sealedsecrets.bitnami.com/cluster-wide': 'true',
    })
    expect(crdErrors(sealed)).toEqual([])
    expect(
      controllerOpen(
        sealed.spec.encryptedData.username!,
        REAL_KEY,
        labelFor('cluster-wide', '', ''),
      ).toString(),
    ).toBe('admin')
  })

  it('honours the input scope annotation; a contradicting --scope is an error (exit 2), no output written', async () => {
    const { dir, write } = workdir()
    write(
      'ns.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  namespace: team\n  annotations:\n    sealedsecrets.bitnami.com/namespace-wide: "true"\nstringData: {k: v}\n',
    )
    const ok = await runCli(['seal', 'ns.yaml', '--cert', 'cert.pem', '-o', 'out.yaml'], { cwd: dir })
    expect(ok.exitCode).toBe(0)
    const sealed = parse(readFileSync(join(dir, 'out.yaml'), 'utf8')) as Sealed
    expect(sealed.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' })
    expect(
      controllerOpen(
        sealed.spec.encryptedData.k!,
        REAL_KEY,
        labelFor('namespace-wide', 'team', 'x'),
      ).toString(),
    ).toBe('v')
    const bad = await runCli(
      ['seal', 'ns.yaml', '--cert', 'cert.pem', '--scope', 'strict', '-o', 'bad.yaml'],
      { cwd: dir },
    )
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('annotated namespace-wide but --scope strict')
    expect(existsSync(join(dir, 'bad.yaml'))).toBe(false)
  })

  it('bad input: not a Secret, no namespace in strict scope, namespace mismatch, empty data, bad cert, expired pin', async () => {
    const { dir, write } = workdir()
    write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')
    write('nons.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n')
    write('empty.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: n}\n')
    write('html.pem', '<!doctype html><html></html>')
    const cases: [string[], number, string][] = [
      [['seal', 'cm.yaml', '--cert', 'cert.pem'], 2, 'holds no Kubernetes Secret'],
      [['seal', 'nons.yaml', '--cert', 'cert.pem'], 2, 'has no namespace'],
      [['seal', 'nons.yaml', '--cert', 'cert.pem', '--scope', 'namespace-wide'], 2, 'has no namespace'],
      [['seal', 'empty.yaml', '--cert', 'cert.pem'], 2, 'has no data'],
      [['seal', 'nons.yaml', '--cert', 'html.pem', '--namespace', 'n'], 3, 'no PEM certificate'],
      [['seal', 'nons.yaml', '--cert', 'missing.pem', '--namespace', 'n'], 2, 'no such file'],
      [
        ['seal', 'nons.yaml', '--cert', 'cert.pem', '--namespace', 'n', '--cert-sha256', 'ab:cd'],
        3,
        'does not match',
      ],
      [
        ['seal', 'nons.yaml', '--cert', 'cert.pem', '--format', 'xml', '--namespace', 'n'],
        2,
        'unsupported output format',
      ],
      [['seal', '--from-file', 'x', '--cert', 'cert.pem'], 2, '--from-file requires --raw'],
    ]
    for (const [argv, code, message] of cases) {
      const result = await runCli([...argv, '-o', 'out.yaml'], { cwd: dir })
      expect({ argv, code: result.exitCode, message: result.stderr.includes(message) }).toEqual({
        argv,
        code,
        message: true,
      })
      expect(existsSync(join(dir, 'out.yaml'))).toBe(false)
    }
    const other = await runCli(
      ['seal', 'nons.yaml', '--cert', 'cert.pem', '--namespace', 'n', '--name', 'b'],
      { cwd: dir },
    )
    expect(other.exitCode).toBe(0)
    const sealed = parse(other.stdout) as Sealed
    expect(sealed.metadata).toEqual({ name: 'b', namespace: 'n' })
    write('ns.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: x}\nstringData: {k: v}\n')
    const mismatch = await runCli(['seal', 'ns.yaml', '--cert', 'cert.pem', '--namespace', 'n'], { cwd: dir })
    expect(mismatch.stderr).toContain('namespace mismatch')
  })

  it('a List holding a Secret: the Secret is sealed, other items are written one by one, no plaintext', async () => {
    const { dir, write } = workdir()
    write(
      'list.yaml',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: a, namespace: n}\n  stringData: {k: plain-value}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n',
    )
    const result = await runCli(['seal', 'list.yaml', '--cert', 'cert.pem'], { cwd: dir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).not.toContain('plain-value')
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as { kind: string })
    expect(docs.map((d) => d.kind)).toEqual(['SealedSecret', 'ConfigMap'])
  })

  it('--raw prints one base64 value (no newline) that opens for its scope; name and namespace are required for strict', async () => {
    const { dir, write } = workdir()
    write('pw.txt', 'p@ss\n')
    const raw = await runCli(
      [
        'seal',
        '--raw',
        '--from-file',
        'pw=pw.txt',
        '--cert',
        'cert.pem',
        '--namespace',
        'prod',
        '--name',
        'db',
      ],
      {
        cwd: dir,
      },
    )
    expect(raw.exitCode).toBe(0)
    expect(raw.stdout).toMatch(/^Ag[A-Za-z0-9+/]+=*$/)
    expect(controllerOpen(raw.stdout, REAL_KEY, labelFor('strict', 'prod', 'db')).toString()).toBe('p@ss\n')
    const stdin = await runCli(['seal', '--raw', '--cert', 'cert.pem', '--scope', 'cluster-wide'], {
      cwd: dir,
      stdin: 'x',
    })
    expect(controllerOpen(stdin.stdout, REAL_KEY, labelFor('cluster-wide', '', '')).toString()).toBe('x')
    const noName = await runCli(['seal', '--raw', '--cert', 'cert.pem', '--namespace', 'prod'], {
      cwd: dir,
      stdin: 'x',
    })
    expect(noName.exitCode).toBe(2)
    expect(noName.stderr).toContain('needs a Secret name')
  })

  it('round trip: seal then unseal with the key Secret manifest gives the same Secret', async () => {
    const { dir, write } = workdir()
    write('secret.yaml', SECRET)
    await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem', '-o', 'db.sealed.yaml'], { cwd: dir })
    const result = await runCli(['unseal', 'db.sealed.yaml', '--key', REAL_KEY_FILE], { cwd: dir })
    expect(result.exitCode).toBe(0)
    const secret = parse(result.stdout) as {
      data: Record<string, string>
      type: string
      metadata: Record<string, unknown>
    }
    expect(secret.type).toBe('kubernetes.io/basic-auth')
    expect(secret.metadata).toMatchObject({ name: 'db', namespace: 'prod', labels: { app: 'db' } })
    expect(Buffer.from(secret.data.password!, 'base64').toString()).toBe('s3cr3t')
  })
})
