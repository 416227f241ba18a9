/**
 * One file's private keys for opening its sealed values, with a per-file budget of failed RSA
 * decryptions (~5 ms each at 4096 bits): a value no key opens costs one per key, so a crafted file
 * of 45,000 such values (32 MiB) would otherwise cost minutes per key.
 */
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { openWith, splitSealed } from './crypto.js'
import type { DecryptFailure } from './crypto.js'

/** Most failed RSA decryptions gitseal spends on one file before it stops (exit 2). */
export const MAX_FAILED_DECRYPTIONS_PER_FILE = 4096

/**
 * The keys given for one file. The key that opened the last value is tried first: a file's values
 * are almost always sealed by one controller key, so passing a year of renewed keys costs a few
 * failed tries per file, not one per key and value.
 */
export class FileKeyRing {
  private readonly keys: KeyObject[]
  private failed = 0

  constructor(
    keys: readonly KeyObject[],
    private readonly file: string,
  ) {
    this.keys = [...keys]
  }

  /** How many keys the ring holds. */
  get size(): number {
    return this.keys.length
  }

  /**
   * The plaintext of `sealed` under `label`, or why it did not open.
   * @throws GitsealError `E_TOO_LARGE` naming the file once its failed decryptions pass the budget.
   */
  open(sealed: Uint8Array, label: Uint8Array): Uint8Array | DecryptFailure {
    const parts = splitSealed(sealed)
    if (parts === 'too-short') return parts
    for (const [index, key] of this.keys.entries()) {
      const opened = openWith(key, parts, label)
      if (opened !== undefined) {
        this.keys.splice(index, 1)
        this.keys.unshift(key)
        return opened
      }
      if (++this.failed > MAX_FAILED_DECRYPTIONS_PER_FILE) this.refuse()
    }
    return 'no-key'
  }

  private refuse(): never {
    throw new GitsealError(
      'E_TOO_LARGE',
      `${this.file}: more than ${MAX_FAILED_DECRYPTIONS_PER_FILE} tries to open its sealed values with the keys given failed; gitseal stops there`,
      {
        file: this.file,
        hint: 'Pass the --key that sealed them (after renewals, every controller key), or split the file.',
      },
    )
  }
}

/** `keys` as a ring for `file`, or the ring itself when the caller shares one across a file. */
export function keyRingFor(keys: readonly KeyObject[] | FileKeyRing, file: string): FileKeyRing {
  return keys instanceof FileKeyRing ? keys : new FileKeyRing(keys, file)
}
