/**
 * The seam every protection backend implements (sealed, sops, eso — and third-party ones).
 * Adding a backend must not touch the others: implement {@link Backend} and register it.
 */
import { GitsealError } from './errors.js'
import type { Secret } from './secret.js'

/** What protects a document, as reported by `status` and used by `scan` to stay quiet. */
export interface ProtectionInfo {
  /** The backend's name, e.g. `sealed`. */
  backend: string
  /** Human-readable summary: cluster, cert fingerprint, recipients, store... No secret values. */
  summary: string
  /** Backend-specific details for `--json` output. */
  details?: Record<string, unknown>
}

/** Backend-specific parameters chosen by policy or flags (cluster, recipients, store...). */
export type BackendParams = Readonly<Record<string, unknown>>

/** Context a backend receives: parameters and an abort signal for network work. */
export interface ProtectContext {
  params: BackendParams
  signal?: AbortSignal
}

/** A protection backend. */
export interface Backend {
  /** Unique short name, e.g. `sealed`, `sops`, `eso`. */
  readonly name: string
  /** Turn a Secret into the documents to commit (e.g. one SealedSecret). */
  protect(secret: Secret, context: ProtectContext): Promise<unknown[]>
  /**
   * What protects `document`, or `null` when the document is not this backend's.
   * Must throw only if the document is this backend's but malformed.
   */
  describe(document: unknown): ProtectionInfo | null
  /**
   * A cheap test of a document's text (or a whole file's): false only when no document in it can be
   * this backend's. Lets `status` leave documents no backend can claim (big CRDs, chart values)
   * unparsed. Optional: without it, every document is parsed and offered to {@link Backend.describe}.
   */
  mayDescribe?(text: string): boolean
  /** Recover the Secret from protected documents, given keys. Optional. */
  reveal?(documents: unknown[], keys: BackendParams): Promise<Secret>
  /**
   * Write one of this backend's documents as its own tool does (kubeseal's layout for `sealed`), so
   * `protect` writes what `seal` writes. Optional: generic YAML/JSON otherwise.
   */
  serialize?(document: unknown, format: 'yaml' | 'json'): string
}

const registry = new Map<string, Backend>()

/**
 * Register a backend so `protect`, `status`, `convert` and `scan` can use it.
 * @throws GitsealError `E_USAGE` when a backend with the same name is already registered.
 */
export function registerBackend(backend: Backend): void {
  if (registry.has(backend.name)) {
    throw new GitsealError('E_USAGE', `a backend named "${backend.name}" is already registered`)
  }
  registry.set(backend.name, backend)
}

/** The registered backend called `name`, or undefined. */
export function getBackend(name: string): Backend | undefined {
  return registry.get(name)
}

/** Every registered backend, in registration order. */
export function listBackends(): Backend[] {
  return [...registry.values()]
}

/** Ask each backend in turn what protects `document`; `null` when none claims it. */
export function describeDocument(document: unknown): ProtectionInfo | null {
  for (const backend of registry.values()) {
    const info = backend.describe(document)
    if (info) return info
  }
  return null
}
