/**
 * Blockchain signing keys whose encoding carries a checksum: a Stellar secret seed (`S…`, a node's
 * `NODE_SEED`, an account's secret) is told from any 56 capitals by its version byte and CRC16, so
 * it is found under any name or none (`nodeSeed:`, `Secret seed:` in a tool's sample output).
 */
import { provider } from './define.js'
import type { Rule } from './types.js'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
// Stellar's strkey (SEP-23): version byte, payload, CRC16-XModem of both, little-endian. A secret
// seed's version byte is 18 << 3 (`S`), its payload the 32-byte Ed25519 seed: 35 bytes, 56 characters.
const SEED_VERSION = 18 << 3
const SEED_BYTES = 35

/** RFC 4648 base32 without padding; undefined for another character. */
function base32(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(Math.floor((text.length * 5) / 8))
  let bits = 0
  let value = 0
  let at = 0
  for (const char of text) {
    const digit = BASE32.indexOf(char)
    if (digit < 0) return undefined
    value = ((value << 5) | digit) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes[at++] = (value >> bits) & 0xff
    }
  }
  return bytes
}

/** CRC16-XModem (polynomial 0x1021, initial value 0). */
function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

/** True when `seed` is a Stellar secret seed: its version byte, and the CRC16 it ends with. */
export function stellarSeedOk(seed: string): boolean {
  const bytes = base32(seed)
  if (bytes?.length !== SEED_BYTES || bytes[0] !== SEED_VERSION) return false
  const body = bytes.subarray(0, SEED_BYTES - 2)
  const crc = (bytes[SEED_BYTES - 2] ?? 0) | ((bytes[SEED_BYTES - 1] ?? 0) << 8)
  const seedBytes = body.subarray(1)
  return crc === crc16Xmodem(body) && seedBytes.some((byte) => byte !== seedBytes[0])
}

/** Checksummed blockchain key rules. */
export const CHAIN_KEY_RULES: readonly Rule[] = [
  provider(
    'stellar-secret-seed',
    'Stellar secret seed',
    // No name to look for: the version byte makes every seed open `SA`–`SD`.
    ['sa', 'sb', 'sc', 'sd'],
    // The boundary is looked behind the `S`: tried only where an `S` stands (twice as fast as before it).
    /(?<secret>S(?<![A-Za-z0-9_]S)[A-D][A-Z2-7]{54})(?![A-Za-z0-9_])/,
    {
      description:
        'A Stellar secret seed (an account or validator node signing key), told by its version byte and CRC16 checksum: whoever holds it signs as that account or node.',
      remediation:
        'Move the funds or node identity to a new keypair (`stellar-core gen-seed`, a wallet), and deliver the seed as a protected Secret (`gitseal seal`, `gitseal encrypt`) instead of a default value.',
      validate: stellarSeedOk,
      verified: stellarSeedOk,
    },
  ),
]
