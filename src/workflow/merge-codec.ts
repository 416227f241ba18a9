/**
 * The seam between the merge driver and an encrypted format: decrypt a file's text to plaintext,
 * and encrypt a merged plaintext reusing what it can of the previous encrypted file (for SOPS: the
 * data key and the ciphertext of unchanged values, so unrelated edits stop conflicting).
 */
import { GitsealError } from '../core/errors.js'

/** Decrypts and re-encrypts whole files for `gitseal merge-driver`. */
export interface MergeCodec {
  /** Plaintext of an encrypted file. `path` is the work-tree path (picks creation rules, names errors). */
  decrypt(text: string, path: string): Promise<string>
  /** Encrypted text of `plaintext`, keeping the data key and unchanged values' ciphertext of `previousEncrypted`. */
  encrypt(plaintext: string, path: string, previousEncrypted: string): Promise<string>
}

let codec: MergeCodec | undefined

/** Set the codec the merge driver uses (the SOPS one, wired by `loadBuiltinBackends`). */
export function setMergeCodec(next: MergeCodec | undefined): void {
  codec = next
}

/** The codec set with {@link setMergeCodec}, if any. */
export function currentMergeCodec(): MergeCodec | undefined {
  return codec
}

/**
 * The codec in use.
 * @throws GitsealError `E_NOT_IMPLEMENTED` when none is registered in this build.
 */
export function requireMergeCodec(): MergeCodec {
  if (codec === undefined) {
    throw new GitsealError(
      'E_NOT_IMPLEMENTED',
      'no merge codec is registered: the SOPS backend is not in this build',
      {
        hint: 'Merge this file by hand with `gitseal edit`.',
      },
    )
  }
  return codec
}
