/**
 * Recall on wallet keys told by their structure (issue 16, deliver 5): Bitcoin private keys in
 * Wallet Import Format and BIP 32 extended private keys (Base58Check, made here with Node's crypto:
 * the format is only math, and no Debian package makes them), and Solana keypair files (Ed25519
 * keys from Node's crypto, written as `solana-keygen new` writes them). Dozens of each, in the
 * wrappers users keep them in; broken checksums and mismatched halves are left alone.
 */
import { execFileSync } from 'node:child_process'
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { base58 } from '../../src/scan/rules/wallet-keys.js'

const detector = createDetector()
const lines = (path: string, text: string): number[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.line)
const rules = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Base58 of `bytes`, written independently of the scanner's decoder (BigInt). */
function encode58(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`)
  let text = ''
  while (n > 0n) {
    text = ALPHABET.charAt(Number(n % 58n)) + text
    n /= 58n
  }
  for (const byte of bytes) {
    if (byte !== 0) break
    text = `1${text}`
  }
  return text
}

const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest()
const check58 = (payload: Buffer): string =>
  encode58(Buffer.concat([payload, sha256(sha256(payload)).subarray(0, 4)]))

/** A WIF key: mainnet (0x80) or testnet (0xef), compressed or not. */
const wif = (version: number, compressed: boolean): string =>
  check58(Buffer.concat([Buffer.from([version]), randomBytes(32), Buffer.from(compressed ? [1] : [])]))

/** A BIP 32 extended private key of `version` at some depth of a wallet. */
const extended = (version: number): string =>
  check58(
    Buffer.concat([
      Buffer.from(version.toString(16).padStart(8, '0'), 'hex'),
      Buffer.from([3]), // depth
      randomBytes(8), // parent fingerprint and child number
      randomBytes(32), // chain code
      Buffer.from([0]),
      randomBytes(32), // the key
    ]),
  )

/** A Solana keypair's 64 bytes: the Ed25519 seed, then its public key. */
function solanaKeypair(): number[] {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  })
  return [...privateKey.subarray(-32), ...publicKey.subarray(-32)]
}

const b64 = (text: string): string => Buffer.from(text).toString('base64')
const secret = (body: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: wallet\ntype: Opaque\n${body}`

/** The files a one-line key lives in, with the line it is on. */
function wrappers(key: string): [string, string, number][] {
  return [
    ['keys/wallet.key', `${key}\n`, 1],
    ['k8s/secret.yaml', secret(`stringData:\n  privateKey: ${key}\n`), 7],
    ['k8s/secret-block.yaml', secret(`stringData:\n  wallet.txt: |\n    ${key}\n`), 8],
    ['k8s/secret-data.yaml', secret(`data:\n  key: ${b64(key)}\n`), 7],
    ['config/wallet.json', JSON.stringify({ network: 'main', signer: { wif: key } }, null, 2), 4],
    ['.env', `NETWORK=main\nSIGNER=${key}\n`, 2],
    ['src/pay.ts', `import { sign } from './sign'\n\nconst signer = '${key}'\n`, 3],
    ['tests/test_wallet.py', `def test_sign():\n    key = Key("${key}")\n`, 2],
    ['docs/README.md', `Import the key:\n\n\`\`\`sh\nbitcoin-cli importprivkey ${key}\n\`\`\`\n`, 4],
  ]
}

describe('Bitcoin keys in Wallet Import Format and BIP 32 extended private keys', () => {
  it('finds dozens of fresh keys of every version in every wrapper', () => {
    const keys = [
      ...Array.from({ length: 12 }, () => wif(0x80, true)),
      ...Array.from({ length: 12 }, () => wif(0x80, false)),
      ...Array.from({ length: 6 }, () => wif(0xef, true)),
      ...Array.from({ length: 6 }, () => wif(0xef, false)),
      ...[0x0488ade4, 0x04358394, 0x049d7878, 0x04b2430c, 0x044a4e28, 0x045f18bc].flatMap((version) =>
        Array.from({ length: 4 }, () => extended(version)),
      ),
    ]
    const missed: string[] = []
    for (const key of keys)
      for (const [path, text, line] of wrappers(key))
        if (!lines(path, text).includes(line)) missed.push(`${key.slice(0, 4)}… in ${path}`)
    expect(missed).toEqual([])
    // Told by their own rules where they stand alone.
    expect(rules('wallet.key', `${wif(0x80, true)}\n`)).toEqual(['bitcoin-wif-private-key'])
    expect(rules('wallet.key', `${extended(0x0488ade4)}\n`)).toEqual(['bip32-extended-private-key'])
  })

  it('reads Base58 as Bitcoin does, leading `1`s as zero bytes', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Buffer.concat([Buffer.alloc(i % 3, 0), randomBytes(1 + (i % 40))])
      expect(base58(encode58(bytes))?.equals(bytes)).toBe(true)
    }
    expect(base58('0OIl')).toBeUndefined()
  })

  it('leaves a broken checksum, a small key, a public key and an address alone', () => {
    const key = wif(0x80, true)
    const flipped = key.slice(0, 20) + (key.charAt(20) === 'a' ? 'b' : 'a') + key.slice(21)
    expect(lines('wallet.key', `${flipped}\n`)).toEqual([])
    const xprv = extended(0x0488ade4)
    expect(
      lines('wallet.key', `${xprv.slice(0, 60)}${xprv.charAt(60) === 'a' ? 'b' : 'a'}${xprv.slice(61)}\n`),
    ).toEqual([])
    // Key 1 (the first key of every tutorial) and an extended public key.
    const one = check58(Buffer.concat([Buffer.from([0x80]), Buffer.alloc(31, 0), Buffer.from([1, 1])]))
    expect(lines('wallet.key', `${one}\n`)).toEqual([])
    const xpub = check58(
      Buffer.concat([Buffer.from('0488b21e', 'hex'), randomBytes(41), Buffer.from([2]), randomBytes(32)]),
    )
    expect(lines('wallet.key', `${xpub}\n`)).toEqual([])
    // A P2PKH address: version 0, 20 bytes.
    expect(lines('wallet.key', `${check58(Buffer.concat([Buffer.from([0]), randomBytes(20)]))}\n`)).toEqual(
      [],
    )
  })
})

