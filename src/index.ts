/**
 * gitseal's public library API: the Secret model, manifests, errors and the backend seam
 * (implement `Backend`, list backends with `createBackendRegistry`).
 * Backends live in their own subpaths: `gitseal/sealed`, `gitseal/sops`, `gitseal/eso`, `gitseal/scan`.
 */
export { GitsealError, ERROR_CODES, isGitsealError, exitCodeFor } from './core/errors.js'
export type { ErrorCode, ErrorCategory, GitsealErrorOptions } from './core/errors.js'
export {
  parseSecretObject,
  readSecrets,
  readManifestEntries,
  secretToObject,
  isSecretObject,
  invalidKeyReason,
  decodeStdBase64,
  encodeStdBase64,
  SECRET_TYPES,
} from './core/secret.js'
export type { Secret, ManifestEntry, SecretSource, SecretToObjectOptions } from './core/secret.js'
export {
  parseManifest,
  stringifyManifest,
  stringifyObjects,
  detectFormat,
  documentValue,
} from './core/manifest.js'
export type { Manifest, ManifestFormat } from './core/manifest.js'
export { createBackendRegistry } from './core/backend.js'
export type {
  AnyBackend,
  Backend,
  BackendRegistry,
  ProtectionInfo,
  ProtectContext,
  BackendParams,
  RevealKeys,
  RewriteContext,
} from './core/backend.js'
