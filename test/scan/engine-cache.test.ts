/**
 * The bundled engine (dist/bundle/engine.js, what the CLI and its workers load) and the bundled CLI
 * (dist/bundle/cli.cjs: every command, or `scan` only) each run from one CommonJS script with a V8
 * code cache made at build time: the cache must be accepted under the CLI's V8 flags (else every
 * run pays the compile again, silently), so must Node's own cache of its built-ins, and the bundled
 * engine must find what the library's engine finds.
 */
import { spawnSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs an ES module script under the CLI's V8 flags (set as bin/gitseal.js sets them); its stdout. */
function underCliFlags(script: string, nodeOptions: string[] = []): string {
  const prelude =
    "import { createRequire } from 'node:module'\nimport { raiseV8Flags } from './bin/v8-flags.js'\nconst require = createRequire(process.cwd() + '/')\nraiseV8Flags()\n"
  const result = spawnSync(
    process.execPath,
    [...nodeOptions, '--input-type=module', '-e', prelude + script],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
  expect(result.status, result.stderr).toBe(0)
  return result.stdout
}

describe('the bundled engine', () => {
  it('is compiled from its code cache under the CLI flags, and not without them', () => {
    const load =
      "const engine = await import('./dist/bundle/engine.js')\nconsole.log(engine.codeCacheRejected)\n"
    expect(underCliFlags(load).trim()).toBe('false')
    // Another flag set is another V8 configuration: the check above can fail.
    const other = spawnSync(process.execPath, ['--no-opt', '--input-type=module', '-e', load], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(other.stdout.trim()).toBe('true')
  })

  it('the CLI too, both its scripts: compiled from their code caches under the CLI flags', () => {
    const load =
      "const { loadCli } = require('./dist/bundle/cli.cjs')\nconsole.log(loadCli('main').codeCacheRejected, loadCli('scan').codeCacheRejected)\n"
    expect(underCliFlags(load).trim()).toBe('false false')
  })

  it('the scan-only script holds `scan` and none of the other commands', () => {
    const scan = readFileSync(join(ROOT, 'dist/bundle/scan-code.cjs'), 'utf8')
    expect(scan).toContain('"dist/cli/commands/scan.js"(')
    for (const other of ['seal', 'status', 'hook', 'encrypt'])
      expect(scan).not.toContain(`"dist/cli/commands/${other}.js"(`)
    const main = readFileSync(join(ROOT, 'dist/bundle/main-code.cjs'), 'utf8')
    for (const command of ['scan', 'seal', 'status'])
      expect(main).toContain(`"dist/cli/commands/${command}.js"(`)
  })

  it("Node's built-ins the scripts require are compiled from Node's code cache under the CLI flags", () => {
    // V8 rejects a code cache made under other flags: bin/v8-flags.js loads built-ins under the defaults.
    const usage = `
      const { internalBinding } = require('internal/test/binding')
      const { withDefaultV8Flags } = require('./bin/v8-flags.js')
      withDefaultV8Flags(() => require('node:zlib'))
      require('node:dgram')
      const { compiledWithCache, compiledWithoutCache } = internalBinding('builtins').getCacheUsage()
      console.log(compiledWithCache.has('zlib'), compiledWithoutCache.has('dgram'))
    `
    expect(underCliFlags(usage, ['--expose-internals', '--no-warnings']).trim()).toBe('true true')
  })

  it("the engine loads node:crypto only when a scan needs it, then from Node's code cache", () => {
    // A JWT signed with jwt.io's default secret: the engine checks it with an HMAC (jwt-signature.ts).
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'deploy-bot', iat: 1700000000 })}`
    const jwt = `${input}.${createHmac('sha256', 'your-256-bit-secret').update(input).digest('base64url')}`
    const scan = `
      const { internalBinding } = require('internal/test/binding')
      const detector = require('./dist/bundle/engine.cjs').createDetector({})
      const loaded = () => process.moduleLoadList.includes('NativeModule crypto')
      const before = loaded()
      detector.scanFile('clean.env', new TextEncoder().encode('LOG_LEVEL=info\\n'))
      const clean = loaded()
      detector.scanFile('app.env', new TextEncoder().encode('TOKEN=${jwt}\\n'))
      const { compiledWithCache, compiledWithoutCache } = internalBinding('builtins').getCacheUsage()
      console.log(before, clean, loaded(), compiledWithCache.has('crypto'), compiledWithoutCache.has('crypto'))
    `
    const output = underCliFlags(scan, ['--expose-internals', '--no-warnings'])
    expect(output.trim()).toBe('false false true true false')
  })

  it("V8_DEFAULT_FLAGS are this Node's defaults", () => {
    const { V8_DEFAULT_FLAGS } = createRequire(import.meta.url)('../../bin/v8-flags.js') as {
      V8_DEFAULT_FLAGS: string
    }
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout
    for (const flag of V8_DEFAULT_FLAGS.split(' ')) expect(options).toContain(`default: ${flag}\n`)
  })

  it('the CLI reads node-forge and age-encryption from a cached script of their own, on first use', () => {
    const cli = readFileSync(join(ROOT, 'dist/bundle/main-code.cjs'), 'utf8')
    expect(cli).not.toContain('node_modules/node-forge/')
    expect(cli).not.toContain('node_modules/age-encryption/')
    expect(cli).toContain('require("node-forge")')
    const use = `
      const { loadCli, vendor: loadVendor } = require('./dist/bundle/cli.cjs')
      const cli = loadCli('main')
      const code = await cli.run(['keygen', '--out', ${JSON.stringify(join(scratchDir('vendor'), 'keys'))}, '--bits', '2048'], {
        stdout: () => {}, stderr: (t) => process.stderr.write(t), readStdin: async () => new Uint8Array(), env: {},
        cwd: process.cwd(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false,
      })
      const vendor = loadVendor()
      const age = vendor.exports['age-encryption']()
      console.log(code, vendor.codeCacheRejected, typeof age.generateIdentity)
    `
    expect(underCliFlags(use).trim()).toBe('0 false function')
  })

  it('the CLI and the engine share one YAML library, a cached script of its own loaded once', () => {
    for (const name of ['main', 'scan', 'engine'])
      expect(readFileSync(join(ROOT, `dist/bundle/${name}-code.cjs`), 'utf8')).not.toContain(
        'node_modules/yaml/',
      )
    // Every script cached-script.cjs compiles, counted by name.
    const use = `
      const vm = require('node:vm')
      const compiled = []
      const Script = vm.Script
      vm.Script = class extends Script { constructor(text, options) { super(text, options); compiled.push(options?.filename?.split('/').pop()) } }
      const detector = require('./dist/bundle/engine.cjs').createDetector({})
      const secret = 'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: a\\n  labels: {app: "x"}\\nstringData:\\n  password: "Zq8Wv3Lp6Rt2Yn5KxB7m"\\n'
      const found = detector.scanFile('secret.yaml', secret).findings.map((f) => f.ruleId)
      const { loadCli } = require('./dist/bundle/cli.cjs')
      const code = await loadCli('main').run(['status', '--json', 'fixtures'], {
        stdout: () => {}, stderr: () => {}, readStdin: async () => new Uint8Array(), env: {},
        cwd: process.cwd(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false,
      })
      const yaml = require('./dist/bundle/yaml.cjs').yamlScript()
      console.log(found.length > 0, typeof code, compiled.filter((name) => name === 'yaml-code.cjs').length, yaml.codeCacheRejected, compiled.includes('main-code.cjs'))
    `
    expect(underCliFlags(use).trim()).toBe('true number 1 false true')
  })

  it('holds the keyword automaton of the built-in rules, made from the rules it holds', () => {
    const output = underCliFlags(`
      import { readFileSync } from 'node:fs'
      const { PROVIDER_RULES } = await import('./dist/scan/rules/index.js')
      const { PASS_WORDS } = await import('./dist/scan/engine.js')
      const { prebuildKeywords } = await import('./dist/scan/matcher.js')
      const line = readFileSync('dist/bundle/engine-code.cjs', 'latin1').split('\\n').find((text) => text.startsWith('var PREBUILT_KEYWORDS = {'))
      const written = new Function(line + '; return PREBUILT_KEYWORDS')()
      const made = prebuildKeywords(PROVIDER_RULES, PASS_WORDS)
      console.log(written.key === made.key, JSON.stringify(written.tables) === JSON.stringify(made.tables))
    `)
    expect(output.trim()).toBe('true true')
  })

  it('finds what the library engine finds, a .sops.yaml policy (re2js) included', () => {
    const cases = readdirSync(new URL('cases/', import.meta.url), { recursive: true }).length
    expect(cases).toBeGreaterThan(100)
    const output = underCliFlags(`
      import { readdirSync, readFileSync, statSync } from 'node:fs'
      const bundled = await import('./dist/bundle/engine.js')
      const library = await import('./dist/scan/engine.js')
      const options = { sopsConfig: { file: '.sops.yaml', text: 'creation_rules:\\n  - path_regex: cases/.*\\\\.ya?ml$\\n    age: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\\n' } }
      const a = bundled.createDetector(options)
      const b = library.createDetector(options)
      let findings = 0
      for (const name of readdirSync('test/scan/cases', { recursive: true })) {
        if (!statSync('test/scan/cases/' + name).isFile()) continue
        const bytes = new Uint8Array(readFileSync('test/scan/cases/' + name))
        const x = JSON.stringify(a.scanFile('cases/' + name, bytes))
        const y = JSON.stringify(b.scanFile('cases/' + name, bytes))
        if (x !== y) throw new Error('different findings in ' + name)
        findings += JSON.parse(x).findings.length
      }
      console.log(findings)
    `)
    expect(Number(output.trim())).toBeGreaterThan(50)
  })
})
