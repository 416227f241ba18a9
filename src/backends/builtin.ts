/**
 * The one place the built-in backends are registered, loaded lazily by the commands that need
 * them (`protect`, `status`, `convert`, `new secret`, `merge-driver`) so start-up stays lean.
 */
let loading: Promise<void> | undefined

/** Register the built-in backends (sealed, sops, eso) and the SOPS merge codec. Idempotent. */
export function loadBuiltinBackends(): Promise<void> {
  loading ??= register()
  return loading
}

async function register(): Promise<void> {
  const [{ getBackend, registerBackend }, { sopsBackend }, { esoBackend }] = await Promise.all([
    import('../core/backend.js'),
    import('../sops/backend.js'),
    import('../eso/backend.js'),
  ])
  // A library user may have registered their own backend under a built-in name first: theirs wins.
  for (const backend of [sopsBackend, esoBackend]) {
    if (!getBackend(backend.name)) registerBackend(backend)
  }
}
