// Makes dist/bundle/{engine,main,vendor}-code.cache (see scripts/cached-script.mjs): under the CLI's V8
// flags, loads the engine and the CLI without a cache, runs what a scan and `status` run so their
// functions are compiled (V8 compiles a function on its first call; the cache holds what was
// compiled), then writes the caches. Run by scripts/bundle.mjs in a process of its own.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { V8_FLAGS } from '../bin/v8-flags.js'

setFlagsFromString(V8_FLAGS)
const engine = await import('../dist/bundle/engine.js')
const cli = await import('../dist/bundle/main.js')

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
for (const argv of [
  ['scan', 'fixtures', 'examples', '--format', 'json'],
  ['status', '--json', 'fixtures', 'examples'],
])
  await cli.run(argv, io)
// The vendor packages are compiled as far as importing them goes (their module code).
const vendor = cli.vendor()
for (const name of Object.keys(vendor.exports)) vendor.exports[name]()
writeFileSync('dist/bundle/vendor-code.cache', vendor.makeCodeCache())
writeFileSync('dist/bundle/engine-code.cache', engine.makeCodeCache())
writeFileSync('dist/bundle/main-code.cache', cli.makeCodeCache())
