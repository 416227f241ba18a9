// External Secrets: building ExternalSecrets, and pushing values with the real AWS SDK to the local
// Secrets Manager test server (test/support/secrets-manager-server.ts, transpiled here; loopback only).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { formatMs, measure, measureProcess, table } from '../lib.mjs'

const root = new URL('../../', import.meta.url)
const BIN = fileURLToPath(new URL('bin/gitseal.js', root))

export const title = 'External Secrets (eso)'

/** The TypeScript test server as an ES module in a temp dir (it imports only node: built-ins). */
async function loadTestServer(dir) {
  const source = readFileSync(new URL('test/support/secrets-manager-server.ts', root), 'utf8')
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  const file = join(dir, 'secrets-manager-server.mjs')
  writeFileSync(file, outputText)
  return import(pathToFileURL(file).href)
}

function secrets(parseSecretObject, count) {
  return Array.from({ length: count }, (_, i) =>
    parseSecretObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `app-${i}`, namespace: 'prod', labels: { app: `app-${i}` } },
      type: 'Opaque',
      stringData: { username: `user-${i}`, password: `pw-${i}-${'x'.repeat(24)}`, 'config.json': '{"a":1}' },
    }),
  )
}

export async function run() {
  const eso = await import(new URL('dist/eso/index.js', root).href)
  const { parseSecretObject } = await import(new URL('dist/core/secret.js', root).href)
  const { stringifyObjects } = await import(new URL('dist/core/manifest.js', root).href)
  const thousand = secrets(parseSecretObject, 1000)
  const build = await measure(() => {
    for (const secret of thousand) eso.toExternalSecret(secret, { store: 'aws' })
  })
  const buildYaml = await measure(() => {
    stringifyObjects(
      thousand.map((secret) => eso.toExternalSecret(secret, { store: 'aws' })),
      'yaml',
    )
  })

  const dir = mkdtempSync(join(tmpdir(), 'gitseal-bench-eso-'))
  const { startSecretsManagerTestServer, TEST_CREDENTIALS } = await loadTestServer(dir)
  const server = await startSecretsManagerTestServer('eu-west-1')
  const hundred = secrets(parseSecretObject, 100)
  const connection = await eso.connectSecretsManager({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials: TEST_CREDENTIALS,
  })
  const pushAll = async (extra = {}) => {
    for (const secret of hundred) {
      await eso.pushToAws(secret, { region: 'eu-west-1', connection, ...extra })
    }
  }
  let create
  let unchanged
  let dryRun
  let update
  try {
    create = await measure(
      async () => {
        server.secrets.clear()
        await pushAll()
      },
      { runs: 3, warmup: 1 },
    )
    unchanged = await measure(() => pushAll(), { runs: 3, warmup: 0 })
    dryRun = await measure(() => pushAll({ dryRun: true }), { runs: 3, warmup: 0 })
    let round = 0
    update = await measure(
      async () => {
        round++
        for (const secret of hundred) {
          secret.data.set('password', Buffer.from(`rotated-${round}`))
          await eso.pushToAws(secret, { region: 'eu-west-1', connection })
        }
      },
      { runs: 3, warmup: 0 },
    )
  } finally {
    connection.close()
    await server.stop()
  }

  writeFileSync(
    join(dir, 'secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: prod}\nstringData: {password: x}\n',
  )
  const floor = measureProcess(process.execPath, [BIN, '--version'], { runs: 10 })
  const externalSecret = measureProcess(
    process.execPath,
    [BIN, 'eso', 'externalsecret', join(dir, 'secret.yaml'), '--store', 'aws'],
    { runs: 10 },
  )
  // Hostile size (#18): a 0.9 MB one-line JSON Secret of 50,000 keys (took 21 s with the yaml
  // library's quadratic duplicate-key check).
  const bigJson = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'n' },
    stringData: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`key${i}`, `v${i}`])),
  }
  writeFileSync(join(dir, 'big.json'), JSON.stringify(bigJson))
  const bigExternalSecret = measureProcess(
    process.execPath,
    [BIN, 'eso', 'externalsecret', join(dir, 'big.json'), '--store', 'aws', '--per-key'],
    { runs: 3, warmup: 1 },
  )
  rmSync(dir, { recursive: true, force: true })

  const perItem = (m, n) => `${((m.median / n) * 1000).toFixed(1)} µs`
  return {
    markdown: table(
      ['operation', 'wall time, median (min–max)', 'per item'],
      [
        ['`toExternalSecret` × 1,000 Secrets (3 keys each)', formatMs(build), perItem(build, 1000)],
        ['… and serialise the 1,000 as YAML', formatMs(buildYaml), perItem(buildYaml, 1000)],
        ['push 100 new Secrets (CreateSecret)', formatMs(create), `${(create.median / 100).toFixed(2)} ms`],
        [
          'push the same 100 again (all unchanged)',
          formatMs(unchanged),
          `${(unchanged.median / 100).toFixed(2)} ms`,
        ],
        [
          'push 100 with one key changed (PutSecretValue)',
          formatMs(update),
          `${(update.median / 100).toFixed(2)} ms`,
        ],
        ['`--dry-run` of 100 (reads only)', formatMs(dryRun), `${(dryRun.median / 100).toFixed(2)} ms`],
        ['`gitseal --version` (process)', formatMs(floor), '—'],
        ['`gitseal eso externalsecret` (process, AWS SDK not loaded)', formatMs(externalSecret), '—'],
        [
          '`gitseal eso externalsecret --per-key` of a 0.9 MB JSON Secret (50,000 keys, process)',
          formatMs(bigExternalSecret),
          '—',
        ],
      ],
    ),
    goals: [
      `1,000 ExternalSecrets built in under 250 ms: ${build.median < 250 ? 'met' : 'NOT met'}`,
      `\`eso externalsecret\` within 80 ms of \`--version\` (lazy SDK): ${externalSecret.median - floor.median <= 80 ? 'met' : 'NOT met'}`,
      `\`eso externalsecret\` of a 0.9 MB JSON Secret under 5 s (was 21 s): ${bigExternalSecret.median < 5000 ? 'met' : 'NOT met'}`,
    ],
    notes:
      'Pushes use the real `@aws-sdk/client-secrets-manager` against the local Secrets Manager test server on ' +
      '127.0.0.1 (SigV4 verified, JSON 1.1), sequentially per Secret. Each write derives its ClientRequestToken ' +
      'with scrypt (N=2^13), which dominates create/update time by design: the token is visible in CloudTrail.',
  }
}
