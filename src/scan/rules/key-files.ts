/**
 * Key files in binary form, whatever they are called: a Java keystore (JKS, JCEKS) holding a
 * private or secret key, a DER private key (PKCS#1, PKCS#8 plain or encrypted, SEC1, DSA) and a
 * binary OpenPGP secret-key export (`gpg --export-secret-keys` without `--armor`). Each is told by
 * its structure, read from the first byte to the last, so a chance match in other binary data is
 * ruled out; a Java trust store (trusted certificates only) and DER that is no private key (a
 * certificate, a public key, parameters) are not secrets. PKCS#12 is pkcs12.ts.
 */
import type { Candidate } from '../matcher.js'
import { derKeyFile } from './key-structure.js'
import type { KeyStructure } from './key-structure.js'
import type { RuleInfo } from './types.js'

const KEY_REMEDIATION =
  'Treat the key as compromised: replace it, remove the file from the repository and its history, and keep private keys only in protected Secrets (`gitseal seal`, `gitseal encrypt`) or a secret manager.'

export const JAVA_KEYSTORE_RULE: RuleInfo = {
  id: 'java-keystore-file',
  title: 'Java keystore (JKS/JCEKS) with a private or secret key',
  severity: 'high',
  description:
    'A Java keystore (JKS or JCEKS) that holds a private key or a secret key; its password is often a default (`changeit`) and its format is weakly protected.',
  remediation: KEY_REMEDIATION,
}

export const BINARY_KEY_RULE: RuleInfo = {
  id: 'private-key-binary',
  title: 'Private key file in binary form (DER, OpenPGP)',
  severity: 'high',
  description:
    'A private key file written in binary: DER (PKCS#1, PKCS#8, SEC1, DSA; `openssl … -outform DER`) or an OpenPGP secret-key export without armour (`gpg --export-secret-keys`).',
  remediation: KEY_REMEDIATION,
}

/** A big-endian reader that never reads past the end (undefined instead). */
class Reader {
  at = 0
  constructor(readonly bytes: Uint8Array) {}
  uint(size: number): number | undefined {
    if (this.at + size > this.bytes.length) return undefined
    let value = 0
    for (let i = 0; i < size; i++) value = value * 256 + (this.bytes[this.at + i] ?? 0)
    this.at += size
    return value
  }
  skip(size: number | undefined): boolean {
    if (size === undefined || this.at + size > this.bytes.length) return false
    this.at += size
    return true
  }
  startsWith(bytes: readonly number[]): boolean {
    return bytes.every((byte, i) => this.bytes[this.at + i] === byte)
  }
}

const JKS_MAGIC = [0xfe, 0xed, 0xfe, 0xed]
const JCEKS_MAGIC = [0xce, 0xce, 0xce, 0xce]
const PRIVATE_KEY_ENTRY = 1
const TRUSTED_CERT_ENTRY = 2
const SECRET_KEY_ENTRY = 3
// A private key entry holds DER (EncryptedPrivateKeyInfo); a JCEKS secret key entry, a serialized
// Java SealedObject (the stream magic).
const DER_SEQUENCE = [0x30]
const JAVA_SERIALIZED = [0xac, 0xed, 0x00, 0x05]

// The keyed SHA-1 digest every JKS/JCEKS file ends with.
const KEYSTORE_DIGEST = 20

/**
 * What a JKS/JCEKS keystore holds (sun.security.provider.JavaKeyStore's layout: magic, version,
 * entry count, entries, digest): `key` at its first private or secret key entry; `trust` when every
 * entry is a trusted certificate and the digest ends the file; undefined for anything else.
 */