describe('Solana keypair files', () => {
  it('finds dozens of fresh keypairs as solana-keygen writes them, in every wrapper', () => {
    const missed: string[] = []
    for (let i = 0; i < 30; i++) {
      const pair = solanaKeypair()
      const compact = JSON.stringify(pair)
      const files: [string, string, number][] = [
        ['keys/id.json', compact, 1],
        // Pretty-printed, one number a line: reported where the numbers start.
        ['keys/validator-keypair.json', `${JSON.stringify(pair, null, 2)}\n`, 2],
        ['k8s/secret.yaml', secret(`stringData:\n  id.json: |\n    ${compact}\n`), 8],
        ['k8s/secret-inline.yaml', secret(`stringData:\n  id.json: '${compact}'\n`), 7],
        ['k8s/secret-data.yaml', secret(`data:\n  id.json: ${b64(compact)}\n`), 7],
        ['config/app.json', JSON.stringify({ rpc: 'https://api.devnet.solana.com', payer: pair }), 1],
        ['.env', `RPC=https://api.devnet.solana.com\nPAYER_KEYPAIR=${compact}\n`, 2],
        [
          'src/payer.ts',
          `export const payer = Keypair.fromSecretKey(\n  Uint8Array.from(${compact.replaceAll(',', ', ')}),\n)\n`,
          2,
        ],
        ['src/main.rs', `let bytes: [u8; 64] = [${pair.join(', ')}];\n`, 1],
      ]
      for (const [path, text, line] of files)
        if (!lines(path, text).includes(line)) missed.push(`keypair ${i} in ${path}`)
    }
    expect(missed).toEqual([])
    expect(rules('id.json', JSON.stringify(solanaKeypair()))).toEqual(['solana-keypair'])
  })

  it('leaves mismatched halves, other byte arrays and public keys alone', () => {
    const pair = solanaKeypair()
    const other = solanaKeypair()
    expect(lines('id.json', JSON.stringify([...pair.slice(0, 32), ...other.slice(32)]))).toEqual([])
    expect(lines('bytes.json', JSON.stringify([...randomBytes(64)]))).toEqual([])
    expect(lines('pubkey.json', JSON.stringify(pair.slice(32)))).toEqual([])
    expect(lines('id.json', JSON.stringify([...pair.slice(0, 63), 256]))).toEqual([])
  })
})

