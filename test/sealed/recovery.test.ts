import { chmodSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { generateControllerKey } from '../../src/sealed/keygen.js'
import { runCli } from '../support/cli.js'
import {
  controllerOpen,
  labelFor,
  REAL,
  certWorkdir,
  REAL_CERT_PEM,
  REAL_KEY,
  REAL_KEY_FILE,
  REAL_KEY_PEM,
} from '../support/sealed.js'

const dev = parse(readFileSync(`${REAL}/decryption__use-arguments__dev-values.yaml`, 'utf8')) as {
  secretMessage: string
  secrets: { name: string; value: string }[]
}
const target = ['--namespace', 'my-namespace', '--name', 'my-secret']

const workdir = () => certWorkdir('recovery')

describe('unseal --raw on values sealed by the real kubeseal', () => {
  it('prints the plaintext bytes with the key Secret manifest, a PEM key, and a kubectl List export', async () => {
    const { dir, write } = workdir()
    write('tls.key', REAL_KEY_PEM)
    const secretDoc = readFileSync(REAL_KEY_FILE, 'utf8')
    const list = `apiVersion: v1\nkind: List\nitems:\n${secretDoc
      .split('\n')
      .map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`))
      .join('\n')}\nmetadata:\n  resourceVersion: ""\n`
    write('keys.yaml', list)
    write('key-secret.yaml', secretDoc)
    // Key files as users should keep them (a looser mode adds a warning on stderr).
    for (const name of ['tls.key', 'keys.yaml', 'key-secret.yaml']) chmodSync(join(dir, name), 0o600)
    for (const key of ['key-secret.yaml', 'tls.key', 'keys.yaml']) {
      const result = await runCli(['unseal', '--raw', dev.secretMessage, '--key', key, ...target], {
        cwd: dir,
      })
      expect({ key, stderr: result.stderr, out: result.stdout }).toEqual({
        key,
        stderr: '',
        out: 'This is a secret message',
      })
    }
    const db = dev.secrets.find((s) => s.name === 'db_password')!.value
    const result = await runCli(['unseal', '--raw', db, '--key', REAL_KEY_FILE, ...target])
    expect(result.stdout).toBe('my-password-for-dev-db')
  })

  it('wrong key or wrong name → exit 3 with a hint, nothing printed; truncated value → exit 3', async () => {
    const { dir, write } = workdir()
    const other = await generateControllerKey({ bits: 2048 })
    write('other.pem', other.keyPem)
    const wrongKey = await runCli(['unseal', '--raw', dev.secretMessage, '--key', 'other.pem', ...target], {
      cwd: dir,
    })
    expect(wrongKey.exitCode).toBe(3)
    expect(wrongKey.stdout).toBe('')
    expect(wrongKey.stderr).toContain('no key could decrypt')
    const renamed = await runCli(
      [
        'unseal',
        '--raw',
        dev.secretMessage,
        '--key',
        REAL_KEY_FILE,
        '--namespace',
        'my-namespace',
        '--name',
        'x',
      ],
      { cwd: dir },
    )
    expect(renamed.exitCode).toBe(3)
    expect(renamed.stderr).toContain('hint:')
    // several keys, as after renewal: the right one is found
    const both = await runCli(
      ['unseal', '--raw', dev.secretMessage, '--key', 'other.pem', '--key', REAL_KEY_FILE, ...target],
      { cwd: dir },
    )
    expect(both.stdout).toBe('This is a secret message')
    const truncated = await runCli([
      'unseal',
      '--raw',
      dev.secretMessage.slice(0, 100),
      '--key',
      REAL_KEY_FILE,
      ...target,
    ])
    expect(truncated.exitCode).toBe(3)
    const noKey = await runCli(['unseal', '--raw', dev.secretMessage, ...target])
    expect(noKey.exitCode).toBe(2)
    write('junk.yaml', 'hello: world\n')
    const junk = await runCli(['unseal', '--raw', dev.secretMessage, '--key', 'junk.yaml', ...target], {
      cwd: dir,
    })
    expect(junk.exitCode).toBe(3)
    expect(junk.stderr).toContain('no RSA private key found')
  })
})

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
  labels: {app: db}
stringData:
  user: admin
  password: old
`

describe('reseal and validate', () => {
  it('reseal: opens with the old key, seals for the new cert, same scope and template; validate checks it', async () => {
    const { dir, write } = workdir()
    const next = await generateControllerKey({ bits: 2048 })
    write('new.pem', next.certPem)
    write('new-key.pem', next.keyPem)
    write('secret.yaml', SECRET)
    await runCli(
      ['seal', 'secret.yaml', '--cert', 'cert.pem', '--scope', 'namespace-wide', '-o', 'db.yaml'],
      {
        cwd: dir,
      },
    )
    const okOld = await runCli(['validate', 'db.yaml', '--key', REAL_KEY_FILE], { cwd: dir })
    expect(okOld.exitCode).toBe(0)
    expect(okOld.stdout).toContain('ok ')
    const failNew = await runCli(['validate', 'db.yaml', '--key', 'new-key.pem', '--json'], { cwd: dir })
    expect(failNew.exitCode).toBe(1)
    expect(JSON.parse(failNew.stdout).ok).toBe(false)

    const resealed = await runCli(['reseal', 'db.yaml', '--key', REAL_KEY_FILE, '--cert', 'new.pem'], {
      cwd: dir,
    })
    expect(resealed.exitCode).toBe(0)
    const doc = parse(readFileSync(join(dir, 'db.yaml'), 'utf8')) as {
      metadata: { annotations: Record<string, string> }
      spec: {
        encryptedData: Record<string, string>
        template: { metadata: { labels: Record<string, string> } }
      }
    }
    expect(doc.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' })
    expect(doc.spec.template.metadata.labels).toEqual({ app: 'db' })
    expect(
      controllerOpen(
        doc.spec.encryptedData.user!,
        next.privateKey,
        labelFor('namespace-wide', 'prod', ''),
      ).toString(),
    ).toBe('admin')
    expect((await runCli(['validate', 'db.yaml', '--key', 'new-key.pem'], { cwd: dir })).exitCode).toBe(0)

    // a strict SealedSecret renamed by hand no longer opens: validate says so
    const strict = await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir })
    write(
      'renamed.yaml',
      strict.stdout.replace('name: db\n  namespace: prod\nspec', 'name: db2\n  namespace: prod\nspec'),
    )
    const renamed = await runCli(['validate', 'renamed.yaml', '--key', REAL_KEY_FILE], { cwd: dir })
    expect(renamed.exitCode).toBe(1)
    expect(renamed.stdout).toContain('FAIL')
    const unseal = await runCli(['unseal', 'renamed.yaml', '--key', REAL_KEY_FILE, '-o', 'out.yaml'], {
      cwd: dir,
    })
    expect(unseal.exitCode).toBe(3)
  })
})

describe('SealedSecrets inside a kind: List document', () => {
  it('validate checks them too; reseal refuses the file rather than leave them for the old key', async () => {
    const { dir, write } = workdir()
    const other = await generateControllerKey({ bits: 2048 })
    write('other.pem', other.certPem)
    write('secret.yaml', SECRET)
    const mine = (await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir })).stdout
    const theirs = (await runCli(['seal', 'secret.yaml', '--cert', 'other.pem'], { cwd: dir })).stdout
    const item = theirs
      .replace(/^---\n/, '')
      .replace(/^/gm, '  ')
      .replace(/^ {2}/, '- ')
    write('mixed.yaml', `${mine}---\napiVersion: v1\nkind: List\nitems:\n${item}`)
    const text = readFileSync(join(dir, 'mixed.yaml'), 'utf8')
    // The List's SealedSecret does not open with this key: validate must say so (it printed ok, exit 0).
    const validate = await runCli(['validate', 'mixed.yaml', '--key', REAL_KEY_FILE], { cwd: dir })
    expect(validate.exitCode).toBe(1)
    expect(validate.stdout).toMatch(/^ok {4}mixed\.yaml: prod\/db \(strict\)/m)
    expect(validate.stdout).toMatch(
      /^FAIL {2}mixed\.yaml: prod\/db \(strict\): user: no key could decrypt it/m,
    )
    const reseal = await runCli(['reseal', 'mixed.yaml', '--key', REAL_KEY_FILE, '--cert', 'other.pem'], {
      cwd: dir,
    })
    expect(reseal.exitCode).toBe(2)
    expect(reseal.stderr).toMatch(/mixed\.yaml: a kind: List document holds SealedSecrets/)
    expect(readFileSync(join(dir, 'mixed.yaml'), 'utf8')).toBe(text)
  })
})

