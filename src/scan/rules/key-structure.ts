/**
 * Structural checks of private key material: decode the body and check it parses as its label says
 * (DER for PKCS#1/PKCS#8/SEC1, the `openssh-key-v1` container, an OpenPGP secret-key packet with its
 * armor CRC-24, PuTTY's SSH-wire private blob, a bech32 checksum). A key that passes is reported
 * whatever its bytes look like: the placeholder heuristics (runs, stopwords) are for short strings
 * and misfire on real key bodies (`AAAAAAAA` in every OpenSSH header).
 */

import { pgpSecretKeys } from './pgp-packets.js'

/** What a structure check learnt: the key is real and whether it is passphrase-protected. */
export type KeyStructure = 'plain' | 'encrypted'

// `Proc-Type:`, `DEK-Info:`, `Comment:`, `Version:` header lines inside PEM/PGP bodies.
const HEADER_LINE = /^[ \t]*[A-Za-z][A-Za-z-]{1,39}:[^\n]*$/gm
// The OpenPGP armor checksum line: `=` and four base64 characters, alone on its line.
const ARMOR_CRC = /^[ \t]*=([A-Za-z0-9+/]{4})[ \t]*$/m
// A line break written as an escape, once or more (`\n` in a JSON string; `\\n` in a JSON string
// inside another, as a Terraform variable or a secret manager's JSON value holds a key).
const ESCAPED_BREAK = /\\+[rn]/g

/**
 * The base64 payload of a key body as it appears in files: raw lines, YAML block scalars, JSON
 * strings with `\n` escapes, or source code concatenating quoted lines (`"…" +\n "…"`).
 * Undefined when what remains is not base64.
 */
