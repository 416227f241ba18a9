/**
 * The seam between the merge driver and an encrypted format: decrypt a file's text to plaintext,
 * and encrypt a merged plaintext reusing what it can of the previous encrypted file (for SOPS: the
 * data key and the ciphertext of unchanged values, so unrelated edits stop conflicting).
 */
/** Decrypts and re-encrypts whole files for `gitseal merge-driver`. */
export interface MergeCodec {
  /** Plaintext of an encrypted file. `path` is the work-tree path (picks creation rules, names errors). */
  decrypt(text: string, path: string): Promise<string>
  /** Encrypted text of `plaintext`, keeping the data key and unchanged values' ciphertext of `previousEncrypted`. */
  encrypt(plaintext: string, path: string, previousEncrypted: string): Promise<string>
}
