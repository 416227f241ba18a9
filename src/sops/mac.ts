/** The MAC's time stamp and check, as sops' `lastmodified` and `mac` fields need them. */
import { GitsealError } from '../core/errors.js'
import { decryptValue } from './cipher.js'
import { goRfc3339Nano } from './go-format.js'
import type { Stash } from './cipher.js'
import type { SopsMetadata } from './metadata.js'
import type { EncryptionRules } from './walk.js'

/** `lastmodified` as sops writes it: UTC, whole seconds, `Z`. */
export function formatLastModified(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`
}

/**
 * `lastmodified` as sops reads it (Go's `time.Parse(time.RFC3339, …)`) and writes it back
 * (`Format(time.RFC3339)`: {@link goRfc3339Nano} without the fraction), or undefined where Go refuses it.
 */
export function goRfc3339(text: string): string | undefined {
  return goRfc3339Nano(text)?.replace(/\.\d+/, '')
}

/** The MAC's additional data: `lastmodified` as sops re-formats it (as Go's time.Parse and Format(RFC3339Nano) re-format it), else as written. */
export function macAad(lastModified: string): string {
  return goRfc3339(lastModified) ?? lastModified
}

/** Throw unless exactly zero or one encryption rule is set. */
export function checkRules(rules: EncryptionRules): void {
  const set = [
    rules.unencryptedSuffix,
    rules.encryptedSuffix,
    rules.unencryptedRegex,
    rules.encryptedRegex,
    rules.unencryptedCommentRegex,
    rules.encryptedCommentRegex,
  ].filter((r) => r !== undefined && r !== '')
  if (set.length > 1) {
    throw new GitsealError(
      'E_USAGE',
      'use at most one of the encrypted/unencrypted suffix, regex and comment-regex rules',
      {
        hint: 'sops applies a single rule; pick the one that says what you mean.',
      },
    )
  }
}

function macError(file: string, message: string): GitsealError {
  return new GitsealError('E_SOPS_MAC_MISMATCH', `${file}: ${message}`, {
    file,
    hint: 'The file was changed outside sops/gitseal (values, order or lastmodified). Restore it from Git, or use --ignore-mac to recover what still decrypts.',
  })
}

/**
 * Check the stored MAC against the one computed over the plaintext.
 * @throws GitsealError `E_SOPS_MAC_MISMATCH` when missing, undecryptable or different.
 */
export function verifyMac(
  metadata: SopsMetadata,
  dataKey: Uint8Array,
  computed: string,
  file: string,
  stash: Stash,
): void {
  if (metadata.mac === '') throw macError(file, 'the file has no MAC')
  let stored: unknown
  try {
    stored = decryptValue(metadata.mac, dataKey, macAad(metadata.lastModified), stash)
  } catch {
    throw macError(file, 'cannot decrypt the MAC (the MAC or lastmodified was changed)')
  }
  if (stored !== computed) throw macError(file, 'MAC mismatch: the encrypted values do not match the MAC')
}
