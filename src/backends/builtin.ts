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
  // ── Built-in backends: the lead wires them here on merge. ───────────────────────────────
  // const { registerBackend } = await import('../core/backend.js')
  // const { sealedBackend } = await import('../sealed/backend.js')
  // const { sopsBackend, sopsMergeCodec } = await import('../sops/backend.js')
  // const { esoBackend } = await import('../eso/backend.js')
  // for (const backend of [sealedBackend, sopsBackend, esoBackend]) {
  //   if (!getBackend(backend.name)) registerBackend(backend)
  // }
  // const { setMergeCodec } = await import('./merge-codec.js')
  // setMergeCodec(sopsMergeCodec)
  // ─────────────────────────────────────────────────────────────────────────────────────────
  await Promise.resolve()
}
