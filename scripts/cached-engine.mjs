// dist/bundle/engine.js: the scan engine as an ES module (workers import it), the one
// dist/bundle/engine.cjs loads.
import { createRequire } from 'node:module'

const engine = createRequire(import.meta.url)('./engine.cjs')
export const { createDetector, RULES, codeCacheRejected, makeCodeCache } = engine
