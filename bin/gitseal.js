#!/usr/bin/env node
// Thin shim: tune V8 for a short-lived process, then hand over to the CLI. No compile cache: the
// CLI and engine load with V8 code caches made at build time, and Node 22's default cache directory
// is under the shared temp directory (test/hardening/compile-cache.test.ts).
import { setFlagsFromString } from 'node:v8'
import { V8_FLAGS } from './v8-flags.js'

setFlagsFromString(V8_FLAGS)
const entry = new URL('../dist/bundle/main.js', import.meta.url)
let cli
try {
  cli = await import(entry.href)
} catch (error) {
  // A checkout linked with `npm install -g .` before `npm ci` has no dist/ yet: say so, not a stack trace.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(entry.pathname)) throw error
  const root = new URL('..', import.meta.url).pathname
  process.stderr.write(
    `gitseal: not built yet (no dist/ in ${root}); run \`npm ci\` there, then try again.\n`,
  )
  process.exit(2)
}
await cli.main()