describe('validate output', () => {
  it('escapes control characters of names and keys taken from the file', async () => {
    const { dir, write } = workdir()
    write('secret.yaml', SECRET)
    const sealed = await runCli(
      ['seal', 'secret.yaml', '--cert', 'cert.pem', '--allow-expired', '-o', 'db.yaml'],
      {
        cwd: dir,
      },
    )
    expect(sealed.exitCode, sealed.stderr).toBe(0)
    const text = readFileSync(join(dir, 'db.yaml'), 'utf8')
    const evil = text
      .replace(/^( {2}name: )(\S+)$/m, '$1"$2\\e[2Jevil"')
      .replace(/^( {4})([\w.-]+):/m, '$1"$2\\e]0;x\\a":')
    expect(evil).not.toBe(text)
    write('evil.yaml', evil)
    const result = await runCli(['validate', 'evil.yaml', '--key', REAL_KEY_FILE], { cwd: dir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('\\x1b[2Jevil')
    expect(result.stdout).toContain('\\x1b]0;x\\x07')
    // eslint-disable-next-line no-control-regex -- asserting no control characters remain
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
  })
})

describe('reseal keeps the file as written', () => {
  /** Seal SECRET, let `annotate` edit the output as a person would, reseal it for a new key. */
  async function resealAnnotated(annotate: (sealed: string) => string) {
    const { dir, write } = workdir()
    const next = await generateControllerKey({ bits: 2048 })
    write('new.pem', next.certPem)
    write('secret.yaml', SECRET)
    const sealed = (await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir })).stdout
    const annotated = annotate(sealed)
    write('db.yaml', annotated)
    const result = await runCli(['reseal', 'db.yaml', '--key', REAL_KEY_FILE, '--cert', 'new.pem'], {
      cwd: dir,
    })
    expect(result.exitCode, result.stderr).toBe(0)
    const after = readFileSync(join(dir, 'db.yaml'), 'utf8')
    const shape = (text: string) => text.replace(/: [A-Za-z0-9+/=]{100,}/g, ': SEALED')
    expect(shape(after)).toBe(shape(annotated))
    return { annotated, after, next }
  }

  it('comments, blank lines and key order stay; only the ciphertext changes and opens with the new key', async () => {
    // A hand-kept file: a header comment, a comment on a value, a blank line between sections.
    const { annotated, after, next } = await resealAnnotated((sealed) =>
      sealed
        .replace('---\n', '---\n# database credentials, rotated yearly\n')
        .replace(/^( {4}user: .*)$/m, '$1 # login name')
        .replace(/^ {2}template:$/m, '\n  template:'),
    )
    expect(after).toContain('# database credentials, rotated yearly\n')
    expect(after).toMatch(/^ {4}user: [A-Za-z0-9+/=]{100,} # login name$/m)
    const doc = parse(after) as { spec: { encryptedData: Record<string, string> } }
    expect(doc.spec.encryptedData.user).not.toBe(
      (parse(annotated) as { spec: { encryptedData: Record<string, string> } }).spec.encryptedData.user,
    )
    expect(
      controllerOpen(
        doc.spec.encryptedData.user!,
        next.privateKey,
        labelFor('strict', 'prod', 'db'),
      ).toString(),
    ).toBe('admin')
  })

  it('a comment above the first --- and a second document stay where they are: no extra empty document', async () => {
    const { after } = await resealAnnotated(
      (sealed) =>
        `# owned by team-db\n${sealed}---\n# the app reads it\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n`,
    )
    expect(after.match(/^---$/gm)).toHaveLength(2)
  })
})

describe('seal --merge-into', () => {
  it('re-seals only the given keys, keeps comments and the other ciphertext; with --key, unchanged values are kept', async () => {
    const { dir, write } = workdir()
    write('secret.yaml', SECRET)
    const first = await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir })
    write('db.sealed.yaml', `# managed by gitseal\n${first.stdout}`)
    const before = parse(readFileSync(join(dir, 'db.sealed.yaml'), 'utf8')) as {
      spec: { encryptedData: Record<string, string> }
    }
    write(
      'update.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: new, token: t}\n',
    )
    const merged = await runCli(
      ['seal', 'update.yaml', '--cert', 'cert.pem', '--merge-into', 'db.sealed.yaml'],
      {
        cwd: dir,
      },
    )
    expect(merged.exitCode).toBe(0)
    const text = readFileSync(join(dir, 'db.sealed.yaml'), 'utf8')
    expect(text.startsWith('# managed by gitseal\n')).toBe(true)
    const after = parse(text) as { spec: { encryptedData: Record<string, string> } }
    expect(after.spec.encryptedData.user).toBe(before.spec.encryptedData.user)
    expect(after.spec.encryptedData.password).not.toBe(before.spec.encryptedData.password)
    const label = labelFor('strict', 'prod', 'db')
    expect(controllerOpen(after.spec.encryptedData.password!, REAL_KEY, label).toString()).toBe('new')
    expect(controllerOpen(after.spec.encryptedData.token!, REAL_KEY, label).toString()).toBe('t')

    // with the key: an unchanged value keeps its exact ciphertext (no diff), a changed one is re-sealed
    write(
      'same.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: new, user: root}\n',
    )
    const kept = await runCli(
      ['seal', 'same.yaml', '--cert', 'cert.pem', '--merge-into', 'db.sealed.yaml', '--key', REAL_KEY_FILE],
      { cwd: dir },
    )
    expect(kept.stderr).toContain('1 unchanged kept')
    const final = parse(readFileSync(join(dir, 'db.sealed.yaml'), 'utf8')) as {
      spec: { encryptedData: Record<string, string> }
    }
    expect(final.spec.encryptedData.password).toBe(after.spec.encryptedData.password)
    expect(controllerOpen(final.spec.encryptedData.user!, REAL_KEY, label).toString()).toBe('root')

    const unchanged = readFileSync(join(dir, 'db.sealed.yaml'), 'utf8')
    const wrongScope = await runCli(
      [
        'seal',
        'same.yaml',
        '--cert',
        'cert.pem',
        '--merge-into',
        'db.sealed.yaml',
        '--scope',
        'cluster-wide',
      ],
      { cwd: dir },
    )
    expect(wrongScope.exitCode).toBe(2)
    expect(readFileSync(join(dir, 'db.sealed.yaml'), 'utf8')).toBe(unchanged)
  })
})

