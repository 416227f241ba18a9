// V8 flags of the CLI process: set by bin/gitseal.js before any of its code is compiled, and by
// scripts/code-cache.mjs when it makes the code caches (V8 rejects a cache made under
// other flags).
//
// V8 optimises a function after it ran ~66 KB of bytecode three times; on a scan most such work is
// thrown away (the optimising compiler's thread competes for the same cores, and functions that see
// many shapes deoptimise). 18× the budget, measured (CPU, interleaved, load 8): small trees
// 682 -> 509 ms (jfrog/charts), 620 -> 427 (ironicbadger/infra); argo-cd 1.83 -> 1.45 s; the
// generated 55 MB tree 1.92 -> 1.37 s. Worker threads share the process's flags.
'use strict'
const { setFlagsFromString } = require('node:v8')

const V8_FLAGS = '--interrupt-budget=1200000'
/** V8's defaults of what V8_FLAGS sets (Node 20; test/scan/engine-cache.test.ts checks them). */
const V8_DEFAULT_FLAGS = '--interrupt-budget=67584'
let raised = false

/** Set V8_FLAGS in this process. */
function raiseV8Flags() {
  setFlagsFromString(V8_FLAGS)
  raised = true
}

/**
 * `load()` under V8's default flags, once raiseV8Flags() ran: Node's code cache of its built-in
 * modules is made under those, and V8 rejects a cache made under other flags, so each built-in
 * first required after raiseV8Flags() was compiled from source (`scan --staged`: ~80 M
 * instructions). How soon a function is optimised is read when it runs, not when it is compiled.
 */
function withDefaultV8Flags(load) {
  if (!raised) return load()
  setFlagsFromString(V8_DEFAULT_FLAGS)
  try {
    return load()
  } finally {
    setFlagsFromString(V8_FLAGS)
  }
}

module.exports = { V8_FLAGS, V8_DEFAULT_FLAGS, raiseV8Flags, withDefaultV8Flags }
