/**
 * The SOPS codec for `gitseal merge-driver`: decrypt each side with the user's age identities,
 * and encrypt the merged plaintext again with our side's data key and recipients, so values
 * nobody changed keep their ciphertext and the diff stays small.
 */
import { openSops, plaintextOf, reencrypt } from '../sops/sops-file.js'
import type { OpenedFile } from '../sops/sops-file.js'
import type { LoadedIdentities } from '../sops/identities.js'
import { formatForPath } from '../sops/stores/index.js'
import type { MergeCodec } from './merge-codec.js'

/** A merge codec opening SOPS files (any store, chosen by path) with `identities`. */
export function sopsMergeCodec({ identities, tried }: LoadedIdentities): MergeCodec {
  const opened = new Map<string, Promise<OpenedFile>>()
  // Each side is opened once even though `encrypt` needs our side again.
  const open = (text: string, path: string): Promise<OpenedFile> => {
    let file = opened.get(text)
    if (file === undefined) {
      file = openSops(text, { format: formatForPath(path), file: path, identities, identitySources: tried })
      opened.set(text, file)
    }
    return file
  }
  return {
    async decrypt(text, path) {
      return plaintextOf(await open(text, path))
    },
    async encrypt(plaintext, path, previousEncrypted) {
      return reencrypt(plaintext, await open(previousEncrypted, path))
    },
  }
}
