/**
 * The repository workflow as a library: protect by policy, convert between backends, inventory a
 * tree, build Secrets like kubectl, and the merge driver's pieces. The CLI commands are thin
 * wrappers around these.
 */
export { builtinBackends } from './builtin.js'
export { protectManifest, protectSecrets, protectParams, requireBackend } from './protect-file.js'
export type { ProtectTarget } from './protect-file.js'
export { convertManifest, keyNeeded } from './convert.js'
export { inventoryFile } from './inventory.js'
export type { InventoryDocument, InventoryFile, InventoryPolicy } from './inventory.js'
export { listManifestFiles } from './list-files.js'
export { buildSecret, parseEnvFile, secretTypeFor, DEFAULT_DOCKER_SERVER } from './kubectl-secret.js'
export type { SecretSources, SourceReader } from './kubectl-secret.js'
export { mergeTrees } from './three-way.js'
export type { MergeResult } from './three-way.js'
export type { MergeCodec } from './merge-codec.js'
export {
  installMergeDriver,
  sopsPatterns,
  withGitattributes,
  gitattributesPatternProblem,
  MERGE_DRIVER_COMMAND,
} from './merge-install.js'
