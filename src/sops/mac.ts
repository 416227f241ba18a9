/** The MAC's time stamp and check, as sops' `lastmodified` and `mac` fields need them. */
import { GitsealError } from '../core/errors.js'
import { decryptValue } from './cipher.js'
import type { Stash } from './cipher.js'
import type { SopsMetadata } from './metadata.js'
import type { EncryptionRules } from './walk.js'

/** `lastmodified` as sops writes it: UTC, whole seconds, `Z`. */
export function formatLastModified(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`
}

/** sops parses `lastmodified` as RFC 3339 and re-formats it; that text is the MAC's additional data. */
export function macAad(lastModified: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(
    lastModified.trim(),
  )
  if (!m) return lastModified
  const zone = m[3] ?? 'Z'
  return `${m[1] ?? ''}T${m[2] ?? ''}${zone === 'z' || zone === 'Z' || /^[+-]00:00$/.test(zone) ? 'Z' : zone}`
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
