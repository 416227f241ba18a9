/**
 * The age key `gitseal init` encrypts `.sops.yaml` rules for: the recipient of an existing identity
 * file, or a new X25519 identity in age-keygen's file format. `age-encryption` is loaded lazily.
 */
import { GitsealError } from '../core/errors.js'
import { renderAgeKeyFile } from './init-files.js'

/**
 * The recipient of the first identity in an age key file.
 * @throws GitsealError `E_BAD_KEY` naming the file when it holds no valid `AGE-SECRET-KEY-` line.
 */
export async function recipientOfKeyFile(text: string, file: string): Promise<string> {
  const identity = text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('AGE-SECRET-KEY-'))
  const fail = (cause?: unknown): GitsealError =>
    new GitsealError('E_BAD_KEY', `${file}: holds no valid AGE-SECRET-KEY- line`, {
      file,
      cause,
      hint: 'Point --age-key-file at an age identity file (age-keygen output).',
    })
  if (identity === undefined) throw fail()
  const age = await import('age-encryption')
  try {
    return await age.identityToRecipient(identity)
  } catch (cause) {
    throw fail(cause)
  }
}

/** A new X25519 identity: its recipient and the key file text (write it 0600). */
export async function newAgeKeyFile(now: Date): Promise<{ recipient: string; text: string }> {
  const age = await import('age-encryption')
  const identity = await age.generateX25519Identity()
  const recipient = await age.identityToRecipient(identity)
  return { recipient, text: renderAgeKeyFile(identity, recipient, now) }
}
