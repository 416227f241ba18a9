/**
 * age recipients and identities for SSH keys (`ssh-ed25519`, `ssh-rsa`), byte-compatible with
 * the `age` binary's agessh package, on the `age-encryption` (typage) Recipient/Identity
 * interfaces. Crypto is node:crypto throughout.
 *
 * This module loads `age-encryption`; import it with `await import()` where start-up matters.
 */
import { Stanza, type Identity, type Recipient } from 'age-encryption'
import { GitsealError } from '../core/errors.js'
import { ed25519PublicToX25519, ed25519SeedToX25519, x25519 } from './age-ssh-curve.js'
import { ed25519OwnPublic, ed25519Tweak, ed25519Unwrap, ed25519Wrap } from './age-ssh-ed25519.js'
import { badKey, parsePrivateKeyText, parsePublicKeyLine } from './age-ssh-keys.js'
import { rsaPublicKey, rsaUnwrap, rsaWrap } from './age-ssh-rsa.js'
import { decodeAgeBase64, sshKeyTag } from './age-ssh-wire.js'

/** True when `s` is meant as an SSH recipient (`ssh-…`), as SOPS decides between age and SSH. */
export function isSshRecipient(s: string): boolean {
  return /^ssh-[a-z0-9.@-]+\s/.test(s.trim() + ' ')
}

/**
 * An age recipient for an SSH public key line (`ssh-ed25519 AAAA… comment` or `ssh-rsa …`).
 * Throws `E_BAD_KEY` naming `sourceName` for malformed or unsupported keys.
 */
export function sshRecipient(publicKeyLine: string, sourceName = 'SSH recipient'): Recipient {
  const key = parsePublicKeyLine(publicKeyLine, sourceName)
  const tag = sshKeyTag(key.blob)
  if (key.type === 'ssh-rsa') {
    const publicKey = rsaPublicKey(key.n, key.e)
    return { wrapFileKey: (fileKey) => [new Stanza(['ssh-rsa', tag], rsaWrap(fileKey, publicKey))] }
  }
  const montgomery = ed25519PublicToX25519(key.key)
  if (montgomery === undefined || isLowOrder(montgomery)) {
    throw badKey(sourceName, 'ssh-ed25519 key is not a valid curve point')
  }
  const tweak = ed25519Tweak(key.blob)
  return {
    wrapFileKey(fileKey) {
      const { share, body } = ed25519Wrap(fileKey, montgomery, tweak)
      return [new Stanza(['ssh-ed25519', tag, share], body)]
    },
  }
}

/**
 * An age identity for an SSH private key: OpenSSH (`BEGIN OPENSSH PRIVATE KEY`, ed25519 or
 * RSA), PEM RSA (PKCS#1) or PKCS#8. `unwrapFileKey` returns null when no stanza is for this
 * key and throws a GitsealError when one is but does not open, as typage identities do.
 */
export function sshIdentity(privateKeyPem: string, sourceName: string): Identity {
  const key = parsePrivateKeyText(privateKeyPem, sourceName)
  const tag = sshKeyTag(key.blob)
  const malformed = (type: string): GitsealError =>
    new GitsealError('E_BAD_CIPHERTEXT', `malformed ${type} recipient stanza in the age header`, {
      hint: 'the encrypted file is damaged; restore it from version control',
    })
  const undecryptable = (type: string): GitsealError =>
    new GitsealError('E_DECRYPT', `the ${type} stanza for ${sourceName} does not decrypt`, {
      hint: 'the file was changed, or encrypted for another key with the same 4-byte tag',
      file: sourceName,
    })

  if (key.type === 'ssh-rsa') {
    return {
      unwrapFileKey(stanzas) {
        for (const { args, body } of stanzas) {
          if (args[0] !== 'ssh-rsa') continue
          if (args.length !== 2) throw malformed('ssh-rsa')
          if (args[1] !== tag) continue
          return rsaUnwrap(body, key.key) ?? throwError(undecryptable('ssh-rsa'))
        }
        return null
      },
    }
  }
  const secret = ed25519SeedToX25519(key.seed)
  const ownPublic = ed25519OwnPublic(secret)
  const tweak = ed25519Tweak(key.blob)
  return {
    unwrapFileKey(stanzas) {
      for (const { args, body } of stanzas) {
        if (args[0] !== 'ssh-ed25519') continue
        // Same order of checks as agessh: stanza shape first, then the tag, then the crypto.
        if (args.length !== 3 || decodeAgeBase64(args[2] ?? '')?.length !== 32) throw malformed('ssh-ed25519')
        if (args[1] !== tag) continue
        const result = ed25519Unwrap(args[2] ?? '', body, secret, ownPublic, tweak)
        if (result === 'malformed') throw malformed('ssh-ed25519')
        if (result === 'decrypt') throw undecryptable('ssh-ed25519')
        return result
      }
      return null
    },
  }
}

/** Low-order points make every X25519 result zero; age fails on them when wrapping, we at parse time. */
function isLowOrder(point: Uint8Array): boolean {
  try {
    x25519(LOW_ORDER_PROBE, point)
    return false
  } catch {
    return true
  }
}

// Any scalar works: X25519 clamps it to a multiple of 8, which maps every low-order point to zero.
const LOW_ORDER_PROBE = new Uint8Array(32).fill(0x55)

function throwError(error: Error): never {
  throw error
}
