/** GitOps analysers on realistic trees: plaintext Secrets are found, protected forms stay silent. */
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import type { DetectorOptions } from '../../src/scan/engine.js'
import { CS, b64, pem, rnd } from './rules/tokens.js'
import { MAX_JUDGED_PER_FILE } from '../../src/scan/analysers/values.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url))
const found = (path: string, text: string, options: DetectorOptions = {}): [string, number][] =>
  createDetector(options)
    .scanFile(path, text)
    .findings.map((f) => [f.ruleId, f.line])

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

const SECRET = (body: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: prod\ntype: Opaque\n${body}`

describe('Kubernetes Secrets', () => {
  it('reports each plaintext key of data (base64-decoded) and stringData, with its line', () => {
    const text = SECRET(
      `data:\n  username: ${b64('admin')}\n  password: ${b64('Tr0ub4dor&3x')}\n  ca.crt: ${b64(pem('CERTIFICATE'))}\nstringData:\n  api-key: "${rnd(CS.alnum, 20)}"\n  empty: ""\n  templated: "{{ .Values.apiKey }}"\n`,
    )
    expect(found('k8s/app-secret.yaml', text)).toEqual([
      ['k8s-secret-plaintext', 9],
      ['k8s-secret-plaintext', 12],
    ])
  })

  it('finds Secrets in any document of a multi-document file, and in Lists, JSON too', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 2\n'
    const text = `${deployment}---\n${SECRET(`stringData:\n  DB_PASSWORD: hq7Zr2xKv9\n`)}`
    expect(found('k8s/all.yaml', text)).toEqual([['k8s-secret-plaintext', 15]])
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Secret', data: { token: b64(rnd(CS.alnum, 30)) } }],
    }
    expect(found('k8s/list.json', JSON.stringify(list, null, 2)).map(([id]) => id)).toEqual([
      'k8s-secret-plaintext',
    ])
  })

  it('reports the sealed-secrets controller key Secret (real fixture) on tls.key, not tls.crt', () => {
    const text = readFileSync(join(FIXTURES, 'sealed-real/example-key.yaml'), 'utf8')
    expect(found('kube-system/sealed-secrets-key.yaml', text)).toEqual([['sealed-secrets-controller-key', 4]])
  })

  it('reports kustomize secretGenerator literals', () => {
    const text = `resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: app\n    literals:\n      - username=admin\n      - password=${rnd(CS.alnum, 16)}\n      - token=\${TOKEN}\n    envs:\n      - app.env\n`
    expect(found('overlays/prod/kustomization.yaml', text)).toEqual([['kustomize-secret-literal', 7]])
  })

  it('stays silent on SealedSecrets, ExternalSecrets and sealed values in Helm values (real fixtures)', () => {
    const sealed = `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: app\nspec:\n  encryptedData:\n    password: Ag${rnd(CS.b64, 700)}==\n    api_token: Ag${rnd(CS.b64, 700)}\n  template:\n    type: Opaque\n`
    expect(found('k8s/sealed.yaml', sealed)).toEqual([])
    const eso = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef:\n    name: aws\n    kind: ClusterSecretStore\n  target:\n    template:\n      data:\n        password: "{{ .password }}"\n        dsn: "postgres://app:{{ .password }}@db:5432/app"\n  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/app/db\n        property: password\n`
    expect(found('k8s/external-secret.yaml', eso)).toEqual([])
    for (const name of [
      'decryption__use-arguments__dev-values.yaml',
      'decryption__use-local-private-key__prd-values.yaml',
    ]) {
      expect(
        found(`charts/app/${name}`, readFileSync(join(FIXTURES, 'sealed-real', name), 'utf8')),
        name,
      ).toEqual([])
    }
    expect(found('values.yaml', `db_password: Ag${rnd(CS.b64, 500)}==\n`)).toEqual([])
  })
})

