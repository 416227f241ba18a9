/**
 * Blockchain signing keys told by their structure: a Stellar secret seed (`S…`, a node's
 * `NODE_SEED`, an account's secret) is told from any 56 capitals by its version byte and CRC16, so
 * it is found under any name or none (`nodeSeed:`, `Secret seed:` in a tool's sample output); a
 * Tendermint/CometBFT key file's `priv_key` (validator and node keys) by its type and length, an
 * Ed25519 one by its public half matching its seed; a 64-hex key printed after a `Private key` label
 * (Ethereum wallet generators, geth accounts).
 */
import { nodeCrypto } from '../../core/node-crypto.js'
import { isPlaceholder } from '../placeholder.js'
import { shannonEntropy } from '../entropy.js'
import { provider } from './define.js'
import { wordRun } from './word-runs.js'
import type { RawMatch, Rule } from './types.js'

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

// `priv_validator_key.json` / `node_key.json` as Amino JSON writes them (Tendermint ≥ 0.26, CometBFT):
// `"priv_key": {"type": "tendermint/PrivKeyEd25519", "value": "<base64>"}`, on one line or indented.
const S = '[ \\t\\r\\n]{0,40}'
const AMINO_KEY = new RegExp(
  `"priv_key"${S}:${S}\\{${S}"type"${S}:${S}"(?:tendermint|cometbft)/PrivKey(Ed25519|Secp256k1)"${S},${S}"value"${S}:${S}"([A-Za-z0-9+/]{40,100}={0,2})"`,
  'g',
)
// The go-wire JSON of Tendermint < 0.26 (Burrow): `"priv_key": [1, "<hex>"]`, type 1 Ed25519, 2 secp256k1.
const WIRE_KEY = new RegExp(`"priv_key"${S}:${S}\\[${S}([12])${S},${S}"([0-9A-Fa-f]{64,128})"${S}\\]`, 'g')
/**
 * True when 64 bytes are an Ed25519 key as Go's crypto/ed25519 writes it: the seed, then its public key.
 * The seed goes in as a JWK (OpenSSL's raw-key path: 0.15 ms; PKCS#8 DER goes through its decoders,
 * 1.7 ms a key), and the public key is derived from it: `x` is left empty, never trusted.
 */
export function ed25519KeyPair(bytes: Buffer): boolean {
  if (bytes.length !== 64) return false
  try {
    const { createPrivateKey, createPublicKey } = nodeCrypto()
    const d = bytes.subarray(0, 32).toString('base64url')
    const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x: '' }, format: 'jwk' })
    return createPublicKey(key).export({ format: 'jwk' }).x === bytes.subarray(32).toString('base64url')
  } catch {
    return false
  }
}

/** True when `bytes` are a Tendermint private key of `type`: an Ed25519 pair, or 32 bytes of secp256k1 not all alike. */
function tendermintKeyOk(type: string, bytes: Buffer): boolean {
  if (type === 'Ed25519') return ed25519KeyPair(bytes)
  return bytes.length === 32 && bytes.some((byte) => byte !== bytes[0])
}

/** The private keys of Tendermint/CometBFT key files in `text` (Amino JSON and the older go-wire JSON). */
export function* tendermintPrivateKeys(text: string): Generator<RawMatch> {
  for (const match of text.matchAll(AMINO_KEY)) {
    const [whole, type = '', value = ''] = match
    if (!tendermintKeyOk(type, Buffer.from(value, 'base64'))) continue
    const start = match.index + whole.lastIndexOf(value)
    yield { start, end: start + value.length, secret: value }
  }
  for (const match of text.matchAll(WIRE_KEY)) {
    const [whole, type = '', value = ''] = match
    if (!tendermintKeyOk(type === '1' ? 'Ed25519' : 'Secp256k1', Buffer.from(value, 'hex'))) continue
    const start = match.index + whole.lastIndexOf(value)
    yield { start, end: start + value.length, secret: value }
  }
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
      // A match is a whole run of 56 word characters (see word-runs.ts).
      search: wordRun(56, 56),
    },
  ),
  {
    id: 'tendermint-private-key',
    title: 'Tendermint/CometBFT private key',
    severity: 'high',
    description:
      'The private key of a Tendermint or CometBFT key file (`priv_validator_key.json`, `node_key.json`): whoever holds a validator key signs blocks as the validator (and can get it slashed for double-signing).',
    remediation:
      'Generate a new key (`cometbft gen-validator` / `init`), move the validator to it, and keep key files out of the repository (a protected Secret: `gitseal seal`, `gitseal encrypt`).',
    keywords: ['"priv_key"'],
    find: tendermintPrivateKeys,
    kind: 'provider',
  },
  provider(
    'labelled-hex-private-key',
    'Private key in hex after a private-key label',
    ['private'],
    // `Private key: 0x…` (a wallet generator's output), `privateKey` = `…` (a README's table); the words
    // between may not say the hex is something else (a fingerprint, a hash, the public key).
    /(?<![A-Za-z])private[ _.-]?key(?:(?!fingerprint|hash|sha|digest|public|checksum)[^\n]){0,40}?(?<![0-9A-Za-z])(?:0x)?([0-9A-Fa-f]{64})(?![0-9A-Za-z])/i,
    {
      description:
        'A 64-hex-digit private key (an Ethereum/secp256k1 account key, an Ed25519 seed) printed after a private-key label: whoever holds it signs as the account.',
      validate: (secret) => shannonEntropy(secret) >= 3 && !isPlaceholder(secret),
    },
  ),
]
