// dist/bundle/cli.cjs: the CLI (what bin/gitseal.js runs), from its code cache: `main`, every
// command, or `scan`, the same CLI built with `gitseal scan` only (a third of the script to read,
// and a cache holding what a scan compiles). The large packages only some commands use come from a
// cached script of their own, loaded on first use.
'use strict'
const { loadCachedScript } = require('./cached-script.cjs')
const { VENDOR } = require('./vendor-packages.cjs')
const { YAML_PACKAGE } = require('./yaml.cjs')

let vendorScript
/** The vendor script (dist/bundle/vendor-code.cjs), loaded on first use. */
function vendor() {
  vendorScript ??= loadCachedScript('vendor')
  return vendorScript
}
const packages = {
  ...Object.fromEntries(VENDOR.map((name) => [name, () => vendor().exports[name]()])),
  ...YAML_PACKAGE,
}

/** The CLI script `name` (`main` or `scan`): its `main` and `run`, and its code cache's state. */
function loadCli(name) {
  const cli = loadCachedScript(name, packages)
  const { main, run } = cli.exports
  return { main, run, codeCacheRejected: cli.codeCacheRejected, makeCodeCache: cli.makeCodeCache }
}

module.exports = { loadCli, vendor }
