// dist/bundle/main.js: the CLI (what bin/gitseal.js runs), run from its code cache.
import { loadCachedScript } from './cached-script.mjs'

const cli = loadCachedScript('main')
export const { main, run } = cli.exports
export const { codeCacheRejected, makeCodeCache } = cli
