/**
 * Cryptocurrency wallet keys told by their structure, under any name or none: a Bitcoin private key
 * in Wallet Import Format and a BIP 32 extended private key (Base58Check: version bytes, payload,
 * then the first four bytes of the payload's double SHA-256), and a Solana keypair file (the JSON
 * array of 64 bytes `solana-keygen new` writes: an Ed25519 seed, then its public key).
 */
import { nodeCrypto } from '../../core/node-crypto.js'
import { ed25519KeyPair } from './chain-keys.js'
import { provider } from './define.js'
import { wordRun } from './word-runs.js'
import type { RawMatch, Rule } from './types.js'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

// Each character's digit, -1 for the characters Base58 leaves out (`0`, `O`, `I`, `l`) and all others.
const DIGITS = new Int8Array(128).fill(-1)
for (let i = 0; i < BASE58.length; i++) DIGITS[BASE58.charCodeAt(i)] = i

/**
 * Base58 (Bitcoin's alphabet) to bytes; undefined for another character. Quadratic, for short
 * strings; four characters are taken at a time (58⁴ < 2²⁴, so a byte times it plus a carry stays
 * below 2³²), a quarter of the passes over the bytes.
 */
export function base58(text: string): Buffer | undefined {
  // log(58) / log(256) ≈ 0.733 bytes a character: room for the value, little-endian while it grows.
  const bytes = new Uint8Array(Math.ceil(text.length * 0.733) + 1)
  let used = 0
  for (let c = 0; c < text.length; c += 4) {
    let value = 0
    let scale = 1
    for (let k = c; k < Math.min(c + 4, text.length); k++) {
      const code = text.charCodeAt(k)
      const digit = code < 128 ? (DIGITS[code] ?? -1) : -1
      if (digit < 0) return undefined
      value = value * 58 + digit
      scale *= 58
    }
    let carry = value
    for (let i = 0; i < used; i++) {
      carry += (bytes[i] ?? 0) * scale
      bytes[i] = carry & 0xff
      carry = Math.floor(carry / 256)
    }
    for (; carry > 0; carry = Math.floor(carry / 256)) bytes[used++] = carry & 0xff
  }
  let zeros = 0
  while (text.charCodeAt(zeros) === 49) zeros++ // each leading `1` is a zero byte
  const out = Buffer.alloc(zeros + used)
  for (let i = 0; i < used; i++) out[zeros + i] = bytes[used - 1 - i] ?? 0
  return out
}

/** The payload and checksum of a Base58 string of at least five bytes. */
function base58Parts(text: string): { payload: Buffer; checksum: Buffer } | undefined {
  const bytes = base58(text)
  if (bytes === undefined || bytes.length < 5) return undefined
  return { payload: bytes.subarray(0, bytes.length - 4), checksum: bytes.subarray(bytes.length - 4) }
}

/** True when `checksum` is the first four bytes of the payload's double SHA-256 (asked last: it costs most). */
function checksumOk(payload: Buffer, checksum: Buffer): boolean {
  const sha256 = (data: Uint8Array): Buffer => nodeCrypto().createHash('sha256').update(data).digest()
  return sha256(sha256(payload)).subarray(0, 4).equals(checksum)
}

/**
 * True when 32 key bytes are drawn at random: 12 or more distinct byte values (a random key has
 * about 30). A small number (`1`, the first keys of tutorials and tests) or a pattern has fewer.
 */
function randomKey(key: Uint8Array): boolean {
  return new Set(key).size >= 12
}

/**
 * True when `secret` is a private key in Wallet Import Format: version 0x80 (mainnet) or 0xef
 * (testnet), the 32-byte key, a 0x01 when its public key is compressed, and the checksum.
 */
export function wifOk(secret: string): boolean {
  const parts = base58Parts(secret)
  if (parts === undefined) return false
  const { payload, checksum } = parts
  if (payload[0] !== 0x80 && payload[0] !== 0xef) return false
  if (payload.length !== 33 && !(payload.length === 34 && payload[33] === 0x01)) return false
  return randomKey(payload.subarray(1, 33)) && checksumOk(payload, checksum)
}

// BIP 32 version bytes of extended private keys, by prefix: xprv/tprv, and the BIP 49/84 (SegWit)
// ypub/zpub family's private kin (yprv/zprv, uprv/vprv on testnet).
const EXTENDED_VERSIONS: Readonly<Record<string, number>> = {
  xprv: 0x0488ade4,
  tprv: 0x04358394,
  yprv: 0x049d7878,
  zprv: 0x04b2430c,
  uprv: 0x044a4e28,
  vprv: 0x045f18bc,
}

/**
 * True when `secret` is a BIP 32 extended private key: 78 bytes (version, depth, parent
 * fingerprint, child number, chain code, a zero then the 32-byte key) and the checksum.
 */
export function extendedKeyOk(secret: string): boolean {
  const parts = base58Parts(secret)
  if (parts === undefined) return false
  const { payload, checksum } = parts
  if (payload.length !== 78 || payload.readUInt32BE(0) !== EXTENDED_VERSIONS[secret.slice(0, 4)]) return false
  return payload[45] === 0 && randomKey(payload.subarray(46)) && checksumOk(payload, checksum)
}

// A keypair file as `solana-keygen` writes it (`[12,34,…]`, 64 numbers), spaced or wrapped as
// other tools and formatters write it. Bounded; an attempt reads up to its first miss.
export const NUMBER_LIST =
  /\[[ \t\r\n]{0,16}((?:\d{1,3}[ \t\r\n]{0,16},[ \t\r\n]{0,16}){63}\d{1,3})[ \t\r\n]{0,16},?[ \t\r\n]{0,16}\]/g

/** Lists of 64 numbers checked per file: a keypair file holds one, a wallet's config a few. */
const SOLANA_MAX_CHECKED = 32

