// Scanner detection engine: throughput (MB/s) of `createDetector().scanFile` over a generated mixed
// GitOps corpus, plus precision and recall against the corpus labels (file + line of each secret).
// Secrets are generated here at run time, so no token-shaped string is committed.
import { performance } from 'node:perf_hooks'
import { formatMs, measure, table, throughput } from '../lib.mjs'

const { createDetector } = await import('../../dist/scan/engine.js')

export const title = 'Scanner detection engine'

let seed = 0x1234567
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const rnd = (cs, n) => {
  let out = ''
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    out += cs[(seed >>> 8) % cs.length]
  }
  return out
}
const b64 = (s) => Buffer.from(s).toString('base64')
const pick = (list) => list[rnd('0123456789', 3) % list.length]

// Generators of secrets (each returns the text to embed).
const SECRETS = [
  () => ['gh', 'p_'].join('') + rnd(ALNUM, 36),
  () => ['AK', 'IA'].join('') + rnd(B32, 16),
  () => ['xox', 'b-'].join('') + `${rnd('0123456789', 12)}-${rnd('0123456789', 12)}-${rnd(ALNUM, 24)}`,
  () => ['sk_', 'live_'].join('') + rnd(ALNUM, 30),
  () => ['gl', 'pat-'].join('') + rnd(ALNUM, 20),
  () => ['SG', '.'].join('') + `${rnd(ALNUM, 22)}.${rnd(ALNUM, 43)}`,
  () => ['np', 'm_'].join('') + rnd(ALNUM, 36),
  () => ['AI', 'za'].join('') + rnd(ALNUM, 35),
  () => `postgres://app:${rnd(ALNUM, 16)}@db.internal:5432/app`,
  () => ['dckr_', 'pat_'].join('') + rnd(ALNUM, 27),
]
const PLACEHOLDERS = [
  'changeme',
  '${DB_PASSWORD}',
  '"{{ .Values.db.password }}"',
  '<password>',
  'example-token',
  'xxxxxxxxxxxx',
]

// One file: [path, text, lines with a secret (1-based)].
function deployment(i) {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  labels:\n    app: app-${i}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/corp/app:${rnd(HEX, 7)}\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: app-${i}-db\n                  key: password\n            - name: LOG_LEVEL\n              value: info\n          resources:\n            limits: { cpu: 500m, memory: 256Mi }\n`
  return [`apps/app-${i}/deployment.yaml`, text, []]
}
function plainSecret(i) {
  const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-${i}-db\ntype: Opaque\ndata:\n  username: ${b64('app')}\n  password: ${b64(rnd(ALNUM, 18))}\nstringData:\n  api-token: ${rnd(ALNUM, 32)}\n`
  return [`apps/app-${i}/secret.yaml`, text, [8, 10]]
}
function sealed(i) {
  const text = `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: app-${i}-db\nspec:\n  encryptedData:\n    password: Ag${rnd(ALNUM + '+/', 700)}==\n    username: Ag${rnd(ALNUM + '+/', 600)}\n  template:\n    type: Opaque\n`
  return [`apps/app-${i}/sealed-secret.yaml`, text, []]
}
function sops(i) {
  const enc = () =>
    `ENC[AES256_GCM,data:${b64(rnd(ALNUM, 12))},iv:${b64(rnd(ALNUM, 32))},tag:${b64(rnd(ALNUM, 16))},type:str]`
  const text = `apiVersion: v1\nkind: Secret\nmetadata:\n    name: app-${i}\ntype: Opaque\nstringData:\n    password: ${enc()}\n    token: ${enc()}\nsops:\n    age:\n        - recipient: age1${rnd('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n          enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n            ${rnd(ALNUM, 64)}\n            -----END AGE ENCRYPTED FILE-----\n    lastmodified: "2026-01-01T00:00:00Z"\n    mac: ${enc()}\n    encrypted_regex: ^(data|stringData)$\n    version: 3.9.0\n`
  return [`clusters/prod/app-${i}.enc.yaml`, text, []]
}
function externalSecret(i) {
  const text = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app-${i}\nspec:\n  refreshInterval: 1h\n  secretStoreRef: { name: aws, kind: ClusterSecretStore }\n  target:\n    template:\n      data:\n        DATABASE_URL: "postgres://app:{{ .password }}@db:5432/app"\n  data:\n    - secretKey: password\n      remoteRef: { key: prod/app-${i}, property: password }\n`
  return [`apps/app-${i}/external-secret.yaml`, text, []]
}
function values(i) {
  const leak = i % 3 === 0
  const secretLine = leak ? `  password: ${rnd(ALNUM, 16)}` : `  password: ${pick(PLACEHOLDERS)}`
  const text = `replicaCount: 2\nimage:\n  repository: ghcr.io/corp/app\n  tag: "1.${i}.0"\ndb:\n  host: db.internal\n  user: app\n${secretLine}\n  existingSecret: app-db\ningress:\n  enabled: true\n  hosts: [app.corp.internal]\n`
  return [`charts/app-${i}/values.yaml`, text, leak ? [8] : []]
}
function dotenv(i) {
  const leak = i % 2 === 0
  const text = `NODE_ENV=production\nPORT=8080\nAPI_TOKEN=${leak ? SECRETS[i % SECRETS.length]() : 'changeme'}\nLOG_LEVEL=info\n`
  return [`services/svc-${i}/.env`, text, leak ? [3] : []]
}
function source(i) {
  const leak = i % 4 === 0
  const token = SECRETS[(i + 3) % SECRETS.length]()
  const body = Array.from(
    { length: 40 },
    (_, k) => `export function f${k}(x: number): number {\n  return x * ${k} + ${i}\n}\n`,
  ).join('')
  const text = `import { client } from './client'\nconst apiUrl = 'https://api.corp.internal'\nconst token = ${leak ? `'${token}'` : 'process.env.API_TOKEN'}\n${body}`
  return [`src/mod-${i}.ts`, text, leak ? [3] : []]
}
function readme(i) {
  const text = `# Service ${i}\n\nSet \`DB_PASSWORD\` in the environment, e.g. \`DB_PASSWORD=<password>\`.\nConnect with postgres://user:password@localhost:5432/app for local development.\nThe key looks like ${['AK', 'IA'].join('')}IOSFODNN7EXAMPLE.\n\n${'Lorem ipsum dolor sit amet. '.repeat(40)}\n`
  return [`docs/svc-${i}.md`, text, []]
}

