// dist/bundle/cached-script.mjs (copied there by scripts/bundle.mjs): runs one CommonJS script of
// dist/bundle/ (`<name>-code.cjs`: the CLI, or the scan engine) compiled with the V8 code cache made
// at build time (`<name>-code.cache`). Node 20 has no compile cache for ES modules, and compiling our
// functions and the YAML library's as a command first calls them was 10–15 % of the CPU of a scan or
// status of a small repository. A cache V8 rejects (another Node version, other V8 flags, a changed
// file) or a missing one only costs the compile.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

/**
 * The exports of `<name>-code.cjs`, whether V8 rejected its cache (undefined when there was none:
 * tests check it is used), and the code cache of everything compiled so far (scripts/code-cache.mjs
 * writes it after a warm-up).
 */
export function loadCachedScript(name) {
  const code = new URL(`./${name}-code.cjs`, import.meta.url)
  const file = fileURLToPath(code)
  let cachedData
  try {
    cachedData = readFileSync(new URL(`./${name}-code.cache`, import.meta.url))
  } catch {
    cachedData = undefined
  }
  // The CommonJS wrapper, plus the module's URL for the code that asks for `import.meta.url`, and
  // `import()` for what is imported at run time (V8 offers a cached script none of its own).
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __importMetaUrl, __gitsealImport) {${readFileSync(file, 'utf8')}\n})`,
    { filename: file, cachedData },
  )
  const module = { exports: {} }
  script.runInThisContext()(
    module.exports,
    createRequire(code),
    module,
    file,
    fileURLToPath(new URL('.', code)),
    code.href,
    (specifier) => import(specifier),
  )
  return {
    exports: module.exports,
    codeCacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected,
    makeCodeCache: () => script.createCachedData(),
  }
}