const NUMBER_LIST_AT = new RegExp(NUMBER_LIST.source, 'y')

// A run of `[`: only its last can open a list.
const BRACKETS = /\[+/y

/**
 * The matches of NUMBER_LIST in `text`, in order: the sticky regex at each `[` that `indexOf`
 * finds, resuming past a match as the global regex does (which looked for the `[` itself at
 * every position: 2–5 % of a scan of argo-cd and headscale, against under 1 % so). A `[` opens a
 * list only before a digit or a blank: others are passed by a character test, and a run of `[`
 * (256 KiB of `[[[…` took 25 ms, a regex and a step per bracket) in one native step.
 */
function* numberLists(text: string): Generator<RegExpExecArray> {
  for (let at = text.indexOf('['); at >= 0;) {
    let next = text.charCodeAt(at + 1)
    if (next === 91) {
      BRACKETS.lastIndex = at
      BRACKETS.test(text)
      at = BRACKETS.lastIndex - 1
      next = text.charCodeAt(at + 1)
    }
    if (!((next >= 48 && next <= 57) || next === 32 || next === 9 || next === 10 || next === 13)) {
      at = text.indexOf('[', at + 1)
      continue
    }
    NUMBER_LIST_AT.lastIndex = at
    const match = NUMBER_LIST_AT.exec(text)
    if (match === null) {
      at = text.indexOf('[', at + 1)
      continue
    }
    yield match
    at = text.indexOf('[', at + match[0].length)
  }
}

/** Every list of 64 numbers up to 255 in `text`: a Solana keypair's shape, checked by {@link solanaKeypairOk}. */
export function* solanaKeypairs(text: string): Generator<RawMatch> {
  for (const match of numberLists(text)) {
    const list = match[1] ?? ''
    if (list.split(',').some((item) => Number(item.trim()) > 255)) continue
    const start = match.index + match[0].indexOf(list)
    yield { start, end: start + list.length, secret: list }
  }
}

/** True when a list of 64 numbers is a Solana keypair: its second half is the Ed25519 public key of its first. */
export function solanaKeypairOk(list: string): boolean {
  return ed25519KeyPair(Buffer.from(list.split(',').map((item) => Number(item.trim()))))
}

/** True when `text` (a decoded Secret value) holds a Solana keypair: reported whatever its shape says. */
export function holdsWalletKey(text: string): boolean {
  if (!text.includes('[')) return false
  let checked = 0
  for (const { secret } of solanaKeypairs(text)) {
    if (solanaKeypairOk(secret)) return true
    if (++checked >= SOLANA_MAX_CHECKED) return false
  }
  return false
}

const B58 = '[1-9A-HJ-NP-Za-km-z]'

/** Wallet key rules. */
export const WALLET_KEY_RULES: readonly Rule[] = [
  provider(
    'bitcoin-wif-private-key',
    'Bitcoin private key (WIF)',
    // The version byte fixes the first two characters: 5H–5K, Kw–L5 (mainnet), 91–93, cM–cW (testnet).
    ['5h', '5j', '5k', 'kw', 'kx', 'ky', 'kz', 'l1', 'l2', 'l3', 'l4', 'l5', '91', '92', '93'].concat([
      'cm',
      'cn',
      'cp',
      'cq',
      'cr',
      'cs',
      'ct',
      'cu',
      'cv',
      'cw',
    ]),
    new RegExp(
      `(?<secret>[5KL9c](?<![A-Za-z0-9_][5KL9c])(?:(?<=5)[HJK]${B58}{49}|(?<=9)[1-3]${B58}{49}|(?<=[KL])[1-9A-HJ-NP-Za-km-z]${B58}{50}|(?<=c)[M-W]${B58}{50}))(?![A-Za-z0-9_])`,
    ),
    {
      description:
        'A Bitcoin (or Bitcoin-derived coin) private key in Wallet Import Format, told by its version byte and checksum: whoever holds it spends what the address holds.',
      remediation:
        'Move the funds to an address of a new key at once, and keep wallet keys out of the repository (a protected Secret: `gitseal seal`, `gitseal encrypt`).',
      validate: wifOk,
      verified: wifOk,
      // A match is a whole run of word characters, 51 or 52 long (see word-runs.ts).
      search: wordRun(51, 52),
    },
  ),
  provider(
    'bip32-extended-private-key',
    'BIP 32 extended private key',
    Object.keys(EXTENDED_VERSIONS),
    new RegExp(`(?<![A-Za-z0-9_])(?<secret>[xtyzuv]prv${B58}{107})(?![A-Za-z0-9_])`),
    {
      description:
        'A BIP 32 extended private key (`xprv…`), told by its version bytes and checksum: it derives every key of the wallet below it.',
      remediation:
        'Move the funds to a wallet with a new seed, and keep wallet keys out of the repository (a protected Secret: `gitseal seal`, `gitseal encrypt`).',
      validate: extendedKeyOk,
      verified: extendedKeyOk,
    },
  ),
  {
    id: 'solana-keypair',
    title: 'Solana keypair',
    severity: 'high',
    description:
      'A Solana keypair as `solana-keygen` writes it (a JSON array of 64 bytes), told by its second half being the Ed25519 public key of the first: whoever holds it signs as the account.',
    remediation:
      'Move the funds or authority to a new keypair (`solana-keygen new`), and keep keypair files out of the repository (a protected Secret: `gitseal seal`, `gitseal encrypt`).',
    keywords: ['['],
    find: solanaKeypairs,
    validate: solanaKeypairOk,
    // Each check derives a public key (0.15 ms): a file of crafted lists stops here, scan-incomplete.
    maxChecked: SOLANA_MAX_CHECKED,
    kind: 'provider',
  },
]
