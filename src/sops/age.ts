/**
 * age master keys: the data key (or a Shamir share) wrapped for one recipient as an armored
 * age file, exactly as sops' `age/keysource.go` stores it in `sops.age[].enc`.
 * Loads `age-encryption` (and the SSH helpers) lazily.
 */
import type { Identity, Recipient } from 'age-encryption'
import { GitsealError } from '../core/errors.js'

/** An identity able to open age stanzas, with where it came from (for error messages). */
export interface AgeIdentity {
  /** `AGE-SECRET-KEY-1…` / `AGE-SECRET-KEY-PQ-1…`, or an Identity object (ssh keys). */
  identity: string | Identity
  /** Where it was found, e.g. `SOPS_AGE_KEY_FILE=/home/me/key.txt`; never the key itself. */
  source: string
}

interface SshModule {
  isSshRecipient(s: string): boolean
  sshRecipient(publicKeyLine: string): Recipient
  sshIdentity(privateKeyPem: string, sourceName: string): Identity
}

/** The ssh-ed25519/ssh-rsa helpers, loaded only when an ssh key is involved. */
export async function loadSshModule(): Promise<SshModule> {
  return import('./age-ssh.js')
}

/** True for `ssh-ed25519 …` / `ssh-rsa …` recipients. */
function isSshRecipientText(recipient: string): boolean {
  return recipient.startsWith('ssh-')
}

/**
 * Check a recipient's syntax without loading age.
 * @throws GitsealError `E_BAD_KEY` for anything but age1…, age1pq1…, ssh-ed25519, ssh-rsa.
 */
export function checkRecipient(recipient: string): void {
  if (isSshRecipientText(recipient)) {
    if (!/^ssh-(ed25519|rsa) [A-Za-z0-9+/=]+/.test(recipient)) throw badRecipient(recipient)
    return
  }
  if (/^age1pq1[02-9ac-hj-np-z]+$/.test(recipient) || /^age1[02-9ac-hj-np-z]{58}$/.test(recipient)) return
  if (/^age1[a-z0-9]+1[02-9ac-hj-np-z]+$/.test(recipient)) {
    throw new GitsealError(
      'E_BAD_KEY',
      `age plugin recipients are not supported: ${shortPrefix(recipient)}`,
      {
        hint: 'Use sops with the age plugin binary for plugin recipients.',
      },
    )
  }
  throw badRecipient(recipient)
}

function badRecipient(recipient: string): GitsealError {
  // The text may be a private key passed in the wrong place: say what it looks like, never echo it
  // beyond a prefix too short to matter.
  if (/^AGE-SECRET-KEY-(PQ-)?1/i.test(recipient) || /PRIVATE KEY/.test(recipient)) {
    return new GitsealError(
      'E_BAD_KEY',
      'a private key was given where an age recipient (public key) is expected; it was not used',
      {
        hint: 'Pass the public key instead: `age-keygen -y key.txt` prints it (age1…). Keep the private key out of command lines and shell history.',
      },
    )
  }
  return new GitsealError(
    'E_BAD_KEY',
    `not an age recipient: '${shortPrefix(recipient)}' (${recipient.length} characters)`,
    {
      hint: 'Recipients look like age1… (age-keygen -y key.txt), age1pq1…, or an ssh-ed25519/ssh-rsa public key line.',
    },
  )
}

/** At most 7 characters of text that was not what it should be: enough to spot a typo, too few to leak. */
function shortPrefix(text: string): string {
  return text.length <= 7 ? text : `${text.slice(0, 7)}…`
}

/** Wrap `key` for one recipient: armored age file with a final newline, as sops writes. */
export async function wrapKey(key: Uint8Array, recipient: string): Promise<string> {
  checkRecipient(recipient)
  const age = await import('age-encryption')
  const encrypter = new age.Encrypter()
  if (isSshRecipientText(recipient)) encrypter.addRecipient((await loadSshModule()).sshRecipient(recipient))
  else encrypter.addRecipient(recipient)
  return age.armor.encode(await encrypter.encrypt(key))
}

/** The age file of an `enc` (armored or not), or null when its armor is broken. */
async function ageFile(enc: string): Promise<Uint8Array | null> {
  const age = await import('age-encryption')
  try {
    return enc.trimStart().startsWith('-----BEGIN AGE')
      ? age.armor.decode(enc)
      : new TextEncoder().encode(enc)
  } catch {
    return null
  }
}

/** How many recipient stanzas (`-> ` lines before the `--- ` MAC line) the age file of `enc` holds. */
export async function ageStanzaCount(enc: string): Promise<number> {
  const file = await ageFile(enc)
  if (file === null) return 0
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  const headerEnd = bytes.indexOf('\n--- ')
  let count = 0
  for (let at = bytes.indexOf('\n-> '); at !== -1 && (headerEnd === -1 || at < headerEnd); count++)
    at = bytes.indexOf('\n-> ', at + 1)
  return count
}

/**
 * Try every identity on one armored `enc`; the key, or null when none opens it. Errors of one
 * identity (a malformed stanza, a broken key) never stop the others.
 */
export async function unwrapKey(enc: string, identities: readonly AgeIdentity[]): Promise<Uint8Array | null> {
  const age = await import('age-encryption')
  const file = await ageFile(enc)
  if (file === null) return null
  for (const { identity } of identities) {
    try {
      const decrypter = new age.Decrypter()
      decrypter.addIdentity(identity)
      return await decrypter.decrypt(file)
    } catch {
      // Not this identity's stanza, or a broken one: try the next identity.
    }
  }
  return null
}
