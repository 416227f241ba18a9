/**
 * `gitseal/sealed` — Bitnami Sealed Secrets, byte-compatible with `kubeseal` and the controller:
 * seal Secrets (or raw values) for a controller certificate, unseal them offline with its private
 * keys, re-seal, validate, and generate controller key pairs. No top-level node-forge import.
 *
 * @example
 * ```ts
 * import { loadCert, checkCert, seal, toKubesealYaml } from 'gitseal/sealed'
 * const cert = await loadCert('certs/prod.pem', { baseDir: process.cwd() })
 * checkCert(cert)
 * const yaml = toKubesealYaml(seal(secret, cert, { scope: 'strict' }))
 * ```
 */
export {
  sealSecret,
  sealSecret as seal,
  sealRaw,
  sealTarget,
  buildSealedSecret,
  MAX_SEALED_SECRET_BYTES,
} from './build.js'
export type { SealOptions, SealTarget } from './build.js'
export {
  unsealSealedSecret,
  unsealSealedSecret as unseal,
  unsealValue,
  checkSealedSecret,
  checkDecryptionBudget,
  MAX_SEALED_VALUES_PER_FILE,
  readSealedSecret,
  isSealedSecretObject,
  SEALED_SECRET_API_VERSION,
  SEALED_SECRET_KIND,
} from './unseal.js'
export type { KeyCheck, SealedSecretView } from './unseal.js'
export {
  parseCert,
  checkCert,
  certFindings,
  normalizeFingerprint,
  rsaKeyWeakness,
  MIN_RSA_BITS,
  EXPIRY_WARNING_DAYS,
  NOT_YET_VALID_SKEW_MS,
} from './cert.js'
export type { SealingCert, CertCheckOptions, CertFinding, ParseCertOptions } from './cert.js'
export { loadCert, readCertSource, isCertUrl } from './cert-source.js'
export type { LoadCertOptions } from './cert-source.js'
export { parsePrivateKeys, SEALING_KEY_LABEL } from './keys.js'
export { hybridEncrypt, hybridDecrypt, tryHybridDecrypt } from './crypto.js'
export { FileKeyRing, MAX_FAILED_DECRYPTIONS_PER_FILE } from './key-ring.js'
export type { DecryptFailure } from './crypto.js'
export {
  encryptionLabel,
  parseScope,
  scopeFromAnnotations,
  scopeAnnotations,
  withScopeAnnotations,
  SCOPES,
  NAMESPACE_WIDE_ANNOTATION,
  CLUSTER_WIDE_ANNOTATION,
} from './scope.js'
export type { Scope } from './scope.js'
export { sealManifest, sealOne } from './seal-manifest.js'
export type { SealManifestOptions } from './seal-manifest.js'
export { mergeIntoSealedSecret } from './merge.js'
export type { MergeOptions, MergeResult } from './merge.js'
export { resealManifest } from './reseal.js'
export { planOutPattern } from './out-pattern.js'
export type { PlannedOutput } from './out-pattern.js'
export { toKubesealJson, toKubesealYaml, sortKeys } from './output.js'
export { generateControllerKey } from './keygen.js'
export type { ControllerKey, KeygenOptions } from './keygen.js'
export { sealedBackend } from './backend.js'
export type { SealedOptions } from './protect-options.js'
export { fetchControllerCert, kubeConnection, CONTROLLER_SELECTORS } from './kube.js'
export type { ControllerCertOptions, KubeConnection } from './kube.js'
