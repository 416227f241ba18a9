// dist/bundle/main.js: the CLI (what bin/gitseal.js runs), run from its code cache. The large
// packages only some commands use come from a cached script of their own, loaded on first use.
import { loadCachedScript } from './cached-script.mjs'
import { VENDOR } from './vendor-packages.mjs'

let vendorScript
/** The vendor script (dist/bundle/vendor-code.cjs), loaded on first use. */
export function vendor() {
  vendorScript ??= loadCachedScript('vendor')
  return vendorScript
}
const cli = loadCachedScript(
  'main',
  Object.fromEntries(VENDOR.map((name) => [name, () => vendor().exports[name]()])),
)
export const { main, run } = cli.exports
export const { codeCacheRejected, makeCodeCache } = cli
