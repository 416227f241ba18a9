/**
 * `gitseal/sops` — SOPS + age, byte-compatible with sops 3.x and Flux: encrypt and decrypt whole
 * files (YAML, JSON, dotenv, INI, binary), `.sops.yaml` creation rules, age identities, and the
 * `sops` {@link Backend}. Library functions never read the environment: pass identities in.
 *
 * @example
 * ```ts
 * import { encrypt, decrypt, loadAgeIdentities } from 'gitseal/sops'
 * const enc = await encrypt(text, { format: 'yaml', recipients: ['age1…'] })
 * const { identities } = await loadAgeIdentities({ env: process.env, home, platform: process.platform, readFile })
 * const plain = await decrypt(enc, { format: 'yaml', identities })
 * ```
 */
export { sopsBackend, DEFAULT_ENCRYPTED_REGEX } from './backend.js'
export type { SopsOptions } from './protect-options.js'
export { encrypt, decrypt, openSops, reencrypt, plaintextOf, plaintextBytes } from './sops-file.js'
export { formatLastModified, macAad } from './mac.js'
export type {
  EncryptOptions,
  DecryptOptions,
  OpenOptions,
  OpenedFile,
  ReencryptOptions,
} from './sops-file.js'
export { extractPath, editPath, parseSetValue } from './sops-edit.js'
export { parseTreePath } from './tree-path.js'
export type { PathStep } from './tree-path.js'
export { parseSopsConfig, findCreationRule, pathForRules, ruleRecipients } from './config.js'
export type { SopsConfig, CreationRule } from './config.js'
export { loadSopsConfig } from './config-discover.js'
export type { ReadText } from './config-discover.js'
export { loadAgeIdentities, defaultKeysPath, parseIdentityText } from './identities.js'
export type { IdentityEnvironment, LoadedIdentities } from './identities.js'
export { wrapKey, unwrapKey, checkRecipient } from './age.js'
export type { AgeIdentity } from './age.js'
export { formatForPath, storeFor } from './stores/index.js'
export type { SopsFormat, Store, LoadedFile } from './stores/index.js'
export { parseMetadata, serializeMetadata, SOPS_FORMAT_VERSION, METADATA_LIMITS } from './metadata.js'
export type { SopsMetadata, KeyGroup, AgeKeyEntry } from './metadata.js'
export type { EncryptionRules } from './walk.js'
export { shamirSplit, shamirCombine } from './shamir.js'
export { isEncryptedValue } from '../core/sops-value.js'
export { Mapping, Comment, SopsTime, SopsBytes, toPlain, fromPlain } from './tree.js'
export type { Plain, Value, Leaf, Item } from './tree.js'
export type { Stash } from './cipher.js'
