// Bundles the CLI (after `tsc`) into dist/bundle/: one file per entry plus shared chunks.
// Why: Node 20 has no compile cache, and resolving ~90 of our modules plus the YAML library's ~70
// costs tens of milliseconds per process — and every scan worker is a process-like start.
// The library (dist/**) stays as tsc wrote it; only bin/gitseal.js runs the bundle.
import { build } from 'esbuild'
import { rmSync, writeFileSync } from 'node:fs'

const outdir = 'dist/bundle'
rmSync(outdir, { recursive: true, force: true })
const result = await build({
  // Flat output: entries and chunks side by side, so the runtime URLs `./engine.js` and
  // `./worker.js` (resolved against import.meta.url in scan.ts and pool.ts) find the bundled
  // entries, and `../../package.json` (main.ts) still finds the package root.
  entryPoints: {
    main: 'dist/cli/main.js',
    engine: 'dist/scan/engine.js',
    worker: 'dist/scan/workers/worker.js',
  },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded only by the commands that need them, and large: left to Node's resolver.
  external: ['@aws-sdk/*', 'inquirer', '@inquirer/*'],
  // CommonJS dependencies (yaml) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __gitsealRequire } from 'node:module'; const require = __gitsealRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
})
// Which sources each output holds: tests use it to check what a command loads.
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile))
