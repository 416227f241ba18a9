/**
 * Keys made at test time by the real tools (ssh-keygen, openssl, gpg, age-keygen, puttygen, Node's
 * JWK export), dozens per type because the old misses were per-key probabilistic (a run of `A`s or
 * a stopword inside a random body), wrapped in the files where they live. Every one must be found.
 */
import { execFile } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { generateHybridIdentity } from 'age-encryption'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()

/** A generated key: what made it, its text, and the wrappers it fits in. */
interface Key {
  name: string
  text: string
  kind: 'pem' | 'openssh' | 'pgp' | 'age' | 'putty' | 'jwk'
  /** Protected by a passphrase (reported one severity lower); undefined where not told (age, JWK). */
  encrypted?: boolean
}

let dir = ''
/** Whether this ssh-keygen makes DSA keys (OpenSSH 9.8 and later are built without them). */
let dsa = false
const keys: Key[] = []
/** gpg-agent's own key files (`private-keys-v1.d/<keygrip>.key`), as gpg wrote them. */
const agentFiles: { name: string; content: Buffer; passphrase: boolean }[] = []

/** Run `jobs` with at most `width` at a time (the machine is shared; keygen is CPU-bound). */
async function pool(jobs: (() => Promise<void>)[], width = 4): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]!()
  }
  await Promise.all(Array.from({ length: width }, worker))
}

function times(n: number, make: (i: number) => () => Promise<void>): (() => Promise<void>)[] {
  return Array.from({ length: n }, (_, i) => make(i))
}

const read = (file: string): string => readFileSync(file, 'utf8')

function sshKeygen(label: string, args: string[], passphrase: string, kind: Key['kind'] = 'openssh') {
  return (i: number) => async () => {
    const file = join(dir, `ssh-${label}-${i}`)
    await run('ssh-keygen', ['-q', ...args, '-N', passphrase, '-C', '', '-f', file])
    keys.push({ name: `ssh-keygen ${label} #${i}`, text: read(file), kind, encrypted: passphrase !== '' })
  }
}

function openssl(label: string, args: string[]) {
  return (i: number) => async () => {
    const file = join(dir, `openssl-${label}-${i}.pem`)
    await run('openssl', [args[0]!, '-out', file, ...args.slice(1)])
    const encrypted = args.some((arg) => arg.startsWith('pass:'))
    keys.push({ name: `openssl ${label} #${i}`, text: read(file), kind: 'pem', encrypted })
  }
}

function puttygen(
  label: string,
  args: string[],
  passphrase: boolean,
  output?: 'private-sshcom' | 'private-openssh',
) {
  return (i: number) => async () => {
    const file = join(dir, `putty-${label}-${i}.ppk`)
    const pass = join(dir, passphrase ? 'pass.txt' : 'empty.txt')
    await run('puttygen', ['-q', ...args, '--new-passphrase', pass, '-o', file])
    if (output === undefined) {
      keys.push({ name: `puttygen ${label} #${i}`, text: read(file), kind: 'putty', encrypted: passphrase })
      return
    }
    // Converted by puttygen to SSH.com's format or OpenSSL's traditional PEM, passphrase kept.
    const converted = `${file}.${output}`
    await run('puttygen', [file, '--old-passphrase', pass, '-O', output, '-o', converted])
    const kind = output === 'private-openssh' ? 'pem' : 'putty'
    keys.push({ name: `puttygen ${label} #${i}`, text: read(converted), kind, encrypted: passphrase })
  }
}

