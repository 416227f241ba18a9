/** The MAC's time stamp and check, as sops' `lastmodified` and `mac` fields need them. */
import { GitsealError } from '../core/errors.js'
import { decryptValue } from './cipher.js'
import { daysIn } from './go-format.js'
import type { Stash } from './cipher.js'
import type { SopsMetadata } from './metadata.js'
import type { EncryptionRules } from './walk.js'

/** `lastmodified` as sops writes it: UTC, whole seconds, `Z`. */
export function formatLastModified(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`
}

/**
 * `lastmodified` as sops reads it (Go's `time.Parse(time.RFC3339, …)`) and writes it back
 * (`Format(time.RFC3339)`: the fraction dropped, a zero offset as `Z`), or undefined where Go
 * refuses it: lowercase `t`/`z`, a 30th of February, hour 24, spaces around it, a zone past +24:60.
 */
export function goRfc3339(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  )
  if (m === null) return undefined
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(Number)
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  // Go 1.20+ refuses a zone past 24 hours or 60 minutes (it allows those two, as people write them).
  if (Number(m[8] ?? 0) > 24 || Number(m[9] ?? 0) > 60) return undefined
  const time = text.slice(0, 19)
  // Go keeps the offset in minutes and prints it back normalised (`+23:60` as `+24:00`).
  const offset = Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)
  if (offset === 0) return `${time}Z`
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${time}${m[7] ?? '+'}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
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