describe('seal --cluster with gitseal.yaml', () => {
  it('seals once per cluster into --out-pattern, with the cluster default scope and fingerprint pin', async () => {
    const { dir, write } = workdir()
    const staging = await generateControllerKey({ bits: 2048 })
    write('staging.pem', staging.certPem)
    const { parseCert } = await import('../../src/sealed/cert.js')
    const pin = parseCert(REAL_CERT_PEM, 'x').sha256
    write(
      'gitseal.yaml',
      `clusters:\n  prod:\n    cert: cert.pem\n    certFingerprint: "${pin.toUpperCase()}"\n  staging:\n    cert: staging.pem\n    scope: namespace-wide\n  bad:\n    cert: cert.pem\n    certFingerprint: "00"\n`,
    )
    write('secret.yaml', SECRET)
    const result = await runCli(
      [
        'seal',
        'secret.yaml',
        '--cluster',
        'prod',
        '--cluster',
        'staging',
        '--out-pattern',
        'clusters/{cluster}/{namespace}-{name}.yaml',
      ],
      { cwd: dir },
    )
    expect(result.stderr).toContain('wrote clusters/prod/prod-db.yaml')
    expect(result.exitCode).toBe(0)
    const prod = parse(readFileSync(join(dir, 'clusters/prod/prod-db.yaml'), 'utf8')) as {
      spec: { encryptedData: Record<string, string> }
    }
    const stagingDoc = parse(readFileSync(join(dir, 'clusters/staging/prod-db.yaml'), 'utf8')) as {
      metadata: { annotations?: Record<string, string> }
      spec: { encryptedData: Record<string, string> }
    }
    expect(
      controllerOpen(prod.spec.encryptedData.user!, REAL_KEY, labelFor('strict', 'prod', 'db')).toString(),
    ).toBe('admin')
    expect(stagingDoc.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' })
    expect(
      controllerOpen(
        stagingDoc.spec.encryptedData.user!,
        staging.privateKey,
        labelFor('namespace-wide', 'prod', ''),
      ).toString(),
    ).toBe('admin')

    const pinned = await runCli(['seal', 'secret.yaml', '--cluster', 'bad'], { cwd: dir })
    expect(pinned.exitCode).toBe(3)
    expect(pinned.stderr).toContain('does not match the pinned')
    const unknown = await runCli(['seal', 'secret.yaml', '--cluster', 'nope'], { cwd: dir })
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toContain('Declared clusters: prod, staging, bad')
    const two = await runCli(['seal', 'secret.yaml', '--cluster', 'prod', '--cluster', 'staging'], {
      cwd: dir,
    })
    expect(two.stderr).toContain('needs --out-pattern')
  })
})
