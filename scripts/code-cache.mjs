// Makes dist/bundle/{engine,main,scan,vendor,yaml}-code.cache (see scripts/cached-script.cjs): under the
// CLI's V8 flags, loads the engine and the CLI scripts without a cache, runs what a scan (the `scan`
// script) and `status` (the full CLI) run so their functions are compiled (V8 compiles a function on
// its first call; the cache holds what was compiled), then writes the caches. Run by
// scripts/bundle.mjs in a process of its own.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { raiseV8Flags } from '../bin/v8-flags.js'

raiseV8Flags()
const require = createRequire(import.meta.url)
const engine = require('../dist/bundle/engine.cjs')
const { loadCli, vendor: loadVendor } = require('../dist/bundle/cli.cjs')
const cli = loadCli('main')
const scanCli = loadCli('scan')

/** Files under `dir` (the repository's fixtures, examples and scanner cases), if it exists. */
function filesUnder(dir) {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  )
}

const detector = engine.createDetector({
  sopsConfig: {
    file: '.sops.yaml',
    text: 'creation_rules:\n  - path_regex: \\.sops\\.yaml$\n    age: age1example\n',
  },
})
for (const path of ['fixtures', 'examples', 'test/scan/cases'].flatMap(filesUnder))
  detector.scanFile(path, new Uint8Array(readFileSync(path)))

// The commands whose start-up matters most, on the repository's own files; output discarded.
const io = {
  stdout: () => {},
  stderr: () => {},
  readStdin: async () => new Uint8Array(),
  env: {},
  cwd: process.cwd(),
  stdinIsTTY: false,
  stdoutIsTTY: false,
  stderrIsTTY: false,
}
for (const [script, argv] of [
  [scanCli, ['scan', 'fixtures', 'examples', '--format', 'json']],
  [scanCli, ['scan', 'fixtures', 'examples']],
  [cli, ['status', '--json', 'fixtures', 'examples']],
])
  await script.run(argv, io)
// The vendor packages are compiled as far as importing them goes (their module code).
const vendor = loadVendor()
for (const name of Object.keys(vendor.exports)) vendor.exports[name]()
writeFileSync('dist/bundle/vendor-code.cache', vendor.makeCodeCache())
writeFileSync('dist/bundle/yaml-code.cache', require('../dist/bundle/yaml.cjs').yamlScript().makeCodeCache())
writeFileSync('dist/bundle/engine-code.cache', engine.makeCodeCache())
writeFileSync('dist/bundle/main-code.cache', cli.makeCodeCache())
writeFileSync('dist/bundle/scan-code.cache', scanCli.makeCodeCache())
