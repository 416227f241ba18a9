/**
 * Kubernetes Secrets as they appear in real GitOps repositories (Argo CD repository Secrets, ESO
 * docs snippets, Helm chart READMEs): non-secret fields, demo values, references and templates stay
 * quiet, and a real secret — keys made here by ssh-keygen and openssl — in the same place is found.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { makeSshKeys } from '../support/ssh-keys.js'
import { CS, b64, rnd } from './rules/tokens.js'

const detector = createDetector()
const found = (text: string, path = 'repo/secret.yaml'): [string, number][] =>
  detector.scanFile(path, text).findings.map((f) => [f.ruleId, f.line])
const keys = makeSshKeys()
afterAll(() => keys.cleanup())

const indent = (text: string): string => text.trimEnd().replace(/\n/g, '\n    ')
const argoRepository = (secretField: string): string =>
  [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: private-repo',
    '  namespace: argocd',
    '  labels:',
    '    argocd.argoproj.io/secret-type: repository',
    'stringData:',
    '  type: git',
    '  name: private-repo',
    '  url: git@github.com:argoproj/private-repo',
    '  project: default',
    '  insecure: "true"',
    '  enableLfs: "true"',
    '  username: my-username',
    secretField,
    '',
  ].join('\n')

describe('Secret fields judged by what they hold', () => {
  it('an Argo CD repository Secret: only its key or password is a secret', () => {
    expect(found(argoRepository(`  sshPrivateKey: |\n    ${indent(keys.ed25519.privateText)}`))).toEqual([
      ['k8s-secret-plaintext', 17],
    ])
    expect(found(argoRepository(`  password: ${rnd(CS.alnum, 20)}`))).toEqual([['k8s-secret-plaintext', 16]])
    expect(found(argoRepository('  password: my-password'))).toEqual([])
  })

  // held-out-25 (Rook's multisite realm Secrets): an access key's ID beside its secret key is the public half.
  it('an access key beside its secret key is its ID; alone, or random beside no secret half, it is judged', () => {
    const realm = (fields: string[]): string =>
      ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: realm-a-keys', 'data:', ...fields, ''].join(
        '\n',
      )
    const id = b64(b64(rnd(CS.alnum, 14))) // base64 of a base64 ID, as the docs' template writes it
    const secret = b64(rnd(CS.alnum, 40))
    expect(found(realm([`  access-key: ${id}`, `  secret-key: ${secret}`]))).toEqual([
      ['k8s-secret-plaintext', 7],
    ])
    expect(found(realm([`  access-key: ${id}`]))).toEqual([['k8s-secret-plaintext', 6]])
    expect(found(realm([`  access-key: ${b64(rnd(CS.alnum, 60))}`, `  secret-key: ${secret}`]))).toEqual([
      ['k8s-secret-plaintext', 6],
      ['k8s-secret-plaintext', 7],
    ])
  })

  it('a PEM block with an elided body is an example; a real key in its place is not', () => {
    const elided =
      '  sshPrivateKey: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    ...\n    -----END OPENSSH PRIVATE KEY-----'
    expect(found(argoRepository(elided))).toEqual([])
    const rsa = execFileSync(
      'openssl',
      ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      {
        encoding: 'utf8',
      },
    )
    expect(found(argoRepository(`  tlsClientCertKey: |\n    ${indent(rsa)}`))).toEqual([
      ['k8s-secret-plaintext', 17],
    ])
  })

  it('an address in a username field is not a secret; a token there is', () => {
    const secret = (value: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: n\nstringData:\n  email-username: ${value}\n`
    expect(found(secret('<myemail>@gmail.com'))).toEqual([])
    expect(found(secret(rnd(CS.alnum, 32)))).toEqual([['k8s-secret-plaintext', 6]])
  })
})

describe('Secret values that stand for a secret', () => {
  const secret = (body: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: n\n${body}`

  // held-out-26 (k8ssandra's Medusa fixtures): an AWS credentials file whose secret repeats its key ID.
  it('a credentials file or document whose secret repeats its user or key ID is a stand-in; a random secret is not', () => {
    const credentials = (id: string, key: string): string =>
      secret(
        `stringData:\n  credentials: |-\n    [default]\n    aws_access_key_id = ${id}\n    aws_secret_access_key = ${key}\n`,
      )
    expect(found(credentials('k8ssandra', 'k8ssandra'))).toEqual([])
    expect(found(credentials('k8ssandra', rnd(CS.alnum, 40)))).toContainEqual(['aws-secret-access-key', 9])
    const json = (user: string, password: string): string =>
      secret(`stringData:\n  login.json: '{"username": "${user}", "password": "${password}"}'\n`)
    expect(found(json('reaper', 'reaper'))).toEqual([])
    expect(found(json('reaper', rnd(CS.alnum, 20))).length).toBeGreaterThan(0)
  })

  it.each([
    ['data', b64('test-password')],
    ['data', b64('postgres\n')],
    ['stringData', 'S3cr3tP@ss'],
    ['stringData', 'supersecretpassword'],
    ['stringData', '"**access token goes here**"'],
    ['stringData', 'op://vault/item/password'],
    ['stringData', '"..."'],
    ['data', '...'],
    ['data', b64('drift-value\n')],
    ['stringData', '"Pikachu"'],
    ['stringData', '<path:secret/testing#one>,<path:secret/testing#two>'],
    ['data', b64('**SOPS**')],
    ['stringData', "'**SOPS**'"],
    ['data', b64('1f2d1e2e67df')],
    // held-out-10: a dressed-up demo word, an algorithm name, published dev keys.
    ['stringData', 'MariaDB11!'],
    [
      'stringData',
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    ],
  ])('%s: %j is quiet', (section, value) => {
    expect(found(secret(`${section}:\n  password: ${value}\n`))).toEqual([])
  })

  it("MySQL's PASSWORD() hash (held-out-10) is a password hash, off the gate, not a plaintext password", () => {
    const hash = '"*57685B4F0FF9D049082E296E2C39354B7A98774E"'
    expect(found(secret(`stringData:\n  password: ${hash}\n`))).toEqual([['password-hash', 6]])
  })

  it('a field named for a hash (`passwordHash`, `ed25519Hash`) holds no plaintext; its password field does', () => {
    const hash = rnd(CS.b64, 43)
    expect(found(secret(`stringData:\n  passwordHash: "${hash}"\n  ed25519Hash: ${hash}\n`))).toEqual([])
    expect(found(secret(`stringData:\n  password: ${hash}\n`))).toEqual([['k8s-secret-plaintext', 6]])
  })

  it("an object's `id` (a UUID beside Kong's CA certificate) names it, authenticates nothing", () => {
    const uuid = [8, 4, 4, 4, 12].map((length) => rnd(CS.hex, length)).join('-')
    expect(found(secret(`stringData:\n  id: "${uuid}"\n  cert: |\n    x\n`))).toEqual([])
    expect(found(secret(`stringData:\n  token: "${uuid}"\n`))).toEqual([['k8s-secret-plaintext', 6]])
  })

  it('an algorithm name under a field that names no credential is quiet', () => {
    expect(found(secret('stringData:\n  ed25519Plugin: ed25519\n  signing: hmac-sha256\n'))).toEqual([])
    expect(found(secret(`stringData:\n  signing: ${rnd(CS.alnum, 20)}\n`))).toEqual([
      ['k8s-secret-plaintext', 6],
    ])
  })

  it.each([
    ['data', b64(rnd(CS.alnum, 14))],
    ['stringData', `${rnd(CS.alnum, 12)}!`],
    ['stringData', 'Tr0ub4dor&3x'],
    ['data', b64(`${rnd(CS.lower, 6)}-${rnd(CS.lower, 7)}`)],
    // Their real counterparts: random letters before the digits, random base64 of the same length.
    ['stringData', `Xk${rnd(CS.alnum, 8)}11!`],
    ['stringData', rnd(CS.b64, 86)],
  ])('%s: a real password %# is found', (section, value) => {
    expect(found(secret(`${section}:\n  password: ${value}\n`))).toEqual([['k8s-secret-plaintext', 6]])
  })

  // Dictionary words a person typed: still reported, as a guessable (or demo) password, warn-only.
  it.each([
    ['stringData', 'kafka#Broker7'],
    ['stringData', 'correct-horse-battery-staple'],
    ['data', b64('Welcome@Home123')],
  ])('%s: a password of typed words %# is reported as typed-word-password', (section, value) => {
    expect(found(secret(`${section}:\n  password: ${value}\n`))).toEqual([['typed-word-password', 6]])
  })

  it('a config file kept in a Secret is judged by its secret-named entries', () => {
    const config = (password: string): string =>
      secret(
        `stringData:\n  prometheus-additional.yaml: |\n    - job_name: blocky\n      scrape_interval: 1m\n      basic_auth:\n        username: prom\n        password: ${password}\n`,
      )
    expect(found(config('"{{ .password }}"'))).toEqual([])
    expect(found(config(rnd(CS.alnum, 20))).map(([id]) => id)).toContain('k8s-secret-plaintext')
    expect(
      found(secret('stringData:\n  scrape.yaml: |\n    - job_name: blocky\n      scrape_interval: 1m\n')),
    ).toEqual([])
  })

  // held-out-17 (Percona XtraDB operator): env Secrets holding settings, a keyring config template.
  it('a key naming a protocol, scheme, prefix or suffix holds no secret; a password beside it does', () => {
    const env = secret(
      'stringData:\n  PEER_LIST_SRV_PROTOCOL: tcp\n  PMM_PREFIX: pxc-prefix-\n  URL_SCHEME: grpcs\n  NAME_SUFFIX: -tls\n',
    )
    expect(found(env)).toEqual([])
    expect(found(`${env}  PMM_PASSWORD: ${rnd(CS.alnum, 16)}\n`)).toEqual([['k8s-secret-plaintext', 10]])
  })

  it("a file's path, an image's name, an environment or a connection name holds no secret; a random value there does", () => {
    const env = secret(
      [
        'data:',
        `  APP_ERROR_REPORTING__ENVIRONMENT: ${b64('k8s')}`,
        `  APP_EVENTS__CONTEXT_PROCESSORS__GEOIP: ${b64('/geoip/GeoLite2-City.mmdb')}`,
        `  SIDECAR_IMAGE: ${b64('ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.5.0')}`,
        `  connectionName: ${b64('us-central1:wp-db')}`,
        '',
      ].join('\n'),
    )
    expect(found(env)).toEqual([])
    expect(found(`${env}  SIDECAR_TOKEN: ${b64(rnd(CS.alnum, 24))}\n`)).toEqual([
      ['k8s-secret-plaintext', 10],
    ])
  })

  // held-out-24: a database name, a config document written with quoted keys (kube-prometheus'
  // alertmanager.yaml), a description of the value where the value belongs, a two-letter flag, a
  // URL whose password is one short lowercase word (as the URL rules read it).
  it('a database name, a quoted-key config, a description and a flag hold no secret; a password beside them does', () => {
    const quiet = secret(
      'stringData:\n  POSTGRES_DB: n8n\n  alertmanager.yaml: |-\n    "global":\n      "resolve_timeout": "5m"\n    "receivers":\n    - "name": "Default"\n  ciphers: |\n    The allowed cipher algorithms. If unspecified then a sensible\n    default is used.\n  id_rsa: ' +
        b64('this is id_rsa base64 string') +
        '\n  values.yaml: |\n    singleuser:\n      extraLabels:\n        test-self-managed-secret: ok\n  dsn: ' +
        b64('postgres://postgres:ory@postgresql.default.svc/ory_kratos?sslmode=disable') +
        '\n',
    )
    expect(found(quiet)).toEqual([])
    expect(found(`${quiet}  PGPASSWORD: ${rnd(CS.alnum, 16)}\n`).map(([id]) => id)).toEqual([
      'k8s-secret-plaintext',
    ])
    // A quoted-key config document is still read: a password in it is found.
    const quoted = secret(
      `stringData:\n  alertmanager.yaml: |-\n    "global":\n      "smtp_auth_password": "${rnd(CS.alnum, 20)}"\n`,
    )
    expect(found(quoted).map(([id]) => id)).toContain('k8s-secret-plaintext')
  })

  it('a passphrase of chosen words is not a description: it stays reported', () => {
    expect(found(secret('stringData:\n  passphrase: tumble ragged oxygen lantern velvet\n'))).toHaveLength(1)
  })

  it('a config whose values are #name markers a script substitutes is quiet; a token in their place is not', () => {
    const keyring = (token: string): string =>
      secret(
        `stringData:\n  keyring_vault.conf: |-\n    token = ${token}\n    vault_url = #vault_url\n    secret_mount_point = #secret\n  ca.cert: |-\n    #certVal\n`,
      )
    expect(found(keyring('#token'))).toEqual([])
    expect(found(keyring(rnd(CS.alnum, 26)))).toEqual([['k8s-secret-plaintext', 7]])
  })

  // held-out-17 (Percona XtraDB operator e2e): server configs and SQL init scripts kept in Secrets.
  describe('a config file or SQL script in a Secret is judged by what it sets', () => {
    const file = (name: string, text: string): string => secret(`data:\n  ${name}: ${b64(text)}\n`)
    const sql = (password: string): string =>
      `SET SESSION wsrep_on=OFF;\nALTER USER 'monitor'@'%' IDENTIFIED BY '${password}';\nCREATE ROLE app WITH LOGIN PASSWORD '${password}';\n`
    const mycnf = (extra: string): string =>
      `[mysqld]\ngtid_mode=on\nlog-slave-updates\nwsrep_provider_options="pc.weight=10; gcache.size=1G"\n${extra}`
    const haproxy =
      'global\r\n  maxconn 2048\r\n  stats socket /etc/haproxy/pxc/haproxy.sock mode 600 level admin\r\ndefaults\r\n  mode tcp\r\n  timeout client 28800s\r\nfrontend galera-in\r\n  bind *:3309 accept-proxy\r\n  option clitcpka\r\n'

    it.each([
      ['an SQL script setting demo passwords', 'init.sql', sql('newpass')],
      ['an SQL script setting short ones', 'init.sql', sql('pass1')],
      ['a mysqld config of settings', 'init.cnf', mycnf('')],
      ['an HAProxy config', 'haproxy-global.cnf', haproxy],
    ])('%s is quiet', (_, name, text) => {
      expect(found(file(name, text))).toEqual([])
    })

    it.each([
      ['an SQL script setting a random password', 'init.sql', sql(rnd(CS.alnum, 16))],
      ['an SQL script setting a typed one', 'init.sql', sql('hunter22')],
      ['a mysqld config with a password', 'init.cnf', mycnf(`password = ${rnd(CS.alnum, 12)}\n`)],
      ['a redis.conf with requirepass', 'redis.conf', `port 6379\nrequirepass hunter22\nappendonly yes\n`],
      ['a config with a password in a URL', 'app.conf', `[db]\nurl mysql://app:hunter22@db:3306/app\n`],
      ['a config with a random token', 'haproxy.cfg', `${haproxy}  # ${rnd(CS.alnum, 32)}\n`],
    ])('%s is reported', (_, name, text) => {
      expect(found(file(name, text))).toEqual([['k8s-secret-plaintext', 6]])
    })

    it('a text needing more judgements than its bound is judged as a whole, so reported', () => {
      const words = Array.from({ length: 40 }, (_, i) => b64(`test-password-${i + 10}`))
      const lines = (count: number): string => `allow ${words.slice(0, count).join(' ')}\nmode strict\n`
      expect(found(file('app.conf', lines(20)))).toEqual([])
      expect(found(file('app.conf', lines(40)))).toEqual([['k8s-secret-plaintext', 6]])
    })

    it('an age identity file made by age-keygen is reported', () => {
      const identity = execFileSync('age-keygen', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      expect(found(file('keys.txt', identity)).map(([id]) => id)).toContain('k8s-secret-plaintext')
    })
  })

  it('a checksum of other data is not a secret; a secret under a key named like one still is', () => {
    const sum = b64(execFileSync('sha256sum', { input: 'data' }).toString().slice(0, 64))
    expect(found(secret(`data:\n  SHA256SUM: ${sum}\n`))).toEqual([])
    expect(found(secret(`data:\n  SHA256SUM_KEY: ${b64(rnd(CS.alnum, 24))}\n`))).toEqual([
      ['k8s-secret-plaintext', 6],
    ])
  })

  it('a password hash is not reported as a plaintext password', () => {
    const hash = execFileSync('openssl', ['passwd', '-6', rnd(CS.alnum, 12)], { encoding: 'utf8' }).trim()
    const ids = found(secret(`stringData:\n  password: '${hash}'\n`)).map(([id]) => id)
    expect(ids).not.toContain('k8s-secret-plaintext')
  })

  it('base64 of a credentials document is judged by what it says', () => {
    const document = (salt: string): string =>
      b64(JSON.stringify({ verifier: { salt, localHash: 'example' }, deviceUuid: 'example', password: salt }))
    expect(found(secret(`stringData:\n  credentials.json: |-\n    ${document('example')}\n`))).toEqual([])
    expect(
      found(secret(`stringData:\n  credentials.json: |-\n    ${document(rnd(CS.alnum, 24))}\n`)),
    ).toEqual([['k8s-secret-plaintext', 7]])
  })

  it('a Secret wrapped in a docs template tag ({% raw %}) is read, not reported as unreadable', () => {
    const wrapped = (value: string): string =>
      `{% raw %}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: n\ndata:\n  password: ${value}\n{% endraw %}\n`
    expect(found(wrapped(b64('test')))).toEqual([])
    expect(found(wrapped(b64(rnd(CS.alnum, 16))))).toEqual([['k8s-secret-plaintext', 7]])
  })
})
