// Sealed Secrets: whole-process `gitseal seal` of one Secret, and in-process sealing of 1,000 small
// Secrets and one 100-key Secret, side by side with @linode/kubeseal-encrypt on the same values.
// Certificate: the real controller's (RSA 4096) from fixtures/sealed-real.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { formatMs, measure, measureProcess, table } from '../lib.mjs'

const root = new URL('../../', import.meta.url)
const BIN = fileURLToPath(new URL('bin/gitseal.js', root))
const KEY_SECRET = fileURLToPath(new URL('fixtures/sealed-real/example-key.yaml', root))

export const title = 'Sealed Secrets (seal)'

function secretObject(i, keys = 3) {
  const stringData = {}
  for (let k = 0; k < keys; k++) stringData[`key-${k}`] = `value-${i}-${k}-${'x'.repeat(24)}`
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `app-${i}`, namespace: 'prod', labels: { app: `app-${i}` } },
    type: 'Opaque',
    stringData,
  }
}

export async function run() {
  const sealed = await import(new URL('dist/sealed/index.js', root).href)
  const { parseSecretObject } = await import(new URL('dist/core/secret.js', root).href)
  const { encryptSecretItem } = await import('@linode/kubeseal-encrypt')
  const certPem = Buffer.from(parse(readFileSync(KEY_SECRET, 'utf8')).data['tls.crt'], 'base64').toString()
  const cert = sealed.parseCert(certPem, 'cert.pem')
  const spki = cert.publicKey.export({ type: 'spki', format: 'pem' }).toString()

  const thousand = Array.from({ length: 1000 }, (_, i) => secretObject(i))
  const parsed = thousand.map((object) => parseSecretObject(object))
  const ours1000 = await measure(
    () => {
      for (const secret of parsed) sealed.toKubesealYaml(sealed.seal(secret, cert))
    },
    { runs: 3 },
  )
  const linode1000 = await measure(
    async () => {
      for (const object of thousand) {
        for (const value of Object.values(object.stringData)) await encryptSecretItem(spki, 'prod', value)
      }
    },
    { runs: 3 },
  )
  const big = parseSecretObject(secretObject(0, 100))
  const ours100 = await measure(() => sealed.toKubesealYaml(sealed.seal(big, cert)), { runs: 10 })
  const linode100 = await measure(
    async () => {
      for (const value of big.data.values())
        await encryptSecretItem(spki, 'prod', Buffer.from(value).toString())
    },
    { runs: 10 },
  )

  // Hostile sizes (#18): YAML parsing linear in keys, sealing linear in values. One 20,000-key
  // Secret should cost per key what the 100-key one does (a quadratic step would show as a ratio).
  const { parseManifest } = await import(new URL('dist/core/manifest.js', root).href)
  const manyKeysYaml = (n) =>
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n' +
    Array.from({ length: n }, (_, i) => `  k${i}: v${i}\n`).join('')
  const yaml80k = manyKeysYaml(80_000)
  const parse80k = await measure(() => parseManifest(yaml80k, 'big.yaml'), { runs: 3 })
  const wide = parseSecretObject(secretObject(0, 20_000))
  const ours20k = await measure(() => sealed.toKubesealYaml(sealed.seal(wide, cert)), { runs: 1 })
  const perKeyRatio = ours20k.median / 20_000 / (ours100.median / 100)

  const dir = mkdtempSync(join(tmpdir(), 'gitseal-bench-seal-'))
  writeFileSync(join(dir, 'cert.pem'), certPem)
  writeFileSync(join(dir, 'secret.json'), JSON.stringify(secretObject(1)))
  const floor = measureProcess(process.execPath, ['-e', '0'], { runs: 15 })
  const one = measureProcess(
    process.execPath,
    [BIN, 'seal', 'secret.json', '--cert', 'cert.pem', '--format', 'yaml'],
    {
      runs: 15,
      cwd: dir,
    },
  )
  rmSync(dir, { recursive: true, force: true })

  const ratio = (a, b) => `${(b.median / a.median).toFixed(2)}×`
  return {
    markdown: table(
      ['workload', 'gitseal', '@linode/kubeseal-encrypt (values only)', 'gitseal speed-up'],
      [
        [
          '1,000 Secrets × 3 keys, sealed + YAML',
          formatMs(ours1000),
          formatMs(linode1000),
          ratio(ours1000, linode1000),
        ],
        [
          'one Secret with 100 keys, sealed + YAML',
          formatMs(ours100),
          formatMs(linode100),
          ratio(ours100, linode100),
        ],
        ['one Secret with 20,000 keys, sealed + YAML', formatMs(ours20k), '—', '—'],
        ['`parseManifest` of a Secret with 80,000 keys (1.3 MB)', formatMs(parse80k), '—', '—'],
        ['`node -e 0` (floor)', formatMs(floor), '—', '—'],
        ['`gitseal seal secret.json --cert cert.pem` (whole process)', formatMs(one), '—', '—'],
      ],
    ),
    goals: [
      `whole-process seal of one Secret under 150 ms: ${one.median < 150 ? 'met' : 'NOT met'} (${one.median.toFixed(0)} ms)`,
      `sealing is linear in keys (per-key cost at 20,000 keys within 2× of 100 keys): ${perKeyRatio < 2 ? 'met' : 'NOT met'} (${perKeyRatio.toFixed(2)}×)`,
      `parseManifest of 80,000 keys under 5 s (was 39 s with the library's quadratic duplicate check): ${parse80k.median < 5000 ? 'met' : 'NOT met'}`,
    ],
    notes:
      'Both use RSA-OAEP-SHA256 with a 4096-bit key and AES-256-GCM per value (kubeseal-encrypt through WebCrypto, ' +
      'gitseal through node:crypto); only gitseal builds the SealedSecret and serialises it.',
  }
}
