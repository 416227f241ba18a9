/**
 * Whether the secret keys of an OpenPGP packet stream (RFC 9580 §5.5.3, RFC 4880 §5.5.3) are in the
 * clear: each Secret-Key and Secret-Subkey packet says so in its S2K usage octet, after the public
 * key material. `gpg --export-secret-keys` with a passphrase writes every key protected; without one,
 * in the clear. Only lengths are read (no crypto): the walk is linear in the bytes.
 */

/** Packet tags of secret key material. */
const SECRET_KEY = 5
const SECRET_SUBKEY = 7

/** Public MPIs per public-key algorithm (v3/v4 keys): RSA, Elgamal, DSA. */
const MPIS: Readonly<Record<number, number>> = { 1: 2, 2: 2, 3: 2, 16: 3, 17: 4, 20: 3 }
/** Octets of the public key of the fixed-size algorithms of RFC 9580: X25519, X448, Ed25519, Ed448. */
const FIXED: Readonly<Record<number, number>> = { 25: 32, 26: 56, 27: 32, 28: 57 }

/** One packet: its tag and where its body lies (`end` may pass the data's end when it was cut short). */
interface Packet {
  tag: number
  body: number
  end: number
}

/** The packet whose header starts at `at`; undefined when the header is not one (or a partial length). */
function packetAt(bytes: Uint8Array, at: number): Packet | undefined {
  const first = bytes[at] ?? 0
  if ((first & 0x80) === 0 || at + 2 > bytes.length) return undefined
  if (first & 0x40) {
    const tag = first & 0x3f
    const l1 = bytes[at + 1] ?? 0
    if (l1 < 192) return { tag, body: at + 2, end: at + 2 + l1 }
    if (l1 < 224) return { tag, body: at + 3, end: at + 3 + ((l1 - 192) << 8) + (bytes[at + 2] ?? 0) + 192 }
    if (l1 === 255) {
      const length =
        (bytes[at + 2] ?? 0) * 2 ** 24 +
        (((bytes[at + 3] ?? 0) << 16) | ((bytes[at + 4] ?? 0) << 8) | (bytes[at + 5] ?? 0))
      return { tag, body: at + 6, end: at + 6 + length }
    }
    return undefined // a partial body length: never used for keys
  }
  const tag = (first >> 2) & 0x0f
  const type = first & 3
  if (type === 3) return { tag, body: at + 1, end: bytes.length }
  const size = 1 << type // 1, 2 or 4 length octets
  let length = 0
  for (let i = 0; i < size; i++) length = length * 256 + (bytes[at + 1 + i] ?? 0)
  return { tag, body: at + 1 + size, end: at + 1 + size + length }
}

/** The offset after the MPI at `at` (a 2-octet bit count, then its octets). */
function skipMpi(bytes: Uint8Array, at: number): number {
  const bits = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
  return at + 2 + Math.ceil(bits / 8)
}

/** The offset after a one-octet-length field (a curve OID, ECDH's KDF parameters). */
function skipShort(bytes: Uint8Array, at: number): number {
  return at + 1 + (bytes[at] ?? 0)
}

/** Where the S2K usage octet of the secret key packet with body at `body` lies; undefined for an algorithm not known. */
function usageOffset(bytes: Uint8Array, body: number): number | undefined {
  const version = bytes[body] ?? 0
  // v5 (LibrePGP) and v6 (RFC 9580) give the public key material's length.
  if (version === 5 || version === 6) {
    const length =
      (bytes[body + 6] ?? 0) * 2 ** 24 +
      (((bytes[body + 7] ?? 0) << 16) | ((bytes[body + 8] ?? 0) << 8) | (bytes[body + 9] ?? 0))
    return body + 10 + length
  }
  // v4: version, creation time, algorithm; v3 has a 2-octet validity period before the algorithm.
  if (version !== 3 && version !== 4) return undefined
  let at = body + (version === 3 ? 8 : 6)
  const algorithm = bytes[at - 1] ?? 0
  const mpis = MPIS[algorithm]
  const fixed = FIXED[algorithm]
  if (mpis !== undefined) for (let i = 0; i < mpis; i++) at = skipMpi(bytes, at)
  else if (fixed !== undefined) at += fixed
  else if (algorithm === 19 || algorithm === 22)
    at = skipMpi(bytes, skipShort(bytes, at)) // ECDSA, EdDSA: OID, point
  else if (algorithm === 18)
    at = skipShort(bytes, skipMpi(bytes, skipShort(bytes, at))) // ECDH: OID, point, KDF
  else return undefined
  return at
}

/**
 * `encrypted` when every secret key packet in `bytes` is protected (a passphrase, or a stub whose
 * key lives elsewhere), `plain` when one is in the clear; undefined when the packets do not read as
 * expected (the caller then treats the key as in the clear).
 */
export function pgpSecretKeys(bytes: Uint8Array): 'plain' | 'encrypted' | undefined {
  let protectedKeys = 0
  for (let at = 0; at < bytes.length;) {
    const packet = packetAt(bytes, at)
    if (packet === undefined) return undefined
    if (packet.tag === SECRET_KEY || packet.tag === SECRET_SUBKEY) {
      const usage = usageOffset(bytes, packet.body)
      if (usage === undefined || usage >= Math.min(packet.end, bytes.length)) return undefined
      // 0: the key's secret material follows in the clear; anything else names how it is protected.
      if (bytes[usage] === 0) return 'plain'
      protectedKeys++
    }
    at = packet.end
  }
  return protectedKeys > 0 ? 'encrypted' : undefined
}
