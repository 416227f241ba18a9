/**
 * PKCS#12 files (`.p12`, `.pfx`, Java keystores of type PKCS12): binary DER, no text marker, often
 * holding a private key behind a weak or empty password. Recognised by structure, whatever the file
 * is called: `PFX ::= SEQUENCE { version 3, authSafe ContentInfo (pkcs7-data or signedData), … }`
 * (RFC 7292). Reported when it holds a key bag (plain or shrouded) where it can be seen: openssl,
 * Java's keytool and Windows all write the key there, and encrypt only the certificates. A trust
 * store (certificates only, encrypted or not) is not a secret; a key inside encrypted contents, which
 * no common tool writes, is not seen.
 */
import type { Candidate } from '../matcher.js'
import type { RuleInfo } from './types.js'

export const PKCS12_RULE: RuleInfo = {
  id: 'pkcs12-file',
  title: 'PKCS#12 file (private key bundle)',
  severity: 'high',
  description:
    'A PKCS#12 file (.p12/.pfx, a PKCS12 keystore) that holds a private key; its password is often weak or empty.',
  remediation:
    'Remove the file from the repository and its history, replace the key and certificate it holds, and keep the bundle in a protected Secret (`gitseal seal`, `gitseal encrypt`) or a secret manager.',
}

// DER of the OIDs read: pkcs7-data, pkcs7-signedData, keyBag, pkcs8ShroudedKeyBag.
const OID_PREFIX = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07]
const DATA = 0x01
const SIGNED_DATA = 0x02
const KEY_BAGS = [0x01, 0x02].map((last) =>
  Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, last]),
)

/** The header of a DER SEQUENCE at `at`: where its content starts and how long it is, or undefined. */
function sequenceAt(bytes: Uint8Array, at: number): { content: number; length: number } | undefined {
  if (bytes[at] !== 0x30) return undefined
  const first = bytes[at + 1] ?? 0xff
  if (first < 0x80) return { content: at + 2, length: first }
  const count = first & 0x7f
  if (count === 0 || count > 4) return undefined
  let length = 0
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[at + 2 + i] ?? 0)
  return { content: at + 2 + count, length }
}

/** True when `bytes` open as a PKCS#12 PFX: SEQUENCE, INTEGER 3, ContentInfo of data or signedData. */
export function isPkcs12(bytes: Uint8Array): boolean {
  const pfx = sequenceAt(bytes, 0)
  if (pfx === undefined || pfx.content + pfx.length > bytes.length) return false
  const version = pfx.content
  if (bytes[version] !== 0x02 || bytes[version + 1] !== 0x01 || bytes[version + 2] !== 0x03) return false
  const authSafe = sequenceAt(bytes, version + 3)
  if (authSafe === undefined) return false
  const oid = authSafe.content
  if (!OID_PREFIX.every((byte, i) => bytes[oid + i] === byte)) return false
  const type = bytes[oid + OID_PREFIX.length]
  return type === DATA || type === SIGNED_DATA
}

/** True when the bags of a PKCS#12 bundle's visible contents include a key bag (plain or shrouded). */
function holdsKeyBag(buffer: Buffer): boolean {
  return KEY_BAGS.some((bag) => buffer.includes(bag))
}

/**
 * True when `bytes` are a PKCS#12 trust store: a PFX with no key bag where tools write keys (openssl
 * `-nokeys`, keytool's trust stores: the certificate bags alone, encrypted or not). Public, as a
 * PEM certificate is.
 */
export function pkcs12TrustStore(bytes: Uint8Array): boolean {
  return isPkcs12(bytes) && !holdsKeyBag(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
}

/** The `pkcs12-file` finding of binary `content` (`text`: its printable text), if any. */
export function pkcs12Candidates(content: Uint8Array, text: string): Candidate[] {
  if (!isPkcs12(content)) return []
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  if (!holdsKeyBag(buffer)) return [] // certificates only: a trust store
  const lineEnd = text.indexOf('\n')
  const end = Math.max(1, Math.min(lineEnd < 0 ? text.length : lineEnd, 64))
  return [{ ruleId: PKCS12_RULE.id, priority: 0, start: 0, end, secret: buffer.toString('base64') }]
}
