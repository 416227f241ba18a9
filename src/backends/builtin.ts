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
  const { getBackend, registerBackend } = await import('../core/backend.js')
  const { esoBackend } = await import('../eso/backend.js')
  const { sopsBackend } = await import('../sops/backend.js')
  const { registerParamResolver } = await import('./param-resolvers.js')
  const { resolveSopsParams } = await import('./sops-wiring.js')
  // ── Still to wire on merge (no Backend object in src/sealed yet): ──────────────────────────
  // const { sealedBackend } = await import('../sealed/backend.js')
  // ─────────────────────────────────────────────────────────────────────────────────────────
  // A library user may have registered one of these names already: theirs wins.
  for (const backend of [sopsBackend, esoBackend]) {
    if (getBackend(backend.name) === undefined) registerBackend(backend)
  }
  registerParamResolver('sops', resolveSopsParams)
  // The merge driver builds the SOPS codec itself (it needs the environment for identities).
}
