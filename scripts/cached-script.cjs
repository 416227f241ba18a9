// dist/bundle/cached-script.cjs (copied there by scripts/bundle.mjs): runs one CommonJS script of
// dist/bundle/ (`<name>-code.cjs`: the CLI, its `scan`-only twin, the scan engine, or the vendor
// packages) compiled with the V8 code cache made at build time (`<name>-code.cache`). Node 20 has
// no compile cache, and compiling our functions and the YAML library's as a command first calls
// them was 10–15 % of the CPU of a scan or status of a small repository. A cache V8 rejects
// (another Node version, other V8 flags, a changed file) or a missing one only costs the compile.
// CommonJS, as the loaders using it: Node's ES module loader costs ~15 ms of a start.
'use strict'
const { readFileSync } = require('node:fs')
const { createRequire, isBuiltin } = require('node:module')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')
const { Script } = require('node:vm')

/**
 * How each `<name>-code.cjs` is wrapped: the CommonJS wrapper, plus the module's URL for the code
 * that asks for `import.meta.url`, and `import()` for what is imported at run time (V8 offers a
 * cached script none of its own).
 */
const WRAPPER_START =
  '(function (exports, require, module, __filename, __dirname, __importMetaUrl, __gitsealImport) {'
const WRAPPER_END = '\n})'

/** dist/bundle/engine.js, which the CLI imports (scan.ts ENGINE_MODULE): its script is required here instead. */
const ENGINE_URL = pathToFileURL(join(__dirname, 'engine.js')).href

/** `import()` for the scripts: the engine without Node's ES module loader (~20 ms), all else through it. */
function importModule(specifier) {
  return specifier === ENGINE_URL ? Promise.resolve().then(() => require('./engine.cjs')) : import(specifier)
}

/**
 * The exports of `<name>-code.cjs`, whether V8 rejected its cache (undefined when there was none:
 * tests check it is used), and the code cache of everything compiled so far (scripts/code-cache.mjs
 * writes it after a warm-up). `packages`: what the script's `require` gives for these names
 * (another cached script's), instead of Node's.
 */
function loadCachedScript(name, packages = {}) {
  const file = join(__dirname, `${name}-code.cjs`)
  let cachedData
  try {
    cachedData = readFileSync(join(__dirname, `${name}-code.cache`))
  } catch {
    cachedData = undefined
  }
  // Written wrapped and ASCII only by scripts/bundle.mjs: Latin-1 reads it as it is, at half the CPU of UTF-8.
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(
    module.exports,
    scriptRequire(createRequire(file), packages),
    module,
    file,
    __dirname,
    pathToFileURL(file).href,
    importModule,
  )
  return {
    exports: module.exports,
    codeCacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected,
    makeCodeCache: () => script.createCachedData(),
  }
}

/** bin/v8-flags.js, seen from dist/bundle/ (scripts/bundle.mjs reads this file from scripts/ for the wrapper). */
const builtinFlags = () => require('../../bin/v8-flags.js')

/**
 * `require` for a script: the names of `packages` answered from there, and Node's built-ins loaded
 * under V8's default flags (bin/v8-flags.js: else their code cache is rejected).
 */
function scriptRequire(require, packages) {
  return Object.assign(
    (id) =>
      Object.hasOwn(packages, id)
        ? packages[id]()
        : isBuiltin(id)
          ? builtinFlags().withDefaultV8Flags(() => require(id))
          : require(id),
    require,
  )
}

module.exports = { WRAPPER_START, WRAPPER_END, loadCachedScript }
