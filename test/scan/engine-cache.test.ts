/**
 * The bundled engine (dist/bundle/engine.js, what the CLI and its workers load) and the bundled CLI
 * (dist/bundle/main.js) each run from one CommonJS script with a V8 code cache made at build time:
 * the cache must be accepted under the CLI's V8 flags (else every run pays the compile again,
 * silently), and the bundled engine must find what the library's engine finds.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs an ES module script under the CLI's V8 flags (set as bin/gitseal.js sets them); its stdout. */
function underCliFlags(script: string): string {
  const prelude =
    "import { setFlagsFromString } from 'node:v8'\nimport { V8_FLAGS } from './bin/v8-flags.js'\nsetFlagsFromString(V8_FLAGS)\n"
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', prelude + script], {
    cwd: ROOT,
    encoding: 'utf8',
  })
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

  it('the CLI too: compiled from its code cache under the CLI flags', () => {
    const load = "const cli = await import('./dist/bundle/main.js')\nconsole.log(cli.codeCacheRejected)\n"
    expect(underCliFlags(load).trim()).toBe('false')
  })

  it('the CLI reads node-forge and age-encryption from a cached script of their own, on first use', () => {
    const cli = readFileSync(join(ROOT, 'dist/bundle/main-code.cjs'), 'utf8')
    expect(cli).not.toContain('node_modules/node-forge/')
    expect(cli).not.toContain('node_modules/age-encryption/')
    expect(cli).toContain('require("node-forge")')
    const use = `
      const cli = await import('./dist/bundle/main.js')
      const code = await cli.run(['keygen', '--out', ${JSON.stringify(join(scratchDir('vendor'), 'keys'))}, '--bits', '2048'], {
        stdout: () => {}, stderr: (t) => process.stderr.write(t), readStdin: async () => new Uint8Array(), env: {},
        cwd: process.cwd(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false,
      })
      const vendor = cli.vendor()
      const age = vendor.exports['age-encryption']()
      console.log(code, vendor.codeCacheRejected, typeof age.generateIdentity)
    `
    expect(underCliFlags(use).trim()).toBe('0 false function')
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
