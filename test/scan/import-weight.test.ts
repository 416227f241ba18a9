import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
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

/**
 * The modules of the bundled `scan` CLI (dist/bundle/scan-code.cjs, one script) that a run evaluated: the
 * bundler wraps each module that loads lazily in a function named by its source path, and V8's
 * coverage (NODE_V8_COVERAGE) counts the calls of every function.
 */
function evaluatedModules(coverageDir: string): string[] {
  const names: string[] = []
  for (const file of readdirSync(coverageDir)) {
    const report = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as {
      result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[]
    }
    for (const script of report.result.filter((entry) => entry.url.endsWith('scan-code.cjs')))
      for (const fn of script.functions)
        if (/^(?:dist|node_modules)\//.test(fn.functionName) && (fn.ranges[0]?.count ?? 0) > 0)
          names.push(fn.functionName)
  }
  return names
}

/** The file names of the scripts a run loaded (NODE_V8_COVERAGE reports each script it ran). */
function loadedScripts(coverageDir: string): string[] {
  return readdirSync(coverageDir).flatMap((file) =>
    (JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as { result: { url: string }[] }).result.map(
      (entry) => entry.url.slice(entry.url.lastIndexOf('/') + 1),
    ),
  )
}

describe('start-up of `gitseal scan` on an empty tree without config or .gitignore', () => {
  it('evaluates neither the YAML library, the .gitignore matcher, the word lists nor unneeded built-ins', () => {
    const dir = scratchDir('startup')
    mkdirSync(join(dir, 'empty'))
    // At exit, the Node built-ins loaded (require() and getBuiltinModule() included).
    writeFileSync(
      join(dir, 'hook.mjs'),
      "process.on('exit', () => process.stderr.write(process.moduleLoadList.map((m) => `BUILTIN ${m}\\n`).join('')))\n",
    )
    const coverage = join(dir, 'coverage')
    const result = spawnSync(process.execPath, ['--import', join(dir, 'hook.mjs'), BIN, 'scan', 'empty'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_V8_COVERAGE: coverage },
    })
    expect(result.status, result.stderr).toBe(0)
    const evaluated = evaluatedModules(coverage)
    expect(evaluated).toContain('dist/cli/commands/scan.js')
    // Each module below loads lazily (its own wrapper in the bundle, so the check above can fail)
    // and was not evaluated: `ignore`, the redaction word lists (reporters need only the mask) and
    // the worker pool (worker_threads).
    const bundle = readFileSync(join(BUNDLE, 'scan-code.cjs'), 'utf8')
    // The YAML library is a cached script of its own (shared with the engine's), not loaded at all.
    expect(bundle).not.toContain('node_modules/yaml/dist/index.js')
    expect(loadedScripts(coverage)).not.toContain('yaml-code.cjs')
    expect(loadedScripts(coverage)).toContain('scan-code.cjs')
    for (const lazy of [
      'node_modules/ignore/index.js',
      'dist/scan/demo-value.js',
      'dist/scan/redact.js',
      'dist/scan/workers/pool.js',
    ]) {
      expect(bundle).toContain(`"${lazy}"(`)
      expect(evaluated).not.toContain(lazy)
    }
    // Built-ins that cost milliseconds each and an empty scan does not need: crypto (fingerprints),
    // perf_hooks (the `performance` global), worker_threads and child_process (git; commander
    // loads it for executable subcommands, made lazy by scripts/bundle.mjs).
    const builtins = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('BUILTIN NativeModule '))
      .map((line) => line.slice('BUILTIN NativeModule '.length))
    expect(builtins).toContain('os')
    expect(
      builtins.filter((name) => ['perf_hooks', 'crypto', 'worker_threads', 'child_process'].includes(name)),
    ).toEqual([])
  })
})
