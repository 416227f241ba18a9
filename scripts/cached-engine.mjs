// dist/bundle/engine.js (copied there by scripts/bundle.mjs): the scan engine, one CommonJS file
// (engine-code.cjs) compiled with V8's code cache made at build time (engine-code.cache). Node 20
// has no compile cache for ES modules, and compiling the engine's functions as a scan first calls
// them was ~15 % of the CPU of a scan of a small repository. A cache V8 rejects (another Node
// version, other V8 flags, a changed file) or a missing one only costs the compile.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const code = new URL('./engine-code.cjs', import.meta.url)
const file = fileURLToPath(code)
let cachedData
try {
  cachedData = readFileSync(new URL('./engine-code.cache', import.meta.url))
} catch {
  cachedData = undefined
}
// The CommonJS wrapper, plus the module's URL for the code that asks for `import.meta.url`.
const script = new Script(
  `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${readFileSync(file, 'utf8')}\n})`,
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
)

export const { createDetector, RULES } = module.exports
/** True when V8 rejected the cache, undefined when there was none (tests check it is used). */
export const codeCacheRejected = cachedData === undefined ? undefined : script.cachedDataRejected
/** The code cache of everything compiled so far (scripts/engine-cache.mjs writes it after a warm-up). */
export const makeCodeCache = () => script.createCachedData()