describe('SOPS files', () => {
  it('finds nothing in real SOPS-encrypted files of every store (yaml, json, dotenv, ini, binary)', () => {
    const files = walk(join(FIXTURES, 'sops-real')).filter(
      (file) =>
        !/\/(?:keys|expected)\/|raw-test-secrets|\/no_mac\.yaml$|terragrunt-tests\/file\.yaml$|\.md$|\.json$/.test(
          file,
        ) || /\.enc\.json$|example\.json$/.test(file),
    )
    expect(files.length).toBeGreaterThan(20)
    const detector = createDetector()
    for (const file of files) {
      const findings = detector.scanFile(relative(FIXTURES, file), readFileSync(file)).findings
      expect(
        findings.map((f) => `${f.ruleId}:${f.line}`),
        file,
      ).toEqual([])
    }
  })

  it('reports metadata without a MAC (real fixture)', () => {
    const text = readFileSync(join(FIXTURES, 'sops-real/getsops-sops/functional-tests/no_mac.yaml'), 'utf8')
    expect(found('no_mac.yaml', text).map(([id]) => id)).toContain('sops-invalid-metadata')
  })

  const ENC =
    'ENC[AES256_GCM,data:Zm9vYmFy,iv:YWJjZGVmZ2hpamtsbW5vcA==,tag:cXJzdHV2d3h5ejAxMjM0NQ==,type:str]'
  const META = (extra: string): string =>
    `sops:\n    age:\n        - recipient: age1${rnd(CS.bech32, 58)}\n          enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n            ${rnd(CS.b64, 64)}\n            -----END AGE ENCRYPTED FILE-----\n    lastmodified: "2026-01-01T00:00:00Z"\n    mac: ${ENC}\n${extra}    version: 3.9.0\n`

  it('reports a value left in the clear that the encrypted_regex covers, not the ones it leaves plain', () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n    name: app\ndata:\n    password: ${ENC}\n    token: cGxhaW50ZXh0LXRva2Vu\n${META('    encrypted_regex: ^(data|stringData)$\n')}`
    expect(found('secrets/app.enc.yaml', text)).toEqual([['sops-unencrypted-value', 7]])
  })

  it('uses the default unencrypted_suffix: keys ending _unencrypted may stay plain', () => {
    const text = `db:\n    user_unencrypted: admin\n    password: ${ENC}\n    host: db.internal\n${META('    unencrypted_suffix: _unencrypted\n')}`
    expect(found('secrets.yaml', text)).toEqual([['sops-unencrypted-value', 4]])
  })

  it('checks dotenv and INI stores too', () => {
    const env = `A=${ENC}\nB=plain-value\nsops_mac=${ENC}\nsops_version=3.9.0\nsops_unencrypted_suffix=_unencrypted\n`
    expect(found('app.env', env)).toEqual([['sops-unencrypted-value', 2]])
    const ini = `[db]\npassword = ${ENC}\nhost = db.internal\n\n[sops]\nmac = ${ENC}\nversion = 3.9.0\n`
    expect(found('app.ini', ini)).toEqual([['sops-unencrypted-value', 3]])
  })
})

describe('.sops.yaml policy', () => {
  const sopsConfig = {
    file: 'clusters/.sops.yaml',
    text: 'creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: age1xyz\n  - path_regex: \\.env$\n    age: age1xyz\n  - age: age1xyz\n',
  }
  const options = { sopsConfig }

  it('reports a matched file that is not encrypted, at its first value the rule would encrypt', () => {
    const text = SECRET(`stringData:\n  mode: "on"\n  token: "${rnd(CS.alnum, 24)}"\n`)
    expect(found('clusters/prod/secrets/app.yaml', text, options)).toEqual([['sops-policy-unencrypted', 9]])
    expect(found('clusters/prod/app.env', 'LOG_LEVEL=debug\nDB_PASSWORD=Zr8-vQ2mK7pL\n', options)).toEqual([
      ['sops-policy-unencrypted', 2],
    ])
  })

  it('stays silent for encrypted files, non-Secret manifests, catch-all rules and paths outside the config dir', () => {
    const encrypted = `apiVersion: v1\nkind: Secret\nstringData:\n    mode: ENC[AES256_GCM,data:Zm9v,iv:YWJjZGVmZ2hpamtsbW5vcA==,tag:cXJzdHV2d3h5ejAxMjM0NQ==,type:str]\nsops:\n    mac: ENC[AES256_GCM,data:Zm9v,iv:YWJj,tag:cXJz,type:str]\n    age: []\n    version: 3.9.0\n    encrypted_regex: ^(data|stringData)$\n`
    expect(found('clusters/prod/secrets/app.yaml', encrypted, options)).toEqual([])
    expect(
      found('clusters/prod/secrets/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n', options),
    ).toEqual([])
    expect(found('clusters/prod/app.txt', 'hello\n', options)).toEqual([])
    expect(
      found('other/secrets/app.yaml', SECRET(`stringData:\n  mode: "${rnd(CS.alnum, 20)}"\n`), options),
    ).toEqual([['k8s-secret-plaintext', 8]])
    expect(found('clusters/.sops.yaml', sopsConfig.text, options)).toEqual([])
  })

  it('judges as many values of a file as the analysers judge: past them the file is not fully checked', () => {
    const env = (n: number): string =>
      `${Array.from({ length: n }, (_, i) => `DB${i}_PASSWORD=changeme\n`).join('')}API_TOKEN=${rnd(CS.alnum, 24)}\n`
    const ids = (n: number): string[] =>
      createDetector(options)
        .scanFile('clusters/prod/app.env', env(n))
        .findings.map((finding) => finding.ruleId)
        .filter((id) => !id.startsWith('generic'))
    expect(ids(MAX_JUDGED_PER_FILE - 1)).toEqual(['sops-policy-unencrypted'])
    expect(ids(MAX_JUDGED_PER_FILE)).toEqual(['scan-incomplete'])
  })

  it('notes a .sops.yaml it cannot read instead of failing', () => {
    const detector = createDetector({ sopsConfig: { file: '.sops.yaml', text: 'creation_rules: [\n' } })
    expect(detector.scanFile('.sops.yaml', 'creation_rules: [\n').notes?.[0]).toMatch(/not valid YAML/)
  })
})

describe('kubeconfig and docker config', () => {
  it('reports embedded tokens, passwords and client keys, not certificates or exec plugins', () => {
    const text = `apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    certificate-authority-data: ${b64(pem('CERTIFICATE'))}\n    server: https://k8s.corp:6443\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${b64(pem('CERTIFICATE'))}\n    client-key-data: ${b64(pem('RSA PRIVATE KEY'))}\n- name: ci\n  user:\n    token: ${rnd(CS.alnum, 40)}\n- name: basic\n  user:\n    username: admin\n    password: ${rnd(CS.alnum, 12)}\n- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n`
    expect(found('kubeconfig', text)).toEqual([
      ['kubeconfig-client-key', 12],
      ['kubeconfig-token', 15],
      ['kubeconfig-password', 19],
    ])
  })

  it('reports docker registry auths, not credential helpers', () => {
    const config = {
      auths: { 'ghcr.io': { auth: b64(`bot:${rnd(CS.alnum, 20)}`) }, 'quay.io': {} },
      credsStore: 'desktop',
    }
    expect(found('.docker/config.json', JSON.stringify(config, null, 2))).toEqual([['docker-config-auth', 4]])
    expect(
      found('.docker/config.json', JSON.stringify({ auths: { 'ghcr.io': { auth: b64('bot:') } } })),
    ).toEqual([])
  })
})

