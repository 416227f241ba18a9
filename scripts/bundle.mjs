// Bundles the CLI (after `tsc`) into dist/bundle/: one file per entry plus shared chunks, and the
// scan engine as one CommonJS file loaded with a V8 code cache (scripts/cached-engine.mjs).
// Why: Node 20 has no compile cache, and resolving ~90 of our modules plus the YAML library's ~70
// costs tens of milliseconds per process — and every scan worker is a process-like start.
// The library (dist/**) stays as tsc wrote it; only bin/gitseal.js runs the bundle.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { copyFileSync, rmSync, writeFileSync } from 'node:fs'

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
const result = await build({
  ...common,
  // Flat output: entries and chunks side by side, so the runtime URLs `./engine.js` and
  // `./worker.js` (resolved against import.meta.url in scan.ts and pool.ts) find the engine and
  // the worker entry, and `../../package.json` (main.ts) still finds the package root.
  entryPoints: { main: 'dist/cli/main.js', worker: 'dist/scan/workers/worker.js' },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  format: 'esm',
  // CommonJS dependencies (yaml) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __gitsealRequire } from 'node:module'; const require = __gitsealRequire(import.meta.url);",
  },
  metafile: true,
})
// Which sources each output holds: tests use it to check what a command loads.
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile))
// The engine (what `./engine.js` loads, here and in workers): one script V8 can cache, whose
// `import.meta.url` (go-regexp.ts finds re2js with it) is the URL the loader passes in.
await build({
  ...common,
  entryPoints: ['dist/scan/engine.js'],
  outfile: `${outdir}/engine-code.cjs`,
  format: 'cjs',
  define: { 'import.meta.url': '__importMetaUrl' },
})
copyFileSync('scripts/cached-engine.mjs', `${outdir}/engine.js`)
execFileSync(process.execPath, ['scripts/engine-cache.mjs'], { stdio: 'inherit' })
