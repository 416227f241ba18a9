// Bundles the CLI (after `tsc`) into dist/bundle/: the CLI and the scan engine each as one CommonJS
// script loaded with a V8 code cache made at build time (scripts/cached-script.mjs), and the scan
// worker's entry as one ES module.
// Why: Node 20 has no compile cache, and resolving ~90 of our modules plus the YAML library's ~70,
// then compiling them, costs tens of milliseconds per process — and every scan worker is a
// process-like start.
// The library (dist/**) stays as tsc wrote it; only bin/gitseal.js runs the bundle.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

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
 * Escape what esbuild leaves outside ASCII (comments and regular expression literals; it escapes
 * strings and names itself) as `\uXXXX`, which means the same there. One such character made V8
 * hold the whole script as two-byte text: decoding the 2 MB CLI script took 23 ms instead of 2 at
 * every start.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8')
  writeFileSync(
    file,
    text.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  )
}
// One script V8 can cache per entry, whose `import.meta.url` (the engine and worker URLs, re2js,
// package.json) is the URL the loader passes in: dist/bundle/<name>-code.cjs.
for (const [name, entry] of [
  ['main', 'dist/cli/main.js'],
  ['engine', 'dist/scan/engine.js'],
]) {
  await build({
    ...common,
    entryPoints: [entry],
    outfile: `${outdir}/${name}-code.cjs`,
    format: 'cjs',
    define: { 'import.meta.url': '__importMetaUrl' },
    supported: { 'dynamic-import': false },
    plugins: [loaderImport],
  })
  asciiOnly(`${outdir}/${name}-code.cjs`)
  copyFileSync(`scripts/cached-${name}.mjs`, `${outdir}/${name}.js`)
}
copyFileSync('scripts/cached-script.mjs', `${outdir}/cached-script.mjs`)
execFileSync(process.execPath, ['scripts/code-cache.mjs'], { stdio: 'inherit' })
