// dist/bundle/yaml.cjs: the YAML library from its cached script (dist/bundle/yaml-code.cjs), loaded
// on first use and shared by the CLI's and the engine's scripts in one thread (scripts/bundle.mjs):
// each held its own copy, read, deserialised and compiled twice in a process using both.
'use strict'
const { loadCachedScript } = require('./cached-script.cjs')

let script
/** The cached script, loaded on first call: its exports are the `yaml` package's. */
function yamlScript() {
  script ??= loadCachedScript('yaml')
  return script
}

/** What the scripts' `require('yaml')` gives (cached-script.cjs `packages`). */
const YAML_PACKAGE = { yaml: () => yamlScript().exports }

module.exports = { YAML_PACKAGE, yamlScript }
