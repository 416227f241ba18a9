// Bundles the CLI (after `tsc`) into dist/bundle/: the CLI, its `scan`-only twin and the scan engine
// each as one CommonJS script loaded with a V8 code cache made at build time
// (scripts/cached-script.cjs), and the scan worker's entry as one ES module.
// Why: Node 20 has no compile cache, and resolving ~90 of our modules plus the YAML library's ~70,
// then compiling them, costs tens of milliseconds per process — and every scan worker is a
// process-like start.
// The library (dist/**) stays as tsc wrote it; only bin/gitseal.js runs the bundle.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const { WRAPPER_END, WRAPPER_START } = createRequire(import.meta.url)('./cached-script.cjs')
const { VENDOR } = createRequire(import.meta.url)('./vendor-packages.cjs')

const outdir = 'dist/bundle'
rmSync(outdir, { recursive: true, force: true })
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Loaded only by the commands that need them, and large: left to Node's resolver.
  external: ['@aws-sdk/*', 'inquirer', '@inquirer/*'],
  logLevel: 'warning',
}
// The worker entry, beside the engine: `./worker.js` and `./engine.js` are resolved against
// import.meta.url (pool.ts, scan.ts).
await build({
  ...common,
  entryPoints: ['dist/scan/workers/worker.js'],
  outfile: `${outdir}/worker.js`,
  format: 'esm',
  // CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __gitsealRequire } from 'node:module'; const require = __gitsealRequire(import.meta.url);",
  },
})
/**
 * A cached script cannot run `import()`: what must stay one (core/import-module.ts) calls the
 * loader's, and every other `import()` becomes a require() of the bundled module or built-in.
 */
const loaderImport = {
  name: 'loader-import',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]core[\\/]import-module\.js$/ }, () => ({
      contents: 'export const importModule = (specifier) => __gitsealImport(specifier)',
      loader: 'js',
    }))
  },
}
/**
 * commander requires node:child_process when it loads, for commands run as executables (gitseal
 * has none): that built-in and the ones it loads (net, dgram…) cost ~10 ms of every start. Required
 * when first used instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const eager = "const childProcess = require('node:child_process');"
      if (!source.includes(eager)) throw new Error(`${args.path}: commander changed, see lazyChildProcess`)
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"
      return { contents: source.replace(eager, lazy), loader: 'js' }
    })
  },
}
/**
 * Escape what esbuild leaves outside ASCII (comments and regular expression literals; it escapes
 * strings and names itself) as `\uXXXX`, which means the same there. One such character made V8
 * hold the whole script as two-byte text: decoding the 2 MB CLI script took 23 ms instead of 2 at
 * every start. The loader reads the file as Latin-1 (half the CPU of UTF-8 on a 1 MB text), which
 * is the same on ASCII. And wrapped as the function cached-script.cjs calls: the text read is the
 * script V8 compiles, no second copy of it joined at every start.
 */
function asciiWrapped(file) {
  const text = readFileSync(file, 'utf8')
  writeFileSync(
    file,
    WRAPPER_START +
      text.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) +
      WRAPPER_END,
  )
}
/**
 * Large packages only some commands import (`import()`, when they run): node-forge (Sealed Secrets
 * controller keys) and age-encryption with its @noble libraries. In the CLI's script they were 0.9
 * of its 2 MB, read and deserialised at every start, `scan` too: they get a cached script of their
 * own (dist/bundle/vendor-code.cjs), whose exports the CLI's `require` hands out (cached-cli.cjs).
 */
writeFileSync(
  `${outdir}/vendor-entry.cjs`,
  `module.exports = {\n${VENDOR.map((name) => `  '${name}': () => require('${name}'),`).join('\n')}\n}\n`,
)
/**
 * The YAML library, which both the CLI (gitseal.yaml, manifests) and the engine (documents that can
 * hold a secret) use: in a script of its own (dist/bundle/yaml-code.cjs), loaded once per thread by
 * the first of them to require it (dist/bundle/yaml.cjs). In each of their scripts it was ~250 KB
 * read, cached and compiled twice in a process using both.
 */
writeFileSync(`${outdir}/yaml-entry.cjs`, "module.exports = require('yaml')\n")
/**
 * The `scan` script: the CLI with scan-command-table.js in command-table.js's place (the other
 * commands, their backends and the vendor packages are not in it).
 */
const scanOnly = {
  name: 'scan-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/command-table\.js$/ }, (args) => {
      if (!/[\\/]dist[\\/]cli[\\/]program\.js$/.test(args.importer)) return undefined
      return { path: join(dirname(args.importer), 'scan-command-table.js') }
    })
  },
}
/**
 * The built-in rule set's keyword automaton, made here once instead of in every process and worker
 * (src/scan/prebuilt-keywords.ts): its tables take that module's place in the engine script.
 */
const { PROVIDER_RULES } = await import('../dist/scan/rules/index.js')
const { PASS_WORDS } = await import('../dist/scan/engine.js')
const { prebuildKeywords } = await import('../dist/scan/matcher.js')
const prebuiltKeywords = {
  name: 'prebuilt-keywords',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]scan[\\/]prebuilt-keywords\.js$/ }, () => ({
      contents: `export const PREBUILT_KEYWORDS = ${JSON.stringify(prebuildKeywords(PROVIDER_RULES, PASS_WORDS))}`,
      loader: 'js',
    }))
  },
}
// One script V8 can cache per entry, whose `import.meta.url` (the engine and worker URLs, re2js,
// package.json) is the URL the loader passes in: dist/bundle/<name>-code.cjs.
for (const [name, entry, external, plugins] of [
  ['main', 'dist/cli/main.js', [...VENDOR, 'yaml'], []],
  ['scan', 'dist/cli/main.js', [...VENDOR, 'yaml'], [scanOnly]],
  ['engine', 'dist/scan/engine.js', ['yaml'], [prebuiltKeywords]],
  ['vendor', `${outdir}/vendor-entry.cjs`, [], []],
  ['yaml', `${outdir}/yaml-entry.cjs`, [], []],
]) {
  const result = await build({
    ...common,
    external: [...common.external, ...external],
    entryPoints: [entry],
    outfile: `${outdir}/${name}-code.cjs`,
    format: 'cjs',
    define: { 'import.meta.url': '__importMetaUrl' },
    supported: { 'dynamic-import': false },
    plugins: [loaderImport, lazyChildProcess, ...plugins],
    metafile: true,
  })
  if (
    name === 'scan' &&
    !Object.keys(result.metafile.inputs).some((file) => file.endsWith('scan-command-table.js'))
  )
    throw new Error('the scan script was built without scan-command-table.js: see scanOnly')
  asciiWrapped(`${outdir}/${name}-code.cjs`)
}
rmSync(`${outdir}/vendor-entry.cjs`)
rmSync(`${outdir}/yaml-entry.cjs`)
for (const [from, to] of [
  ['cached-script.cjs', 'cached-script.cjs'],
  ['cached-yaml.cjs', 'yaml.cjs'],
  ['vendor-packages.cjs', 'vendor-packages.cjs'],
  ['cached-cli.cjs', 'cli.cjs'],
  ['cached-engine.cjs', 'engine.cjs'],
  ['cached-engine.mjs', 'engine.js'],
])
  copyFileSync(`scripts/${from}`, `${outdir}/${to}`)
execFileSync(process.execPath, ['scripts/code-cache.mjs'], { stdio: 'inherit' })