export function keyBodyBase64(body: string): string | undefined {
  const compact = body
    .replace(ESCAPED_BREAK, '\n')
    .replace(HEADER_LINE, '')
    .replace(ARMOR_CRC, '')
    .replace(/["'`][ \t]*\+?[ \t]*(?:\n[ \t]*\+?[ \t]*)?["'`]/g, '') // string concatenation
    .replace(/["'`,;\s]|\\/g, '')
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined
  return compact
}

// What may come before a key's lines when it is commented out or quoted as a whole: `# `, `// `,
// `; `, `-- `, `> ` (Markdown, mail), ` * ` (a block comment), `% `, `! `, `REM `.
const COMMENT_MARK = /^[ \t]*((?:(?:#+|\/\/+|;+|--+|>|\*|%+|!|rem(?=[ \t]))[ \t]*)+)/i

/** The comment or quote mark (`#`, `//`, `> >`) `prefix` is made of, if it is only that. */
export function commentMark(prefix: string): string | undefined {
  const match = COMMENT_MARK.exec(prefix)
  return match?.[0].length === prefix.length ? match[1]?.trim() : undefined
}

/** A line without the comment mark its block carries. */
export function unmarked(line: string, mark: string | undefined): string {
  if (mark === undefined) return line
  const trimmed = line.trimStart()
  return trimmed.startsWith(mark) ? trimmed.slice(mark.length) : line
}

/** A body with the comment mark taken off each of its lines. */
export function unmarkedBody(body: string, mark: string): string {
  return body
    .split('\n')
    .map((line) => unmarked(line, mark))
    .join('\n')
}

/** Strict base64 decode (length a multiple of 4 after padding); undefined otherwise. */
export function strictBase64(compact: string): Buffer | undefined {
  if (compact.length % 4 === 1) return undefined
  const bytes = Buffer.from(compact, 'base64')
  return bytes.length === 0 ? undefined : bytes
}

/** Header length and content length of the DER TLV at `at`, or undefined when it overruns `end`. */
function derTlv(
  bytes: Uint8Array,
  at: number,
  end: number,
): { tag: number; body: number; next: number } | undefined {
  if (at + 2 > end) return undefined
  const tag = bytes[at] ?? 0
  let length = bytes[at + 1] ?? 0
  let body = at + 2
  if (length & 0x80) {
    const count = length & 0x7f
    if (count === 0 || count > 4 || body + count > end) return undefined
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[body + i] ?? 0)
    body += count
  }
  const next = body + length
  return next > end ? undefined : { tag, body, next }
}

/** Tags of the children of the DER SEQUENCE that fills `bytes` exactly; undefined when it does not. */
function derSequenceChildren(bytes: Uint8Array): number[] | undefined {
  const outer = derTlv(bytes, 0, bytes.length)
  if (outer?.tag !== 0x30 || outer.next !== bytes.length) return undefined
  const tags: number[] = []
  let at = outer.body
  while (at < outer.next) {
    const child = derTlv(bytes, at, outer.next)
    if (child === undefined) return undefined
    tags.push(child.tag)
    at = child.next
  }
  return tags
}

/** PKCS#1 RSA, SEC1 EC, DSA and PKCS#8 keys are DER SEQUENCEs starting with an INTEGER version. */
function derPrivateKey(bytes: Uint8Array, minChildren: number): boolean {
  const tags = derSequenceChildren(bytes)
  return tags !== undefined && tags.length >= minChildren && tags[0] === 0x02
}

// The Ed25519 algorithm identifier (RFC 8410): SEQUENCE { OID 1.3.101.112 }.
const ED25519_ALGORITHM = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70]
// Its private key octets: an OCTET STRING of the 32-byte seed, wrapped in the PKCS#8 OCTET STRING.
const ED25519_SEED = [0x04, 0x22, 0x04, 0x20]

/**
 * A PKCS#8 Ed25519 key (RFC 8410: version, the Ed25519 algorithm, the 32-byte seed, an optional
 * public key): what Go's `x509.MarshalPKCS8PrivateKey` writes under Talos' `ED25519 PRIVATE KEY`
 * label.
 */
function ed25519Pkcs8(bytes: Uint8Array): boolean {
  const at = (offset: number, expected: readonly number[]): boolean =>
    expected.every((byte, i) => bytes[offset + i] === byte)
  // SEQUENCE (short length: 48 bytes, or 83 with the public key), INTEGER version 0 or 1, the
  // algorithm, the seed.
  const version = bytes[4] ?? -1
  return (
    derPrivateKey(bytes, 3) &&
    at(2, [0x02, 0x01]) &&
    (version === 0 || version === 1) &&
    at(5, ED25519_ALGORITHM) &&
    at(5 + ED25519_ALGORITHM.length, ED25519_SEED)
  )
}

/** PKCS#8 EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier SEQUENCE, OCTET STRING }. */
function derEncryptedPkcs8(bytes: Uint8Array): boolean {
  const tags = derSequenceChildren(bytes)
  return tags?.length === 2 && tags[0] === 0x30 && tags[1] === 0x04
}

/** The DER TLVs that fill `bytes` from `start` to `end` exactly; undefined when they do not. */
function derChildren(
  bytes: Uint8Array,
  start: number,
  end: number,
): { tag: number; body: number; next: number }[] | undefined {
  const children = []
  for (let at = start; at < end;) {
    const child = derTlv(bytes, at, end)
    if (child === undefined) return undefined
    children.push(child)
    at = child.next
  }
  return children
}

// OID prefixes of password-based encryption: PKCS#5 (PBES1/PBES2) and PKCS#12 PBE.
const PKCS5_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05]
const PKCS12_PBE_OID = [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01]

/**
 * A file that is exactly one DER private key: PKCS#8 (version, algorithm, key octets), PKCS#1 RSA
 * (nine or more integers), OpenSSL's DSA (six), SEC1 EC (version 1, key octets), or an encrypted
 * PKCS#8 (a PKCS#5/PKCS#12 password-based algorithm, octets). Certificates, public keys, signatures
 * and parameters have other shapes.
 */
export function derKeyFile(bytes: Uint8Array): KeyStructure | undefined {
  const outer = derTlv(bytes, 0, bytes.length)
  if (outer?.tag !== 0x30 || outer.next !== bytes.length) return undefined
  const children = derChildren(bytes, outer.body, outer.next)
  if (children === undefined || children.length < 2) return undefined
  const tags = children.map((child) => child.tag)
  const [first, second] = children as [{ tag: number; body: number; next: number }, { tag: number }]
  if (first.tag === 0x30 && second.tag === 0x04 && children.length === 2) {
    const algorithm = bytes.subarray(first.body, first.next)
    const oid = (prefix: number[]): boolean => prefix.every((byte, i) => algorithm[i] === byte)
    return oid(PKCS5_OID) || oid(PKCS12_PBE_OID) ? 'encrypted' : undefined
  }
  if (first.tag !== 0x02 || first.next - first.body !== 1) return undefined
  const version = bytes[first.body]
  if (version === 1 && second.tag === 0x04) return 'plain' // SEC1 (PKCS#8 v2 is 02 30 04 below)
  if (version !== 0 && version !== 1) return undefined
  if (second.tag === 0x30 && tags[2] === 0x04) return 'plain' // PKCS#8
  const integers = tags.filter((tag) => tag === 0x02).length
  if (version === 0 && integers === tags.length && (integers === 6 || integers === 9)) return 'plain'
  if (version === 1 && integers === 9 && tags.length === 10 && tags[9] === 0x30) return 'plain' // multi-prime RSA
  return undefined
}

/** A reader of SSH wire format (RFC 4251): uint32 and length-prefixed strings, never past the end. */
class Wire {
  at: number
  constructor(
    readonly bytes: Buffer,
    at = 0,
  ) {
    this.at = at
  }
  uint32(): number | undefined {
    if (this.at + 4 > this.bytes.length) return undefined
    const value = this.bytes.readUInt32BE(this.at)
    this.at += 4
    return value
  }
  string(): Buffer | undefined {
    const length = this.uint32()
    if (length === undefined || this.at + length > this.bytes.length) return undefined
    const value = this.bytes.subarray(this.at, this.at + length)
    this.at += length
    return value
  }
}

const OPENSSH_MAGIC = 'openssh-key-v1\0'

/** The `openssh-key-v1` container (PROTOCOL.key): cipher `none` means the key is in the clear. */
function opensshStructure(bytes: Buffer): KeyStructure | undefined {
  if (bytes.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC) return undefined
  const wire = new Wire(bytes, OPENSSH_MAGIC.length)
  const cipher = wire.string()?.toString('latin1')
  const kdf = wire.string()
  const kdfOptions = wire.string()
  const keys = wire.uint32()
  if (cipher === undefined || kdf === undefined || kdfOptions === undefined || keys === undefined)
    return undefined
  if (keys < 1 || keys > 64) return undefined
  for (let i = 0; i < keys; i++) if (wire.string() === undefined) return undefined
  const secret = wire.string()
  if (secret === undefined || secret.length < 8) return undefined
  if (cipher !== 'none') return 'encrypted'
  // Unencrypted: two equal check integers open the private section.
  return secret.readUInt32BE(0) === secret.readUInt32BE(4) ? 'plain' : undefined
}

// The SSH.com (SECSH) private key container's magic number.
const SSH2_MAGIC = 0x3f6ff9eb

/** The SSH.com private key container (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`): cipher `none` is clear. */
function ssh2Structure(bytes: Buffer): KeyStructure | undefined {
  const wire = new Wire(bytes)
  if (wire.uint32() !== SSH2_MAGIC) return undefined
  const total = wire.uint32()
  if (total === undefined || total > bytes.length) return undefined
  const type = wire.string()
  const cipher = wire.string()?.toString('latin1')
  if (type === undefined || cipher === undefined) return undefined
  return cipher === 'none' ? 'plain' : 'encrypted'
}

/** OpenPGP's CRC-24 (RFC 4880 §6.1) of the armored data. */
function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce
  for (const byte of bytes) {
    crc ^= byte << 16
    for (let i = 0; i < 8; i++) {
      crc <<= 1
      if (crc & 0x1000000) crc ^= 0x1864cfb
    }
  }
  return crc & 0xffffff
}

/** An armored OpenPGP block whose first packet is a secret key (tag 5) and whose CRC-24 matches. */
function pgpStructure(body: string, bytes: Buffer): KeyStructure | undefined {
  const first = bytes[0] ?? 0
  if ((first & 0x80) === 0) return undefined
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f
  if (tag !== 5) return undefined
  const crc = ARMOR_CRC.exec(body.replace(ESCAPED_BREAK, '\n'))?.[1]
  if (crc !== undefined && Buffer.from(crc, 'base64').readUIntBE(0, 3) !== crc24(bytes)) return undefined
  // Protected when every secret key packet says so in its S2K usage octet (gpg with a passphrase);
  // packets that do not read as expected count as in the clear.
  return pgpSecretKeys(bytes) ?? 'plain'
}

// The headers of a Cosmos SDK keyring export (`<chain>d keys export`): the passphrase's KDF and salt.
const COSMOS_KDF = /^[ \t]*kdf:[ \t]*(?:bcrypt|argon2)[ \t]*$/m
const COSMOS_SALT = /^[ \t]*salt:[ \t]*[0-9A-Fa-f]{16,128}[ \t]*$/m

/**
 * A Cosmos SDK keyring export (`TENDERMINT PRIVATE KEY`): the KDF and salt headers, then a 24-byte
 * nonce and the sealed key (a 16-byte tag over 32 bytes or more), under an OpenPGP armor CRC-24.
 * Always passphrase-protected: `keys export` asks for one.
 */
function cosmosArmorStructure(body: string, bytes: Buffer): KeyStructure | undefined {
  const text = body.replace(ESCAPED_BREAK, '\n')
  if (!COSMOS_KDF.test(text) || !COSMOS_SALT.test(text)) return undefined
  if (bytes.length < 24 + 16 + 32 || bytes.length > 24 + 16 + 160) return undefined
  const crc = ARMOR_CRC.exec(text)?.[1]
  if (crc !== undefined && Buffer.from(crc, 'base64').readUIntBE(0, 3) !== crc24(bytes)) return undefined
  return 'encrypted'
}

/**
 * Check a PEM-style block by its label: `plain` or `encrypted` when the body parses as that format,
 * undefined when it does not (a truncated, made-up or placeholder body).
 */
export function keyStructure(label: string, body: string): KeyStructure | undefined {
  const compact = keyBodyBase64(body)
  if (compact === undefined) return undefined
  const bytes = strictBase64(compact)
  if (bytes === undefined) return undefined
  switch (label) {
    case 'OPENSSH PRIVATE KEY':
      return opensshStructure(bytes)
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
    case 'DSA PRIVATE KEY':
      // Legacy OpenSSL encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info`): the body is ciphertext.
      if (/Proc-Type:[ \t]*4,[ \t]*ENCRYPTED/.test(body) && /DEK-Info:/.test(body))
        return bytes.length >= 32 && bytes.length % 8 === 0 ? 'encrypted' : undefined
      return derPrivateKey(bytes, label === 'EC PRIVATE KEY' ? 2 : 3) ? 'plain' : undefined
    case 'PRIVATE KEY':
      return derPrivateKey(bytes, 3) ? 'plain' : undefined
    case 'ED25519 PRIVATE KEY':
      return ed25519Pkcs8(bytes) ? 'plain' : undefined
    case 'ENCRYPTED PRIVATE KEY':
      return derEncryptedPkcs8(bytes) ? 'encrypted' : undefined
    case 'SSH2 ENCRYPTED PRIVATE KEY':
      return ssh2Structure(bytes)
    case 'PGP PRIVATE KEY BLOCK':
      return pgpStructure(body, bytes)
    case 'TENDERMINT PRIVATE KEY':
      return cosmosArmorStructure(body, bytes)
    default:
      return undefined
  }
}

// A key block as the PEM rules report it: BEGIN line (5 dashes, or SSH.com's 4 and a space), body, END.
const KEY_BLOCK = /^(-----|---- )BEGIN ([A-Z0-9 ]{1,40}?)(?:-----| ----)/i

/**
 * True when a key the rule `ruleId` reported (`secret`, as the rule found it) is protected by a
 * passphrase: its body parses as an encrypted key (OpenSSH with a cipher, legacy `Proc-Type`
 * encryption, encrypted PKCS#8, SSH.com with a cipher, PuTTY's encrypted private lines, OpenPGP
 * secret keys whose every key packet is protected, Cosmos keyring exports). Still a
 * finding (offline guessing, and the key must be replaced), at a lower severity.
 */
export function passphraseProtected(ruleId: string, secret: string): boolean {
  if (ruleId === 'putty-private-key') return !puttyPrivateOk(secret, false) && puttyPrivateOk(secret, true)
  if (ruleId === 'private-key-openssh-bare')
    return keyStructure('OPENSSH PRIVATE KEY', secret) === 'encrypted'
  if (ruleId === 'private-key-binary') return derKeyFile(Buffer.from(secret, 'base64')) === 'encrypted'
  if (!ruleId.startsWith('private-key-')) return false
  const begin = KEY_BLOCK.exec(secret)
  if (begin === null) return false
  const [line, dashes = '', anyCaseLabel = ''] = begin
  const label = anyCaseLabel.toUpperCase()
  // Its END line (absent when the rule read a block whose END was left out), in any letter case.
  const end = secret.slice(line.length).search(new RegExp(`${dashes.trim()} ?END ${label}`, 'i'))
  const body = secret.slice(line.length, end < 0 ? undefined : line.length + end)
  // A block commented out line by line (`# `, `// `) carries the mark on every body line.
  // (the END line's prefix, or the first body line's when there is no END).
  const markedLine = end < 0 ? (body.split('\n')[1] ?? '') : body.slice(body.lastIndexOf('\n') + 1)
  const mark = COMMENT_MARK.exec(markedLine)?.[1]?.trim()
  const structure =
    keyStructure(label, body) ??
    (mark === undefined ? undefined : keyStructure(label, unmarkedBody(body, mark)))
  return structure === 'encrypted'
}

/**
 * A PuTTY private blob (`Private-Lines`): SSH-wire mpints/strings that fill the blob (up to cipher
 * padding), or, encrypted, a whole number of AES blocks. `encrypted` is the file's `Encryption` value.
 */
export function puttyPrivateOk(base64Lines: string, encrypted: boolean): boolean {
  const compact = keyBodyBase64(base64Lines)
  const bytes = compact === undefined ? undefined : strictBase64(compact)
  // A DSA key's blob is its one mpint x: 4 + 20 or 21 bytes, fewer when x opens with zero bytes
  // (one key in 256 has a 19-byte x; 16 bytes or fewer is one in 2^32). AES-padded to 32 when encrypted.
  if (bytes === undefined || bytes.length < (encrypted ? 32 : 20)) return false
  if (encrypted) return bytes.length % 16 === 0
  const wire = new Wire(bytes)
  while (wire.at < bytes.length) if (wire.string() === undefined) return false
  return true
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'

/** True when `text` (`hrp1data`, any single case) carries a valid bech32 checksum (BIP 173). */
export function bech32ChecksumOk(text: string): boolean {
  const lower = text.toLowerCase()
  const separator = lower.lastIndexOf('1')
  if (separator < 1 || lower.length - separator < 7) return false
  const values: number[] = []
  for (let i = 0; i < separator; i++) values.push(lower.charCodeAt(i) >> 5)
  values.push(0)
  for (let i = 0; i < separator; i++) values.push(lower.charCodeAt(i) & 31)
  for (let i = separator + 1; i < lower.length; i++) {
    const value = BECH32.indexOf(lower.charAt(i))
    if (value < 0) return false
    values.push(value)
  }
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
  let chk = 1
  for (const value of values) {
    const top = chk >>> 25
    chk = ((chk & 0x1ffffff) << 5) ^ value
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i] ?? 0
  }
  return chk === 1
}
