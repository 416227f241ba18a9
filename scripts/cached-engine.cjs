// dist/bundle/engine.cjs: the scan engine, from its code cache; dist/bundle/engine.js (what workers
// and `--detector`-less scans import) re-exports it, so a process holds one engine either way.
'use strict'
const { loadCachedScript } = require('./cached-script.cjs')
const { YAML_PACKAGE } = require('./yaml.cjs')

const engine = loadCachedScript('engine', YAML_PACKAGE)
const { createDetector, RULES } = engine.exports
module.exports = {
  createDetector,
  RULES,
  codeCacheRejected: engine.codeCacheRejected,
  makeCodeCache: engine.makeCodeCache,
}