describe('kubeconfigs and docker configs kept base64 in a Secret', () => {
  // A real key, as PEM text straight from the generator (no KeyObject export: see real-keys.test.ts).
  const key = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey
  const kubeconfig = (user: string): string =>
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: ${b64(pem('CERTIFICATE'))}\nusers:\n- name: u\n  user:\n${user}`
  const dockerconfig = (auth: string): string => JSON.stringify({ auths: { 'ghcr.io': { auth } } })

  it('reports a kubeconfig whose client key is there, and nothing for one with certificates only (red team 19 C1)', () => {
    const withKey = kubeconfig(
      `    client-certificate-data: ${b64(pem('CERTIFICATE'))}\n    client-key-data: ${b64(key)}\n`,
    )
    expect(found('capi/c1-kubeconfig.yaml', SECRET(`data:\n  value: ${b64(withKey)}\n`))).toEqual([
      ['k8s-secret-plaintext', 8],
    ])
    const certsOnly = kubeconfig(`    client-certificate-data: ${b64(pem('CERTIFICATE'))}\n`)
    expect(found('capi/c1-kubeconfig.yaml', SECRET(`data:\n  value: ${b64(certsOnly)}\n`))).toEqual([])
  })

  it('judges a .dockerconfigjson holding only auths.*.auth as the docker config analyser does (red team 19 C2)', () => {
    const secret = (auth: string): string =>
      SECRET(`data:\n  .dockerconfigjson: ${b64(dockerconfig(auth))}\n`).replace(
        'type: Opaque',
        'type: kubernetes.io/dockerconfigjson',
      )
    expect(found('k8s/regcred.yaml', secret(b64(`bot:${rnd(CS.alnum, 20)}`)))).toEqual([
      ['k8s-secret-plaintext', 8],
    ])
    // A demo login (flux's golden file: `stefanprodan:password`) and an empty password stay quiet.
    expect(found('k8s/regcred.yaml', secret(b64('stefanprodan:password')))).toEqual([])
    expect(found('k8s/regcred.yaml', secret(b64('bot:')))).toEqual([])
  })
})

describe('Secret fields that name no secret', () => {
  it('still report a URL with a password under url, uri, proxy or endpoint, base64 in data too (red team 19 A28)', () => {
    const password = rnd(CS.alnum, 20)
    const text = SECRET(
      `data:\n  uri: ${b64(`mongodb://app:${password}@mongo-0.acme-corp.io:27017/app`)}\n  url: ${b64('https://git.acme-corp.io/org/repo.git')}\nstringData:\n  proxy: http://user:changeme@proxy.acme-corp.io:3128\n  endpoint: https://key:${password}@api.acme-corp.io\n`,
    )
    // The repository URL without a login and the demo proxy login stay quiet.
    expect(found('k8s/mongo.yaml', text)).toEqual([
      ['k8s-secret-plaintext', 8],
      ['k8s-secret-plaintext', 12],
    ])
  })

  it('report a symmetric JSON Web Key kept in a value (red team 19 C3)', () => {
    const jwk = JSON.stringify({ kty: 'oct', k: rnd(CS.url, 43), alg: 'HS256' })
    expect(found('k8s/jwt-key.yaml', SECRET(`data:\n  signing.json: ${b64(jwk)}\n`))).toEqual([
      ['k8s-secret-plaintext', 8],
    ])
  })
})

