/**
 * The built-in backends as a registry value, loaded lazily by the commands that need them
 * (`protect`, `status`, `convert`, `new secret`) so start-up stays lean.
 */
import { createBackendRegistry } from '../core/backend.js'
import type { AnyBackend, BackendRegistry } from '../core/backend.js'

/**
 * A registry of the built-in backends followed by `extra` ones (a library user's or a test's).
 * @throws GitsealError `E_USAGE` when an extra backend reuses a built-in name.
 */
export async function builtinBackends(extra: readonly AnyBackend[] = []): Promise<BackendRegistry> {
  const [{ sealedBackend }, { sopsBackend }, { esoBackend }] = await Promise.all([
    import('../sealed/backend.js'),
    import('../sops/backend.js'),
    import('../eso/backend.js'),
  ])
  // In the order `status` asks them.
  return createBackendRegistry([sealedBackend, sopsBackend, esoBackend, ...extra])
}
