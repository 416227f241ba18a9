/**
 * Vendored code (vendor/, node_modules/, Pods/…) and lockfiles: read by the provider rules only. A private key
 * made by openssl is reported there as anywhere, and so is a plaintext Secret manifest (kubectl applies
 * it as it stands); a library's test password is not this repository's configuration and is left alone.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { isVendoredPath } from '../../src/io/vendored-dirs.js'
import { isLockfile } from '../../src/scan/third-party-files.js'
import { githubToken } from './rules/tokens.js'

const key = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
})
// A random password as a person would not type it: found by the generic rules outside vendor/.
const password = 'Qz7vK2pX9mWc4RtL8nYb'
const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${password}\n`
const detector = createDetector()
const rules = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)

describe('vendored code and lockfiles', () => {
  it('reports a real private key and a checksummed token under vendor/ and node_modules/', () => {
    for (const dir of ['vendor/github.com/acme/lib', 'web/node_modules/pkg/test', 'ios/Pods/Lib']) {
      expect(rules(`${dir}/id_rsa`, key), dir).toEqual(['private-key-pkcs8'])
      expect(rules(`${dir}/config.js`, `const t = "${githubToken('ghp')}"\n`), dir).toEqual(['github-pat'])
    }
  })

  it('leaves generic assignments in vendored code to their owners', () => {
    const text = `DB_PASSWORD = "${password}"\n`
    expect(rules('app/conf.py', text).length).toBeGreaterThan(0)
    expect(rules('vendor/acme/lib/conf.py', text)).toEqual([])
    expect(rules('node_modules/pkg/conf.py', text)).toEqual([])
  })

  it('judges a plaintext Secret manifest in vendored code (A17): `kubectl apply -f vendor/k8s` applies it', () => {
    for (const dir of ['vendor/k8s', 'node_modules/pkg/deploy', 'Pods/Lib']) {
      expect(rules(`${dir}/secret.yaml`, secret), dir).toEqual(['k8s-secret-plaintext'])
      // JSON too, and under any name a manifest is read by.
      const json = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { v: password } })
      expect(rules(`${dir}/secret.json`, json), dir).toEqual(['k8s-secret-plaintext'])
    }
    // Its demo values stay quiet, as anywhere; the generic rules stay out of its other documents.
    const demo = secret.replace(password, 'changeme')
    const config = `apiVersion: v1\nkind: ConfigMap\ndata:\n  DB_PASSWORD: ${password}\n`
    expect(rules('vendor/k8s/demo.yaml', demo)).toEqual([])
    expect(rules('vendor/k8s/config.yaml', config)).toEqual([])
    expect(rules('app/config.yaml', config).length).toBeGreaterThan(0)
    // A lockfile is no manifest.
    expect(rules('pnpm-lock.yaml', secret)).toEqual([])
  })

  it('judges a path by its directories, not by a file or directory that only contains the word', () => {
    expect(isVendoredPath('vendor/a.go')).toBe(true)
    expect(isVendoredPath('src/vendor/b/c.php')).toBe(true)
    expect(isVendoredPath('vendor')).toBe(false)
    expect(isVendoredPath('src/vendor.go')).toBe(false)
    expect(isVendoredPath('vendors/x.yaml')).toBe(false)
    expect(isVendoredPath('third_party/forked/acme/jws_test.go')).toBe(false)
  })

  // pnpm 7's lockfile (format 5.4) suffixes a version with a hash of its peers; names hold `token`, `apikey`.
  const pnpm = [
    'lockfileVersion: 5.4',
    'importers:',
    '  packages/app:',
    '    dependencies:',
    '      passport-http-bearer: 1.0.1_rwjqxuxcdqn2ajc6f3e5wzrqle',
    'packages:',
    '  /secret-stack/6.4.2:',
    '    dependencies:',
    '      apikey: 0.0.3_lqy3pbu5jx6yywxhqk3nxxc5ga',
    '',
  ].join('\n')

  it('reads a lockfile by the provider rules: package names and versions are not assignments', () => {
    expect(rules('app/pnpm-lock.yaml', pnpm)).toEqual([])
    expect(rules('app/deps.yaml', pnpm).length).toBeGreaterThan(0) // the same text elsewhere is read in full
    const resolved = `  resolved "https://x-access-token:${githubToken('ghp')}@github.com/acme/lib.git#v1"\n`
    expect(rules('yarn.lock', `"lib@github:acme/lib#v1":\n${resolved}`)).toContain('github-pat')
  })

  it('knows the lockfiles of the common package managers by name', () => {
    for (const name of [
      'package-lock.json',
      'pnpm-lock.yaml',
      'yarn.lock',
      'go.sum',
      'Cargo.lock',
      'poetry.lock',
    ])
      expect(isLockfile(`web/${name}`), name).toBe(true)
    for (const name of ['package.json', 'go.mod', 'Cargo.toml', 'my-yarn.lock', 'yarn.lock.md'])
      expect(isLockfile(`web/${name}`), name).toBe(false)
  })
})