async function gpgKeys(count: number, passphrase: string, label: string): Promise<void> {
  const home = mkdtempSync(join(dir, 'gnupg-'))
  const gpg = (...args: string[]) =>
    run('gpg', [
      '--homedir',
      home,
      '--batch',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      passphrase,
      ...args,
    ])
  try {
    for (let i = 0; i < count; i++) {
      const uid = `gitseal test ${label} ${i} <t${i}@example.invalid>`
      const rsa = i % 4 === 3
      await gpg('--quick-gen-key', uid, rsa ? 'rsa2048' : 'ed25519', 'default', 'never')
      // An encryption subkey, as `gpg --full-generate-key` adds one: the subkeys export then holds it.
      const { stdout: listing } = await gpg('--with-colons', '--list-keys', uid)
      const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1] ?? ''
      await gpg('--quick-add-key', fingerprint, rsa ? 'rsa2048' : 'cv25519', 'encr', 'never')
      const { stdout } = await gpg('--armor', '--export-secret-keys', uid)
      const encrypted = passphrase !== ''
      keys.push({ name: `gpg ${label} #${i}`, text: stdout, kind: 'pgp', encrypted })
      // Subkeys alone (the primary key a stub), as kept on CI machines that only sign or decrypt.
      const { stdout: subkeys } = await gpg('--armor', '--export-secret-subkeys', uid)
      keys.push({ name: `gpg ${label} subkeys #${i}`, text: subkeys, kind: 'pgp', encrypted })
    }
    const agentDir = join(home, 'private-keys-v1.d')
    for (const file of readdirSync(agentDir))
      agentFiles.push({
        name: `gpg ${label} ${file}`,
        content: readFileSync(join(agentDir, file)),
        passphrase: passphrase !== '',
      })
  } finally {
    await run('gpgconf', ['--homedir', home, '--kill', 'all']).catch(() => undefined)
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-realkeys-'))
  await run('sh', ['-c', `printf 'correct horse' > ${dir}/pass.txt; : > ${dir}/empty.txt`])
  const jobs = [
    ...times(40, sshKeygen('ed25519', ['-t', 'ed25519'], '')),
    ...times(10, sshKeygen('ed25519-passphrase', ['-t', 'ed25519'], 'correct horse')),
    ...times(10, sshKeygen('ecdsa-256', ['-t', 'ecdsa', '-b', '256'], '')),
    ...times(8, sshKeygen('ecdsa-384', ['-t', 'ecdsa', '-b', '384'], '')),
    ...times(8, sshKeygen('ecdsa-521', ['-t', 'ecdsa', '-b', '521'], '')),
    ...times(12, sshKeygen('rsa-2048', ['-t', 'rsa', '-b', '2048'], '')),
    ...times(3, sshKeygen('rsa-4096', ['-t', 'rsa', '-b', '4096'], '')),
    ...times(4, sshKeygen('rsa-passphrase', ['-t', 'rsa', '-b', '2048'], 'correct horse')),
    ...times(4, sshKeygen('ecdsa-passphrase', ['-t', 'ecdsa'], 'correct horse')),
    ...times(3, sshKeygen('rsa-m-PKCS8-passphrase', ['-t', 'rsa', '-m', 'PKCS8'], 'correct horse', 'pem')),
    ...times(6, sshKeygen('rsa-m-PEM', ['-t', 'rsa', '-b', '2048', '-m', 'PEM'], '', 'pem')),
    ...times(6, sshKeygen('ecdsa-m-PEM', ['-t', 'ecdsa', '-m', 'PEM'], '', 'pem')),
    ...times(
      4,
      sshKeygen('rsa-m-PEM-passphrase', ['-t', 'rsa', '-b', '2048', '-m', 'PEM'], 'correct horse', 'pem'),
    ),
    ...times(6, sshKeygen('rsa-m-PKCS8', ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8'], '', 'pem')),
    ...times(6, sshKeygen('ecdsa-m-PKCS8', ['-t', 'ecdsa', '-m', 'PKCS8'], '', 'pem')),
    ...times(40, openssl('ed25519', ['genpkey', '-algorithm', 'ed25519'])),
    ...times(20, openssl('x25519', ['genpkey', '-algorithm', 'x25519'])),
    ...times(12, openssl('ec-p256', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'])),
    ...times(10, openssl('rsa-2048', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'])),
    ...times(2, openssl('rsa-4096', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'])),
    ...times(6, openssl('rsa-traditional', ['genrsa', '-traditional', '2048'])),
    ...times(
      3,
      openssl('rsa-traditional-aes', ['genrsa', '-traditional', '-aes256', '-passout', 'pass:x1', '2048']),
    ),
    ...times(6, openssl('ed448', ['genpkey', '-algorithm', 'ed448'])),
    ...times(6, openssl('x448', ['genpkey', '-algorithm', 'x448'])),
    ...times(2, openssl('rsa-pss', ['genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'])),
    ...times(4, openssl('ec-p384', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'])),
    ...times(4, openssl('ec-p521', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'])),
    ...times(4, openssl('ec-sec1-p384', ['ecparam', '-genkey', '-noout', '-name', 'secp384r1'])),
    ...times(10, openssl('ec-sec1', ['ecparam', '-genkey', '-noout', '-name', 'prime256v1'])),
    ...times(
      10,
      openssl('pkcs8-encrypted', ['genpkey', '-algorithm', 'ed25519', '-aes256', '-pass', 'pass:x1']),
    ),
    ...times(
      4,
      openssl('rsa-pkcs8-encrypted', ['genpkey', '-algorithm', 'RSA', '-aes-128-cbc', '-pass', 'pass:x1']),
    ),
    ...times(24, (i) => async () => {
      const { stdout } = await run('age-keygen', [])
      keys.push({ name: `age-keygen #${i}`, text: stdout, kind: 'age' })
    }),
    ...times(24, puttygen('ed25519', ['-t', 'ed25519'], false)),
    ...times(4, puttygen('rsa-2048', ['-t', 'rsa', '-b', '2048'], false)),
    ...times(6, puttygen('ecdsa', ['-t', 'ecdsa', '-b', '256'], false)),
    ...times(6, puttygen('ed25519-passphrase', ['-t', 'ed25519'], true)),
    ...times(6, puttygen('ppk-v2', ['-t', 'ed25519', '--ppk-param', 'version=2'], false)),
    ...times(2, puttygen('rsa-passphrase', ['-t', 'rsa', '-b', '2048'], true)),
    // DSA: the private blob is one short mpint (4 + 20 bytes), below the other types' sizes.
    ...times(6, puttygen('dsa', ['-t', 'dsa', '-b', '1024'], false)),
    ...times(4, puttygen('dsa-v2', ['-t', 'dsa', '-b', '1024', '--ppk-param', 'version=2'], false)),
    ...times(2, puttygen('dsa-passphrase', ['-t', 'dsa', '-b', '1024'], true)),
    ...times(4, puttygen('ecdsa-384', ['-t', 'ecdsa', '-b', '384'], false)),
    ...times(3, puttygen('sshcom', ['-t', 'rsa', '-b', '2048'], false, 'private-sshcom')),
    ...times(3, puttygen('sshcom-passphrase', ['-t', 'rsa', '-b', '2048'], true, 'private-sshcom')),
    ...times(2, puttygen('openssh-pem', ['-t', 'rsa', '-b', '2048'], false, 'private-openssh')),
    () => gpgKeys(12, '', 'unprotected'),
    () => gpgKeys(4, 'correct horse', 'protected'),
  ]
  // DSA keys, where this OpenSSH still makes them (9.8 and later are built without DSA).
  dsa = await run('ssh-keygen', ['-q', '-t', 'dsa', '-N', '', '-f', join(dir, 'dsa-probe')]).then(
    () => true,
    () => false,
  )
  if (dsa)
    jobs.push(
      ...times(6, sshKeygen('dsa', ['-t', 'dsa'], '')),
      ...times(2, sshKeygen('dsa-passphrase', ['-t', 'dsa'], 'correct horse')),
      ...times(3, sshKeygen('dsa-m-PEM', ['-t', 'dsa', '-m', 'PEM'], '', 'pem')),
    )
  await pool(jobs)
  for (let i = 0; i < 24; i++) {
    const identity = await generateHybridIdentity()
    keys.push({ name: `age post-quantum #${i}`, text: `# created: now\n${identity}\n`, kind: 'age' })
  }
  for (let i = 0; i < 30; i++) {
    const type = (['ed25519', 'ec', 'rsa'] as const)[i % 3]!
    const jwk = JSON.stringify({ keys: [{ ...jwkOf(type), use: 'sig' }] }, null, 2)
    keys.push({ name: `JWK ${type} #${i}`, text: jwk, kind: 'jwk' })
  }
}, 900_000)

/**
 * A new private key as a JWK. Made as PEM and read back: a JWK export of the KeyObject that
 * generateKeyPairSync returns can deadlock Node 20 (the export holds the key's mutex while it
 * allocates; a GC then destroys the finished key-generation job, which takes the same mutex — a
 * clean-clone CI hung on it).
 */
function jwkOf(type: 'ed25519' | 'ec' | 'rsa'): JsonWebKey {
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const
  const pem: string =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding, publicKeyEncoding }).privateKey
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding })
            .privateKey
        : generateKeyPairSync('ed25519', { privateKeyEncoding, publicKeyEncoding }).privateKey
  return createPrivateKey(pem).export({ format: 'jwk' })
}

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

const b64 = (text: string): string => Buffer.from(text).toString('base64')
const indent = (text: string, by: string): string => text.trimEnd().replace(/\n/g, `\n${by}`)
const secret = (type: string, body: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: key\n  namespace: flux-system\ntype: ${type}\n${body}`

/** The files a key of each kind lives in: path and content. */
function wrappers(key: Key): [string, string][] {
  const block = (field: string) => `  ${field}: |\n    ${indent(key.text, '    ')}\n`
  const out: [string, string][] = [
    ['keys/bare-key', key.text],
    ['k8s/secret-data.yaml', secret('Opaque', `data:\n  key: ${b64(key.text)}\n`)],
    ['k8s/secret-string.yaml', secret('Opaque', `stringData:\n${block('key')}`)],
    ['k8s/secret.json', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { key: key.text } })],
    // A JSON config with the key as one string of `\n` escapes, as an app reads it.
    ['config/app.json', JSON.stringify({ server: { port: 22, credentials: { key: key.text } } }, null, 2)],
    // Helm values: a block scalar deep in the tree, and a double-quoted `\n`-escaped string.
    [
      'chart/values.yaml',
      `deploy:\n  enabled: true\n  auth:\n    key: |\n      ${indent(key.text, '      ')}\n`,
    ],
    ['chart/values-prod.yaml', `deploy:\n  auth:\n    key: ${JSON.stringify(key.text)}\n`],
  ]
  // The key file in base64 under a name that says nothing (a chart's `payload:`), and for the
  // formats without a PEM armour also base64url in an environment file.
  out.push(['chart/values-base64.yaml', `secrets:\n  payload: ${b64(key.text)}\n`])
  // Armoured keys in JSON inside a JSON string (a Terraform variable, a secret manager's value):
  // line breaks escaped twice, `\\n`.
  if (key.kind !== 'putty' && key.kind !== 'jwk')
    out.push([
      'terraform/vars.tf.json',
      JSON.stringify({ variable: { creds: { default: JSON.stringify({ key: key.text }) } } }),
    ])
  // The key file in base64 wrapped over lines, as `base64 key > key.b64` writes it (76 columns;
  // 64 as PEM bodies), bare and as a block scalar in a chart's values.
  const wrapped = (width: number): string =>
    b64(key.text)
      .replace(new RegExp(`(.{${width}})`, 'g'), '$1\n')
      .trimEnd()
  out.push(
    ['keys/deploy-key.b64', `${wrapped(76)}\n`],
    ['keys/deploy-key-64.b64', `${wrapped(64)}\n`],
    ['chart/values-wrapped.yaml', `ssh:\n  deployKey: |\n    ${indent(wrapped(76), '    ')}\n`],
  )
  // Deep in a chart's values: the indentation is part of what a PuTTY rule matches.
  if (key.kind === 'putty')
    out.push([
      'chart/values-deep.yaml',
      `a:\n  b:\n    c:\n      d:\n        e:\n          key: |\n            ${indent(key.text, '            ')}\n`,
    ])
  if (key.kind === 'putty' || key.kind === 'age' || key.kind === 'jwk')
    out.push(['deploy/app.env', `KEY_FILE=${Buffer.from(key.text).toString('base64url')}\n`])
  if (key.text.startsWith('-----BEGIN ')) {
    // A key file kept as base64 outside any Secret: a string in test code, a sample in a README.
    out.push(
      [
        'src/test/KeyTest.java',
        `class KeyTest {\n  static final String FIXTURE =\n      "${b64(key.text)}";\n}\n`,
      ],
      ['docs/README.md', `Create the Secret:\n\n\`\`\`yaml\ndata:\n  payload: ${b64(key.text)}\n\`\`\`\n`],
    )
  }
  if (key.kind === 'openssh' || key.kind === 'pem') {
    const argo = `metadata:\n  name: repo\n  namespace: argocd\n  labels:\n    argocd.argoproj.io/secret-type: repository\n`
    out.push(
      ['k8s/ssh-auth.yaml', secret('kubernetes.io/ssh-auth', `data:\n  ssh-privatekey: ${b64(key.text)}\n`)],
      [
        'k8s/ssh-auth-string.yaml',
        secret('kubernetes.io/ssh-auth', `stringData:\n${block('ssh-privatekey')}`),
      ],
      [
        'argocd/repo.yaml',
        `apiVersion: v1\nkind: Secret\n${argo}stringData:\n  type: git\n  url: git@github.com:org/repo.git\n${block('sshPrivateKey')}`,
      ],
      [
        // The Argo CD chart's values: repositories with their SSH keys under `configs`.
        'argocd/values.yaml',
        `configs:\n  repositories:\n    private-repo:\n      url: git@github.com:org/repo.git\n      sshPrivateKey: |\n        ${indent(key.text, '        ')}\n`,
      ],
      [
        'argocd/repo-data.yaml',
        `apiVersion: v1\nkind: Secret\n${argo}data:\n  url: ${b64('git@github.com:org/repo.git')}\n  sshPrivateKey: ${b64(key.text)}\n`,
      ],
    )
  }
  // The DER labels' blocks, unencrypted: under a label of a test's own (`FOO PRIVATE KEY`), and as
  // bare base64 in a Keycloak realm export's `rsa-generated` key provider.
  const armoured = /-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----\n([\s\S]*?)\n-----END \1-----/.exec(key.text)
  if (key.kind === 'pem' && key.encrypted !== true && armoured !== null && !key.text.includes('Proc-Type:')) {
    const [block, label = '', body = ''] = armoured
    const provider = { name: 'rsa-generated', providerId: 'rsa-generated', subComponents: {} }
    const config = { privateKey: [body.replace(/\n/g, '')], priority: ['100'] }
    out.push(
      ['testdata/badheader.pem', block.replaceAll(`${label}-----`, 'FOO PRIVATE KEY-----')],
      [
        'keycloak/realm-export.json',
        JSON.stringify(
          { components: { 'org.keycloak.keys.KeyProvider': [{ ...provider, config }] } },
          null,
          2,
        ),
      ],
    )
  }
  if (key.kind === 'pem') {
    out.push(
      ['k8s/tls.yaml', secret('kubernetes.io/tls', `data:\n  tls.crt: ""\n  tls.key: ${b64(key.text)}\n`)],
      ['k8s/tls-string.yaml', secret('kubernetes.io/tls', `stringData:\n${block('tls.key')}`)],
      [
        'kubeconfig',
        `apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: admin\n  user:\n    client-key-data: ${b64(key.text)}\n`,
      ],
      // A whole kubeconfig in base64 (a CI variable, a Flux `value:`).
      [
        'ci/kubeconfig.yaml',
        `KUBECONFIG_B64: ${b64(`apiVersion: v1\nclusters: []\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: ${b64(key.text)}\n`)}\n`,
      ],
      [
        'gcp/service-account.json',
        JSON.stringify(
          { type: 'service_account', project_id: 'p', private_key_id: 'abc', private_key: key.text },
          null,
          2,
        ),
      ],
    )
  }
  return out
}

describe('real keys made by the real tools', () => {
  it('made dozens of keys of every type', () => {
    const count = (prefix: string) => keys.filter((key) => key.name.startsWith(prefix)).length
    expect(keys.length).toBeGreaterThan(300)
    for (const tool of ['ssh-keygen', 'openssl', 'gpg', 'age-keygen', 'age post-quantum', 'puttygen', 'JWK'])
      expect(count(tool), tool).toBeGreaterThanOrEqual(16)
    if (dsa) expect(count('ssh-keygen dsa')).toBe(11)
    for (const key of keys) expect(key.text, key.name).toMatch(/PRIVATE|SECRET-KEY|PuTTY|"d"/)
  })

  // A committed GNUPGHOME (a SOPS or helm-secrets test keyring) holds gpg-agent's key files: in the
  // clear they are found; protected by a passphrase they are not key material in the clear.
  it("finds gpg-agent's unprotected key files, in the text and in the older binary format", () => {
    const clear = agentFiles.filter((file) => !file.passphrase)
    const locked = agentFiles.filter((file) => file.passphrase)
    expect(clear.length).toBeGreaterThanOrEqual(12)
    expect(locked.length).toBeGreaterThanOrEqual(4)
    const rules = (content: Buffer) =>
      detector.scanFile('test/.gnupg/private-keys-v1.d/0A1B.key', content).findings.map((f) => f.ruleId)
    for (const file of clear) {
      expect(rules(file.content), file.name).toEqual(['gpg-agent-private-key'])
      expect(rules(canonical(file.content)), `${file.name}, binary`).toEqual(['gpg-agent-private-key'])
    }
    for (const file of locked) expect(rules(file.content), file.name).toEqual([])
  })

  it('finds every key in every file it lives in', () => {
    const missed: string[] = []
    let checked = 0
    for (const key of keys) {
      for (const [path, text] of wrappers(key)) {
        checked++
        if (detector.scanFile(path, text).findings.length === 0) missed.push(`${key.name} in ${path}`)
      }
    }
    expect(checked).toBeGreaterThan(1500)
    expect(missed).toEqual([])
    // Some 2,500 scans: a shared machine under load took 74 s.
  }, 600_000)

  it('reports a passphrase-protected key one severity lower, and a key in the clear as high', () => {
    const told = keys.filter((key) => key.encrypted !== undefined)
    expect(told.filter((key) => key.encrypted).length).toBeGreaterThan(30)
    const wrong: string[] = []
    for (const key of told) {
      const severities = detector.scanFile('keys/bare-key', key.text).findings.map((f) => f.severity)
      if (severities.join() !== (key.encrypted === true ? 'medium' : 'high'))
        wrong.push(`${key.name}: ${severities.join()}`)
    }
    expect(wrong).toEqual([])
  })

  // A key cut short still opens as its format does (`MII…`, `openssh-key-v1`): it is reported. A body
  // whose lines were shuffled (test fixtures made to look like keys) opens with anything: it is not.
  it('finds keys cut short, not bodies with shuffled or hand-narrowed lines', () => {
    // (Legacy encrypted PEM, with `Proc-Type:` headers, holds ciphertext: it may open with anything.)
    const pems = keys.filter(
      (key) =>
        /^-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----\n/.test(key.text) &&
        !key.text.includes('Proc-Type:'),
    )
    expect(pems.length).toBeGreaterThan(50)
    for (const key of pems) {
      const [begin = '', ...rest] = key.text.trim().split('\n')
      const end = rest.pop() ?? ''
      if (rest.length < 3) continue // one-line bodies (ed25519 PKCS#8) cannot be shuffled
      const cut = [begin, ...rest.slice(0, Math.ceil(rest.length / 2)), end].join('\n')
      expect(detector.scanFile('key.pem', cut).findings, `${key.name} cut short`).not.toEqual([])
      // Rotate the body to open with a later line that does not open as a key does (a body whose
      // every line starts with `M`, about 1 EC key in 4,000, has none: it is not rotated).
      const opener = rest.findIndex((line, i) => i > 0 && !/^(?:M|b3BlbnNzaC1rZXktdjE)/.test(line))
      if (opener > 0) {
        const scrambled = [begin, ...rest.slice(opener), ...rest.slice(0, opener), end].join('\n')
        expect(detector.scanFile('key.pem', scrambled).findings, `${key.name} shuffled`).toEqual([])
      }
      // Every line cut to 29 characters by hand (a chart test's fixture): no tool writes such a body.
      const narrowed = [begin, ...rest.slice(0, 6).map((line) => line.slice(0, 29)), end].join('\n')
      expect(detector.scanFile('key.pem', narrowed).findings, `${key.name} cut narrow`).toEqual([])
    }
    // Hundreds of keys scanned twice each: seconds on a quiet machine, far more under load.
  }, 180_000)
})

/**
 * The key as older gpg-agents wrote it: the canonical S-expression, `(11:private-key(3:rsa(1:n…`,
 * with each `#hex#` parameter as length-prefixed raw bytes. Built from the real key's text form.
 */
function canonical(extended: Buffer): Buffer {
  const text = extended.toString('latin1')
  const body = text.slice(text.indexOf('(private-key'))
  const parts: Buffer[] = []
  const atom = (bytes: Buffer) => parts.push(Buffer.from(`${bytes.length}:`), bytes)
  for (const token of body.matchAll(/\(|\)|#([0-9A-Fa-f\s]+)#|[A-Za-z0-9-]+/g)) {
    const [whole, hex] = token
    if (whole === '(' || whole === ')') parts.push(Buffer.from(whole))
    else if (hex !== undefined) atom(Buffer.from(hex.replace(/\s+/g, ''), 'hex'))
    else atom(Buffer.from(whole))
  }
  return Buffer.concat(parts)
}
