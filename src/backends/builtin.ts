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
  // ── Still to wire on merge (their branches were not in this one): ─────────────────────────
  // const { sealedBackend } = await import('../sealed/backend.js')
  // const { sopsBackend, sopsMergeCodec } = await import('../sops/backend.js')
  // const { setMergeCodec } = await import('./merge-codec.js')
  // setMergeCodec(sopsMergeCodec)
  // ─────────────────────────────────────────────────────────────────────────────────────────
  // A library user may have registered one of these names already: theirs wins.
  for (const backend of [esoBackend]) {
    if (getBackend(backend.name) === undefined) registerBackend(backend)
  }
}
