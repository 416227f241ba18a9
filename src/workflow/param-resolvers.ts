/**
 * Per-backend completion of policy parameters before `protect` (e.g. sops rules that defer to
 * `.sops.yaml` get their recipients from it for the target path). Backends register a resolver.
 */
import type { BackendParams } from '../core/backend.js'

/** Completes a backend's parameters (the target path is in `params.targetFile`). */
export type ParamResolver = (params: BackendParams) => Promise<BackendParams>

const resolvers = new Map<string, ParamResolver>()

/** Set the resolver for `backend` (replacing any). */
export function registerParamResolver(backend: string, resolver: ParamResolver): void {
  resolvers.set(backend, resolver)
}

/** `params` completed by the backend's resolver, or as they are when it has none. */
export async function resolveParams(backend: string, params: BackendParams): Promise<BackendParams> {
  const resolver = resolvers.get(backend)
  return resolver ? resolver(params) : params
}
