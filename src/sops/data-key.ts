/**
 * The data key and key groups: wrap it (or its Shamir shares) for every recipient, and recover it
 * from whichever identities the user has — with an error that says what was tried.
 */
import { randomBytes } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { ageStanzaCount, unwrapKey, wrapKey } from './age.js'
import type { AgeIdentity } from './age.js'
import { METADATA_LIMITS } from './metadata.js'
import type { KeyGroup } from './metadata.js'
import { shamirCombine, shamirSplit } from './shamir.js'

/** A fresh 32-byte data key. */
export function newDataKey(): Uint8Array {
  return new Uint8Array(randomBytes(32))
}

/**
 * Key groups holding `dataKey` for these recipient groups: one group ⇒ every recipient wraps the
 * whole key; several ⇒ one Shamir share per group (`threshold` of them needed).
 */
export async function wrapForGroups(
  dataKey: Uint8Array,
  groups: readonly (readonly string[])[],
  threshold: number,
): Promise<KeyGroup[]> {
  if (groups.length === 0 || groups.some((g) => g.length === 0)) {
    throw new GitsealError('E_NO_IDENTITY', 'no age recipients to encrypt for', {
      hint: 'Pass --age age1…, or add age recipients to the matching .sops.yaml creation rule.',
    })
  }
  const parts =
    groups.length === 1 ? [dataKey] : shamirSplit(dataKey, groups.length, threshold || groups.length)
  return Promise.all(
    groups.map(async (recipients, i) => ({
      age: await Promise.all(
        recipients.map(async (recipient) => ({
          recipient,
          enc: await wrapKey(parts[i] ?? dataKey, recipient),
        })),
      ),
      others: {},
    })),
  )
}

/**
 * Recover the data key. Groups are tried in order; within a group each age key with every identity.
 * @throws GitsealError `E_NO_IDENTITY` listing the file's recipients and the identity sources tried.
 */
export async function recoverDataKey(
  groups: readonly KeyGroup[],
  threshold: number,
  identities: readonly AgeIdentity[],
  tried: readonly string[],
  file: string,
): Promise<Uint8Array> {
  await refuseManyStanzas(groups, file)
  const parts: Uint8Array[] = []
  const opened: number[] = []
  const needed = groups.length === 1 ? 1 : threshold || groups.length
  for (const [index, group] of groups.entries()) {
    for (const entry of group.age) {
      const part = await unwrapKey(entry.enc, identities)
      if (part) {
        parts.push(part)
        opened.push(index)
        break
      }
    }
    if (parts.length >= needed) break
  }
  if (parts.length > 0 && parts.length < needed) {
    // The identities work; what is missing is one more key group's share (Shamir threshold).
    const missing = groups.map((_, i) => i).filter((i) => !opened.includes(i))
    throw new GitsealError(
      'E_NO_IDENTITY',
      `${file}: your identities open ${String(parts.length)} of the ${String(needed)} key groups needed ` +
        `(shamir_threshold ${String(needed)} of ${String(groups.length)} groups): opened group(s) ${opened.join(', ')}, ` +
        `no identity for group(s) ${missing.join(', ')}`,
      {
        file,
        hint: `Add an identity for a recipient of group ${String(missing[0] ?? '')} (SOPS_AGE_KEY_FILE), or decrypt together with a holder of one.`,
      },
    )
  }
  if (parts.length >= needed) {
    const key = needed === 1 ? parts[0] : shamirCombine(parts)
    if (key?.length === 32) return key
    throw new GitsealError('E_BAD_KEY', `${file}: the recovered data key has the wrong length`)
  }
  const recipients = groups.flatMap((g, i) => [
    ...g.age.map((a) => `age ${a.recipient}${groups.length > 1 ? ` (group ${String(i)})` : ''}`),
    ...Object.entries(g.others).map(
      ([kind, entries]) => `${kind} ×${String(entries.length)} (not supported by gitseal)`,
    ),
  ])
  throw new GitsealError(
    'E_NO_IDENTITY',
    `${file}: none of your age identities opens the data key (encrypted for: ${recipients.join(', ') || '(no keys)'}; identities tried: ${tried.join(', ') || '(none found)'})`,
    {
      file,
      hint: "Set SOPS_AGE_KEY_FILE to a key file holding one of these recipients' identities, or ask someone who can open the file to add your recipient (gitseal updatekeys).",
    },
  )
}

/**
 * Refuse, before any identity is tried, metadata whose age entries hold more recipient stanzas
 * than {@link METADATA_LIMITS} allows (counted, not decrypted).
 * @throws GitsealError `E_SOPS_BAD_FORMAT` naming the file.
 */
async function refuseManyStanzas(groups: readonly KeyGroup[], file: string): Promise<void> {
  let stanzas = 0
  for (const group of groups) for (const entry of group.age) stanzas += await ageStanzaCount(entry.enc)
  if (stanzas <= METADATA_LIMITS.maxAgeStanzas) return
  throw new GitsealError(
    'E_SOPS_BAD_FORMAT',
    `${file}: sops metadata: its age entries hold ${String(stanzas)} recipient stanzas; gitseal opens at most ${String(METADATA_LIMITS.maxAgeStanzas)} (sops writes one per entry)`,
    { file, hint: 'The sops block is damaged or crafted; restore it from Git.' },
  )
}