/**
 * The `=XXXX` CRC-24 line (RFC 4880 §6.1) of an armor over `bytes`, as GnuPG writes it: taken from the
 * real tool rather than a copy of the scanner's own CRC, so a wrong CRC in either cannot agree.
 */
function armorChecksum(bytes: Buffer): string {
  const armor = execFileSync('gpg', ['--batch', '--no-options', '--homedir', '/nonexistent', '--enarmor'], {
    input: bytes,
    encoding: 'latin1',
  })
  const line = /^=[A-Za-z0-9+/]{4}$/m.exec(armor)
  if (line === null) throw new Error('gpg --enarmor wrote no checksum line')
  return line[0]
}

/**
 * A Cosmos SDK keyring export as `<chain>d keys export` writes it: Go's OpenPGP armor (headers in
 * map order, a blank line, base64 at 64 columns, the CRC-24), over a 24-byte nonce and the key
 * sealed by XSalsa20-Poly1305 (37 bytes of amino-encoded secp256k1 key and a 16-byte tag), which
 * reads as random bytes. The KDF is bcrypt (older SDKs) or argon2.
 */
function cosmosExport(kdf: 'bcrypt' | 'argon2', crc = true): string {
  const sealed = randomBytes(24 + 37 + 16)
  const headers = [`kdf: ${kdf}`, `salt: ${randomBytes(16).toString('hex').toUpperCase()}`, 'type: secp256k1']
  if (Math.random() < 0.5) headers.reverse()
  const body = sealed.toString('base64').replace(/(.{64})/g, '$1\n')
  // A broken export: the checksum of other bytes (one bit flipped).
  const summed = crc ? sealed : Buffer.from(sealed.map((byte, i) => (i === 0 ? byte ^ 1 : byte)))
  return `-----BEGIN TENDERMINT PRIVATE KEY-----\n${headers.join('\n')}\n\n${body}\n${armorChecksum(summed)}\n-----END TENDERMINT PRIVATE KEY-----\n`
}

describe('Cosmos SDK keyring exports', () => {
  it('finds dozens of exports in every wrapper, a severity lower since a passphrase seals them', () => {
    const missed: string[] = []
    for (let i = 0; i < 30; i++) {
      const armor = cosmosExport(i % 3 === 2 ? 'argon2' : 'bcrypt')
      const indented = armor.trimEnd().replaceAll('\n', '\n    ')
      const files: [string, string, number][] = [
        ['keys/validator.armor', armor, 1],
        ['k8s/secret.yaml', secret(`stringData:\n  key.armor: |\n    ${indented}\n`), 8],
        ['k8s/secret-data.yaml', secret(`data:\n  key.armor: ${b64(armor)}\n`), 7],
        ['config/keys.json', JSON.stringify({ validator: { armor } }, null, 2), 3],
        ['values.yaml', `relayer:\n  key: |\n    ${indented}\n`, 3],
      ]
      for (const [path, text, line] of files)
        if (!lines(path, text).includes(line)) missed.push(`export ${i} in ${path}`)
      const findings = detector.scanFile('keys/validator.armor', armor).findings
      if (findings.map((f) => `${f.ruleId} ${f.severity}`).join() !== 'private-key-cosmos-keyring medium')
        missed.push(`export ${i}: ${findings.map((f) => `${f.ruleId} ${f.severity}`).join()}`)
    }
    expect(missed).toEqual([])
  })

  // An export whose armor does not check is still reported (bodies that do not parse fail closed),
  // at the severity of a key in the clear; the public key and key info armors are not secrets.
  it('reports an export whose checksum fails as high; leaves public armors alone', () => {
    const severities = (text: string): string[] =>
      detector.scanFile('keys/validator.armor', text).findings.map((f) => f.severity)
    expect(severities(cosmosExport('bcrypt', false))).toEqual(['high'])
    const publicArmor = cosmosExport('bcrypt').replaceAll('PRIVATE KEY', 'PUBLIC KEY')
    expect(severities(publicArmor)).toEqual([])
    expect(severities(cosmosExport('bcrypt').replaceAll('PRIVATE KEY', 'KEY INFO'))).toEqual([])
  })
})
