/**
 * The one place the built-in backends are registered, loaded lazily by the commands that need
 * them (`protect`, `status`, `convert`, `new secret`, `merge-driver`) so start-up stays lean.
 */
let loading: Promise<void> | undefined

/** Register the built-in backends (sealed, sops, eso) and their parameter resolvers. Idempotent. */
export function loadBuiltinBackends(): Promise<void> {
  loading ??= register()
  return loading
}

async function register(): Promise<void> {
  const [
    { getBackend, registerBackend },
    { sealedBackend },
    { sopsBackend },
    { esoBackend },
    { registerParamResolver },
    { resolveSopsParams },
  ] = await Promise.all([
    import('../core/backend.js'),
    import('../sealed/backend.js'),
    import('../sops/backend.js'),
    import('../eso/backend.js'),
    import('./param-resolvers.js'),
    import('./sops-wiring.js'),
  ])
  // A library user may have registered their own backend under a built-in name first: theirs wins.
  for (const backend of [sealedBackend, sopsBackend, esoBackend]) {
    if (!getBackend(backend.name)) registerBackend(backend)
  }
  // sops rules without recipients defer to .sops.yaml for the target path.
  registerParamResolver('sops', resolveSopsParams)
  // The merge driver builds the SOPS codec itself (it needs the environment for identities).
}
