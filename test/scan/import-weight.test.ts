import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))
const BIN = fileURLToPath(new URL('../../bin/gitseal.js', import.meta.url))

/** Static imports (`import ... from 'x'` / `export ... from 'x'`, not `import type`) of a module, followed through our sources. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(
      /^(?:import|export)(?!\s+type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm,
    )) {
      const spec = match[1] ?? match[2] ?? ''
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
      else if (!spec.startsWith('node:')) packages.add(spec)
    }
  }
  visit(entry)
  return { files, packages }
}

describe('gitseal/scan stays light to import', () => {
  it('statically imports no third-party package and none of the heavy backends', () => {
    const { files, packages } = staticGraph(join(SRC, 'scan/index.ts'))
    expect([...packages]).toEqual([])
    const relative = [...files].map((file) => file.slice(SRC.length))
    expect(relative).toContain('scan/reporters/sarif.ts')
    for (const heavy of ['sealed/', 'sops/', 'eso/', 'cli/', 'config/']) {
      expect(relative.filter((file) => file.startsWith(heavy))).toEqual([])
    }
  })

  it('the scan and hook command modules load nothing heavy until they run', () => {
    for (const command of ['scan', 'hook']) {
      const { packages } = staticGraph(join(SRC, `cli/commands/${command}.ts`))
      expect([...packages].filter((name) => name !== 'commander')).toEqual([])
    }
  })
})

const BUNDLE = fileURLToPath(new URL('../../dist/bundle/', import.meta.url))
/** The bundler's record of which sources each output file of dist/bundle/ holds. */
const bundleMeta = (): { outputs: Record<string, { inputs: Record<string, unknown> }> } =>
  JSON.parse(readFileSync(join(BUNDLE, 'meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>
  }

/** The sources a loaded module URL stands for: a bundle output's inputs, or the file itself. */
function sourcesOf(url: string): string[] {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url
  if (!path.startsWith(BUNDLE)) return [path]
  const output = bundleMeta().outputs[`dist/bundle/${path.slice(BUNDLE.length)}`]
  return output === undefined ? [path] : Object.keys(output.inputs)
}

describe('start-up of `gitseal scan` on an empty tree without config or .gitignore', () => {
  it('loads neither the YAML library, the .gitignore matcher, the word lists nor unneeded built-ins', () => {
    const dir = scratchDir('startup')
    mkdirSync(join(dir, 'empty'))
    // A loader hook that prints every module URL the run loads, and at exit the Node built-ins loaded
    // (require() and getBuiltinModule() bypass the hook).
    writeFileSync(
      join(dir, 'loader.mjs'),
      'export async function load(url, context, next) { process.stderr.write(`LOADED ${url}\\n`); return next(url, context) }\n',
    )
    writeFileSync(
      join(dir, 'hook.mjs'),
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'loader.mjs')).href)})\n` +
        "process.on('exit', () => process.stderr.write(process.moduleLoadList.map((m) => `BUILTIN ${m}\\n`).join('')))\n",
    )
    const result = spawnSync(process.execPath, ['--import', join(dir, 'hook.mjs'), BIN, 'scan', 'empty'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(result.status, result.stderr).toBe(0)
    const loaded = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('LOADED '))
      .flatMap((line) => sourcesOf(line.slice('LOADED '.length)))
    expect(loaded.some((source) => source.includes('dist/cli/commands/scan'))).toBe(true)
    expect(loaded.filter((source) => /node_modules\/(?:yaml|ignore)\//.test(source))).toEqual([])
    // The redaction word lists (reporters need only the mask), and the worker pool (worker_threads).
    expect(
      loaded.filter((source) => /scan\/(?:demo-value|dictionary|redact|workers\/pool)\./.test(source)),
    ).toEqual([])
    // Built-ins that cost milliseconds each and an empty scan does not need: crypto (fingerprints)
    // and perf_hooks (the `performance` global). worker_threads is loaded by the loader hook itself.
    const builtins = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('BUILTIN NativeModule '))
      .map((line) => line.slice('BUILTIN NativeModule '.length))
    expect(builtins).toContain('os')
    expect(builtins.filter((name) => ['perf_hooks', 'crypto'].includes(name))).toEqual([])
  })
})