describe('Kubernetes Secrets written in CUE', () => {
  it('reports random stringData/data values of a CUE Secret, not demo values or other kinds', () => {
    const system = rnd(CS.alnum, 32)
    const text = [
      'package kube',
      '',
      'k: Secret: hydra: stringData: {',
      `\tSECRETS_SYSTEM: "${b64(system)}"`,
      '\tDSN:            "postgres://hydra:hydra@postgres:5432/hydra"',
      '\tLOG_LEVEL:      "debug"',
      '}',
      '',
      'k: ConfigMap: hydra: data: {',
      `\tSESSION_SALT: "${rnd(CS.alnum, 32)}"`,
      '}',
      '',
      'app: {',
      '\tkind: "Secret"',
      '\tdata: {',
      `\t\t"token.txt": "${b64(rnd(CS.alnum, 24))}"`,
      `\t\tuser: "${b64('admin')}"`,
      '\t}',
      '}',
    ].join('\n')
    expect(found('resources/hydra.cue', text)).toEqual([
      ['k8s-secret-plaintext', 4],
      ['k8s-secret-plaintext', 16],
    ])
    // The same lines in a file that is not CUE are left to the other rules.
    expect(found('resources/hydra.txt', text).filter(([rule]) => rule === 'k8s-secret-plaintext')).toEqual([])
  })
})
