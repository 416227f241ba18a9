#!/usr/bin/env node
// Thin shim: tune V8 for a short-lived process, then hand over to the CLI. CommonJS (bin/package.json):
// Node's ES module loader would cost ~15 ms of every start. No compile cache: the CLI and engine
// load with V8 code caches made at build time, and Node 22's default cache directory is under the
// shared temp directory (test/hardening/compile-cache.test.ts).
'use strict'
const { join } = require('node:path')
const { raiseV8Flags } = require('./v8-flags.js')

// `gitseal scan …` (the pre-commit hook's command) runs from a script holding only that command;
// the full CLI, given the same arguments, would also register only `scan` (src/cli/program.ts).
const first = process.argv.slice(2).find((arg) => !arg.startsWith('-'))
const entry = join(__dirname, '../dist/bundle/cli.cjs')
let loadCli
try {
  ;({ loadCli } = require(entry))
} catch (error) {
  // A checkout linked with `npm install -g .` before `npm ci` has no dist/ yet: say so, not a stack trace.
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes(entry)) throw error
  const root = new URL('..', require('node:url').pathToFileURL(__filename)).pathname
  process.stderr.write(
    `gitseal: not built yet (no dist/ in ${root}); run \`npm ci\` there, then try again.\n`,
  )
  process.exit(2)
}
// The CLI uses all three; made before the flags change, as the built-ins they load (v8-flags.js).
void [process.stdin, process.stdout, process.stderr]
raiseV8Flags()
loadCli(first === 'scan' ? 'scan' : 'main').main()
