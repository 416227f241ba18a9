/**
 * YAML parsing is linear in the number of keys: the `yaml` library's duplicate-key check compares
 * each key with every earlier one (80,000 keys took 39 s in parseManifest, a 0.9 MB JSON Secret
 * 21 s in `eso externalsecret`), so gitseal turns it off and checks with a Set. Bounds are
 * generous (a loaded CI machine), far below what the quadratic check took. Sealing many keys is
 * checked as a ratio of per-key costs, which load does not skew.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/manifest.js'
import { parseCert, sealManifest } from '../../src/sealed/index.js'
import { REAL_CERT_PEM } from '../support/sealed.js'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { storeFor } from '../../src/sops/stores/index.js'
import { runCli } from '../support/cli.js'
import { cpuMark, cpuMs, cpuMsSince } from '../support/cpu-time.js'

const KEYS = 80_000
const manyKeys = (n: number): string =>
  'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n' +
  Array.from({ length: n }, (_, i) => `  k${i}: v${i}`).join('\n') +
  '\n'

function seconds(fn: () => unknown): number {
  return cpuMs(fn) / 1000
}

describe('YAML with many keys', () => {
  it(`parseManifest reads ${KEYS} keys (1.3 MB) in seconds, not minutes`, () => {
    const text = manyKeys(KEYS)
    expect(text.length).toBeGreaterThan(1_300_000)
    expect(seconds(() => parseManifest(text, 'big.yaml'))).toBeLessThan(15)
  }, 60_000)

  it('the SOPS YAML store loads 80,000 keys in seconds', () => {
    expect(seconds(() => storeFor('yaml').load(manyKeys(KEYS), 'big.yaml'))).toBeLessThan(15)
  }, 60_000)

  it('duplicate keys are still refused, at any depth, with file:line', () => {
    const text = `a:\n  b: 1\n  c:\n    - {x: 1, y: 2, x: 3}\n`
    expect(() => parseManifest(text, 'dup.yaml')).toThrow(
      /^dup\.yaml:4:\d+: invalid YAML\/JSON: Map keys must be unique/,
    )
    expect(() => parseManifest('{"a": 1, "b": {"c": 1, "c": 2}}', 'dup.json')).toThrow(
      /Map keys must be unique/,
    )
    expect(() => storeFor('yaml').load('a: 1\nb: 2\na: 3\n', 'dup.yaml')).toThrow(
      /dup\.yaml:3: Map keys must be unique/,
    )
    expect(() => parseGitsealConfig('policy: []\npolicy: []\n', 'gitseal.yaml')).toThrow(
      /gitseal\.yaml:2: invalid YAML: Map keys must be unique/,
    )
    // Same value, different type: not duplicates (as the yaml library decides).
    expect(parseManifest('1: a\n"1": b\n', 'ok.yaml').documents).toHaveLength(1)
  })

  it('gitseal.yaml with 80,000 keys is parsed in seconds', () => {
    const text = `scan:\n  allowlist:\n    paths: []\nx:\n${Array.from({ length: KEYS }, (_, i) => `  k${i}: v`).join('\n')}\n`
    expect(
      seconds(() => {
        parseGitsealConfig(text, 'gitseal.yaml')
      }),
    ).toBeLessThan(15)
  }, 60_000)

  it('eso externalsecret of a 0.9 MB one-line JSON Secret in seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitseal-yaml-linear-'))
    try {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'n' },
        stringData: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`key${i}`, `v${i}`])),
      }
      writeFileSync(join(dir, 'big.json'), JSON.stringify(secret))
      const start = cpuMark()
      const result = await runCli(['eso', 'externalsecret', 'big.json', '--store', 'x', '--per-key'], {
        cwd: dir,
      })
      expect(result.stderr).toBe('')
      expect(result.exitCode).toBe(0)
      expect(cpuMsSince(start) / 1000).toBeLessThan(20)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('seal costs the same per key for 500 and 2,000 keys (parse, RSA-OAEP + AES per value, YAML out)', () => {
    const cert = parseCert(REAL_CERT_PEM, 'cert.pem')
    // Fastest of three runs per size: a loaded machine slows runs, never speeds them up.
    const perKey = (n: number): number => {
      const text = manyKeys(n)
      const runs = [0, 1, 2].map(() => seconds(() => sealManifest(parseManifest(text, 'big.yaml'), cert)))
      return Math.min(...runs) / n
    }
    perKey(200) // warm-up
    // 2,000 keys seal to ~1.4 MB, just under what a cluster stores (more is refused: seal-size.test.ts).
    const ratio = perKey(2000) / perKey(500)
    // Linear: ~1 idle, up to 2.3 at load 14-15 on 2 cores (GC and scheduling). A step quadratic in
    // keys would be ~4 here (200,000 keys were killed at 60 s).
    expect(ratio).toBeLessThan(3)
  }, 120_000)
})

describe('many YAML documents', () => {
  // The yaml library keeps ~1.3 KB per document, even an empty one: 1,000,000 `---` lines (4 MB)
  // took 67 s and 1.35 GB to read, and 32 MiB of them (8 million) would need some 10 GB.
  const MARKERS =
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\n' + '---\n'.repeat(200_000)

  it('a manifest or sops YAML file with more than 10,000 documents is refused before parsing, naming the file', () => {
    let elapsed = seconds(() =>
      expect(() => parseManifest(MARKERS, 'many.yaml')).toThrow(
        expect.objectContaining({
          code: 'E_TOO_LARGE',
          message: 'many.yaml: holds more than 10000 YAML documents',
        }),
      ),
    )
    elapsed += seconds(() =>
      expect(() => storeFor('yaml').load(MARKERS, 'many.yaml')).toThrow(
        /many\.yaml: .*more than 10000 YAML documents/,
      ),
    )
    expect(elapsed).toBeLessThan(1)
    // Up to the bound, documents are read as before.
    const fits = '---\na: 1\n'.repeat(5_000)
    expect(parseManifest(fits, 'fits.yaml').documents).toHaveLength(5_000)
    expect(() => parseManifest(`${'---\n'.repeat(10_000)}a: 1\n`, 'edge.yaml')).not.toThrow()
  })
})
