/**
 * The package as users get it: `npm pack`, install the tarball into a temp project (offline from
 * the npm cache), then use it from ESM, CommonJS, TypeScript (nodenext and bundler) and the bin.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const SUBPATHS = [
  'gitseal',
  'gitseal/sealed',
  'gitseal/sops',
  'gitseal/eso',
  'gitseal/scan',
  'gitseal/config',
]
let project = ''

const sh = (command: string, args: string[], cwd = project): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })

beforeAll(() => {
  project = scratchDir('consumer')
  // --ignore-scripts: dist/ is already built by `npm test`; packing must not rebuild it mid-run.
  sh('npm', ['pack', '--ignore-scripts', '--pack-destination', project, repo], repo)
  const tarball = readdirSync(project).find((file) => file.endsWith('.tgz'))
  if (!tarball) throw new Error('npm pack produced no tarball')
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`, '@types/node@20'])
}, 180_000)

describe('the packed package', () => {
  it('ships only bin, dist (without tests), README and package.json', () => {
    const listing = JSON.parse(sh('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], repo)) as {
      files: { path: string }[]
    }[]
    const files = listing[0]!.files.map((file) => file.path)
    const unexpected = files.filter(
      (file) => !/^(bin\/|dist\/|README\.md$|package\.json$|LICENSE$|schema\/)/.test(file),
    )
    expect(unexpected).toEqual([])
    expect(files.filter((file) => file.includes('.test.'))).toEqual([])
    expect(files).toContain('bin/gitseal.js')
  })

  it('imports every subpath from ESM and parses a Secret', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      `${SUBPATHS.map((subpath, i) => `import * as m${i} from '${subpath}'`).join('\n')}
const { parseManifest, readSecrets } = m0
const [secret] = readSecrets(parseManifest('apiVersion: v1\\nkind: Secret\\nmetadata: {name: a}\\nstringData: {k: v}\\n', 'a.yaml'))
console.log(JSON.stringify({ exports: [${SUBPATHS.map((_, i) => `Object.keys(m${i}).length`).join(', ')}], name: secret.name }))
`,
    )
    const result = JSON.parse(sh('node', ['esm.mjs'])) as { exports: number[]; name: string }
    expect(result.name).toBe('a')
    expect(result.exports.every((count) => count > 0)).toBe(true)
  })

  it('runs a seal → unseal, encrypt → decrypt and scan round trip through the public API', () => {
    writeFileSync(
      join(project, 'roundtrip.mjs'),
      `import { parseManifest, readSecrets } from 'gitseal'
import { generateControllerKey, parseCert, seal, unseal } from 'gitseal/sealed'
import { encrypt, decrypt } from 'gitseal/sops'
import { scanAll } from 'gitseal/scan'
import { generateIdentity, identityToRecipient } from 'age-encryption'
const TEXT = 'apiVersion: v1\\nkind: Secret\\nmetadata: {name: db, namespace: shop}\\nstringData: {password: Zq8vLw3rT6yUi9oPa2sDf5gHj}\\n'
const [secret] = readSecrets(parseManifest(TEXT, 'db.yaml'))
const key = await generateControllerKey({ bits: 2048 })
const sealed = seal(secret, parseCert(key.certPem, 'cert.pem'))
const unsealed = unseal(sealed, [key.privateKey], 'db.sealed.yaml')
const identity = await generateIdentity()
const encrypted = await encrypt(TEXT, { format: 'yaml', recipients: [await identityToRecipient(identity)] })
const decrypted = await decrypt(encrypted, { format: 'yaml', identities: [{ identity, source: 'test' }] })
const plainScan = await scanAll({ kind: 'content', content: TEXT, filename: 'db.yaml' })
const encryptedScan = await scanAll({ kind: 'content', content: encrypted, filename: 'db.enc.yaml' })
console.log(JSON.stringify({
  unsealed: new TextDecoder().decode(unsealed.data.get('password')),
  sealedHasPlaintext: JSON.stringify(sealed).includes('Zq8vLw3r'),
  decrypted: decrypted === TEXT,
  plainFindings: plainScan.findings.length,
  encryptedFindings: encryptedScan.findings.length,
}))
`,
    )
    expect(JSON.parse(sh('node', ['roundtrip.mjs']))).toEqual({
      unsealed: 'Zq8vLw3rT6yUi9oPa2sDf5gHj',
      sealedHasPlaintext: false,
      decrypted: true,
      plainFindings: 1,
      encryptedFindings: 0,
    })
  }, 60_000)

  it('can be required from CommonJS on Node >= 20.19', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const gitseal = require('gitseal')
for (const subpath of ${JSON.stringify(SUBPATHS.slice(1))}) require(subpath)
const error = new gitseal.GitsealError('E_BAD_SECRET', 'x')
console.log(JSON.stringify({ code: error.code, exit: gitseal.exitCodeFor(error) }))
`,
    )
    expect(JSON.parse(sh('node', ['cjs.cjs']))).toEqual({ code: 'E_BAD_SECRET', exit: 2 })
  })

  it.each(['nodenext', 'bundler'])(
    'type-checks a TypeScript consumer with moduleResolution %s',
    (resolution) => {
      const dir = join(project, `ts-${resolution}`)
      sh('mkdir', ['-p', dir])
      writeFileSync(
        join(dir, 'index.ts'),
        `import { GitsealError, parseManifest, readSecrets, type Secret, type ErrorCode } from 'gitseal'
import type { Finding } from 'gitseal/scan'
${SUBPATHS.slice(1)
  .map((subpath, i) => `import * as s${i} from '${subpath}'`)
  .join('\n')}
const secrets: Secret[] = readSecrets(parseManifest('', 'x.yaml'))
const code: ErrorCode = new GitsealError('E_USAGE', 'x').code
const findings: Finding[] = []
export const used = [secrets, code, findings, ${SUBPATHS.slice(1)
          .map((_, i) => `s${i}`)
          .join(', ')}]
`,
      )
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'es2022',
            module: resolution === 'bundler' ? 'esnext' : 'nodenext',
            moduleResolution: resolution,
            types: ['node'],
            typeRoots: [join(project, 'node_modules/@types')],
          },
          files: ['index.ts'],
        }),
      )
      sh(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir])
    },
    120_000,
  )

  it('runs the installed gitseal bin', () => {
    const version = sh(join(project, 'node_modules/.bin/gitseal'), ['--version']).trim()
    expect(version).toMatch(/^\d+\.\d+\.\d+/)
  })
})