function keystoreContent(bytes: Uint8Array): 'key' | 'trust' | undefined {
  const reader = new Reader(bytes)
  if (!reader.startsWith(JKS_MAGIC) && !reader.startsWith(JCEKS_MAGIC)) return undefined
  reader.skip(4)
  const version = reader.uint(4)
  const count = reader.uint(4)
  if ((version !== 1 && version !== 2) || count === undefined) return undefined
  for (let entry = 0; entry < count; entry++) {
    const tag = reader.uint(4)
    if (!reader.skip(reader.uint(2)) || !reader.skip(8)) return undefined // alias, date
    if (tag === PRIVATE_KEY_ENTRY)
      return reader.skip(4) && reader.startsWith(DER_SEQUENCE) ? 'key' : undefined
    if (tag === SECRET_KEY_ENTRY) return reader.startsWith(JAVA_SERIALIZED) ? 'key' : undefined
    if (tag !== TRUSTED_CERT_ENTRY) return undefined
    if (version === 2 && !reader.skip(reader.uint(2))) return undefined // certificate type
    if (!reader.skip(reader.uint(4))) return undefined
  }
  return count > 0 && reader.at + KEYSTORE_DIGEST === bytes.length ? 'trust' : undefined
}

/** True when `bytes` are a JKS/JCEKS keystore with a private or secret key entry. */
export function keystoreWithKey(bytes: Uint8Array): boolean {
  return keystoreContent(bytes) === 'key'
}

/**
 * True when `bytes` are a JKS/JCEKS trust store: trusted certificates only, read to the digest.
 * Certificates are public: a Secret's `truststore.jks` holds no secret.
 */
export function javaTrustStore(bytes: Uint8Array): boolean {
  return keystoreContent(bytes) === 'trust'
}

const SECRET_KEY_PACKET = 5

/**
 * A binary OpenPGP secret-key export: packets from the first byte to the last (RFC 4880 §4.2 old
 * and new headers), the first a secret key packet of version 3 to 6.
 */
export function pgpSecretKeyFile(bytes: Uint8Array): boolean {
  const reader = new Reader(bytes)
  let packets = 0
  while (reader.at < bytes.length) {
    const header = reader.uint(1) ?? 0
    if ((header & 0x80) === 0) return false
    let tag: number
    let length: number | undefined
    if (header & 0x40) {
      tag = header & 0x3f
      const octet = reader.uint(1) ?? 0xff
      if (octet < 192) length = octet
      else if (octet < 224) length = (octet - 192) * 256 + (reader.uint(1) ?? 0) + 192
      else if (octet === 255) length = reader.uint(4)
      else return false // partial lengths: data packets, not keys
    } else {
      tag = (header >> 2) & 0x0f
      const type = header & 3
      if (type === 3) return false // indeterminate length
      length = reader.uint([1, 2, 4][type] ?? 1)
    }
    if (packets === 0) {
      const version = bytes[reader.at] ?? 0
      if (tag !== SECRET_KEY_PACKET || version < 3 || version > 6) return false
    }
    if (!reader.skip(length)) return false
    packets++
  }
  return packets > 0
}

/** The structure of a binary key file (`private-key-binary`), or undefined when it is none. */
export function binaryKeyStructure(bytes: Uint8Array): KeyStructure | undefined {
  const first = bytes[0]
  if (first === 0x30) return derKeyFile(bytes)
  if (first !== undefined && first & 0x80) return pgpSecretKeyFile(bytes) ? 'plain' : undefined
  return undefined
}

/** The key-file finding of binary `content` (`text`: its printable text), if any. */
export function keyFileCandidates(content: Uint8Array, text: string): Candidate[] {
  const ruleId = keystoreWithKey(content)
    ? JAVA_KEYSTORE_RULE.id
    : binaryKeyStructure(content) !== undefined
      ? BINARY_KEY_RULE.id
      : undefined
  if (ruleId === undefined) return []
  const lineEnd = text.indexOf('\n')
  const end = Math.max(1, Math.min(lineEnd < 0 ? text.length : lineEnd, 64))
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  return [{ ruleId, priority: 0, start: 0, end, secret: buffer.toString('base64') }]
}
