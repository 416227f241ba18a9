/**
 * node:crypto for the scan engine, loaded on first use: a scan that finds nothing never needs it,
 * and loading it costs ~13 M instructions of every process and worker that loads the engine.
 *
 * Loaded under V8's default flags when bin/gitseal.js raised them (bin/v8-flags.js): V8 rejects
 * Node's code cache of a built-in made under other flags, and `process.getBuiltinModule` alone
 * then compiled node:crypto from source (~20 M instructions more, in every scan with a finding).
 * The engine's script, the library (dist/) and its sources all sit two folders below the package
 * root, so `../../bin/v8-flags.js` is the file bin/gitseal.js raised the flags with.
 */
import { createRequire } from 'node:module'

type NodeCrypto = typeof import('node:crypto')

let loaded: NodeCrypto | undefined

/** node:crypto, loaded on first use. */
export function nodeCrypto(): NodeCrypto {
  return (loaded ??= underDefaultFlags(() => process.getBuiltinModule('node:crypto')))
}

/** `load()` under V8's default flags if this process raised them; as it is without the bin (a bundler's copy). */
function underDefaultFlags<T>(load: () => T): T {
  let flags: { withDefaultV8Flags: <U>(run: () => U) => U }
  try {
    flags = createRequire(import.meta.url)('../../bin/v8-flags.js') as typeof flags
  } catch {
    return load()
  }
  return flags.withDefaultV8Flags(load)
}
