// dist/bundle/engine.js: the scan engine (what the CLI and its workers load), run from its code cache.
import { loadCachedScript } from './cached-script.mjs'

const engine = loadCachedScript('engine')
export const { createDetector, RULES } = engine.exports
export const { codeCacheRejected, makeCodeCache } = engine
