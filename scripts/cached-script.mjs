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
 * How each `<name>-code.cjs` is wrapped: the CommonJS wrapper, plus the module's URL for the code
 * that asks for `import.meta.url`, and `import()` for what is imported at run time (V8 offers a
 * cached script none of its own).
 */
export const WRAPPER_START =
  '(function (exports, require, module, __filename, __dirname, __importMetaUrl, __gitsealImport) {'
export const WRAPPER_END = '\n})'

/**
 * The exports of `<name>-code.cjs`, whether V8 rejected its cache (undefined when there was none:
 * tests check it is used), and the code cache of everything compiled so far (scripts/code-cache.mjs
 * writes it after a warm-up). `packages`: what the script's `require` gives for these names
 * (another cached script's), instead of Node's.
 */
export function loadCachedScript(name, packages = {}) {
  const code = new URL(`./${name}-code.cjs`, import.meta.url)
  const file = fileURLToPath(code)
  let cachedData
  try {
    cachedData = readFileSync(new URL(`./${name}-code.cache`, import.meta.url))
  } catch {
    cachedData = undefined
  }
  // Written wrapped and ASCII only by scripts/bundle.mjs: Latin-1 reads it as it is, at half the CPU of UTF-8.
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(
    module.exports,
    withPackages(createRequire(code), packages),
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

/** `require`, answering the names of `packages` from there. */
function withPackages(require, packages) {
  if (Object.keys(packages).length === 0) return require
  return Object.assign((id) => (Object.hasOwn(packages, id) ? packages[id]() : require(id)), require)
}