const KINDS = [deployment, plainSecret, sealed, sops, externalSecret, values, dotenv, source, readme]

function corpus(files) {
  seed = 0x1234567
  return Array.from({ length: files }, (_, i) => KINDS[i % KINDS.length](i))
}

function accuracy(detector, files) {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const [path, text, lines] of files) {
    const reported = new Set(detector.scanFile(path, text).findings.map((f) => f.line))
    const expected = new Set(lines)
    for (const line of reported) expected.has(line) ? tp++ : fp++
    for (const line of expected) if (!reported.has(line)) fn++
  }
  return { tp, fp, fn, precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1) }
}

export async function run() {
  const detector = createDetector({
    sopsConfig: {
      file: '.sops.yaml',
      text: 'creation_rules:\n  - path_regex: clusters/.*\\.ya?ml$\n    encrypted_regex: ^(data|stringData)$\n    age: age1x\n',
    },
  })
  const files = corpus(9000)
  const bytes = files.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0)
  const all = await measure(
    () => {
      for (const [path, text] of files) detector.scanFile(path, text)
    },
    { runs: 3 },
  )
  const perKind = KINDS.map((kind) => {
    const subset = files.filter((_, i) => KINDS[i % KINDS.length] === kind)
    const size = subset.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0)
    const time = { median: 0 }
    const start = performance.now()
    for (const [path, text] of subset) detector.scanFile(path, text)
    time.median = performance.now() - start
    return [kind.name, String(subset.length), `${(size / 1e6).toFixed(2)} MB`, throughput(size, time)]
  })
  const line = `password=Zx9kLm2q token: aB3dE5fG7hJ9 ${'lorem ipsum '.repeat(8)}\n`.repeat(80_000)
  const big = await measure(() => detector.scanFile('big.txt', line), { runs: 3 })
  const single = 'x'.repeat(20_000_000)
  const oneLine = await measure(() => detector.scanFile('one-line.txt', single), { runs: 3 })
  const acc = accuracy(detector, files)
  return {
    markdown: [
      table(
        ['input', 'size', 'wall time, median (min–max)', 'throughput'],
        [
          [
            `mixed GitOps corpus, ${files.length} files`,
            `${(bytes / 1e6).toFixed(1)} MB`,
            formatMs(all),
            throughput(bytes, all),
          ],
          [
            'dense assignments, one file',
            `${(line.length / 1e6).toFixed(1)} MB`,
            formatMs(big),
            throughput(line.length, big),
          ],
          ['one 20 MB line', '20.0 MB', formatMs(oneLine), throughput(single.length, oneLine)],
        ],
      ),
      '',
      table(['file kind', 'files', 'size', 'throughput (one run)'], perKind),
      '',
      table(
        ['labelled corpus (file + line)', 'true pos.', 'false pos.', 'false neg.', 'precision', 'recall'],
        [
          [
            'generated GitOps tree',
            String(acc.tp),
            String(acc.fp),
            String(acc.fn),
            acc.precision.toFixed(3),
            acc.recall.toFixed(3),
          ],
        ],
      ),
    ].join('\n'),
    goals: [
      `mixed corpus at 20 MB/s or more: ${bytes / 1e6 / (all.median / 1000) >= 20 ? 'met' : 'NOT met'}`,
      `precision and recall ≥ 0.95 on the generated corpus: ${acc.precision >= 0.95 && acc.recall >= 0.95 ? 'met' : 'NOT met'}`,
    ],
    notes:
      'The corpus is generated (deployments, plaintext/sealed/SOPS/External Secrets, Helm values, .env, TypeScript, Markdown); its labels are the lines holding a real-looking secret.',
  }
}
