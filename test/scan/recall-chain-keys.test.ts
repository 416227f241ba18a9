/**
 * Recall on chain signing keys that issue 16's judged trees hold (helm/charts' Burrow and Ethereum
 * charts): Tendermint/CometBFT key files (`priv_validator_key.json`, `node_key.json`) in Amino JSON,
 * in Burrow's older go-wire JSON and in base64, with Ed25519 keys made by Node's crypto; and 64-hex
 * private keys printed after a `Private key` label, with secp256k1 keys made by Node's crypto.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const detector = createDetector()
const where = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => `${finding.line} ${finding.ruleId}`)

/** A fresh Ed25519 key as Go's crypto/ed25519 holds it: seed then public key (64 bytes), and the public key. */
// Made with encodings (bytes back): exporting generateKeyPairSync's KeyObject can deadlock Node 20.
function ed25519(): { priv: Buffer; pub: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  })
  const pub = publicKey.subarray(-32)
  return { priv: Buffer.concat([privateKey.subarray(-32), pub]), pub }
}

const address = (): string => randomBytes(20).toString('hex').toUpperCase()

/** `priv_validator_key.json` as CometBFT writes it (Amino JSON, two-space indent). */
function validatorKeyFile(priv: Buffer, pub: Buffer): string {
  return `{
  "address": "${address()}",
  "pub_key": {
    "type": "tendermint/PubKeyEd25519",
    "value": "${pub.toString('base64')}"
  },
  "priv_key": {
    "type": "tendermint/PrivKeyEd25519",
    "value": "${priv.toString('base64')}"
  }
}`
}

describe('Tendermint/CometBFT key files', () => {
  it('finds generated Ed25519 keys in validator and node key files, plain and in base64', () => {
    for (let i = 0; i < 25; i++) {
      const { priv, pub } = ed25519()
      expect(where('config/priv_validator_key.json', validatorKeyFile(priv, pub))).toEqual([
        '9 tendermint-private-key',
      ])
      const node = `{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"${priv.toString('base64')}"}}`
      expect(where('config/node_key.json', node)).toEqual(['1 tendermint-private-key'])
      const values = `validator:\n  keyFile: "${Buffer.from(validatorKeyFile(priv, pub)).toString('base64')}"\n`
      expect(where('values.yaml', values)).toEqual(['2 key-file-base64'])
      // Burrow's go-wire JSON (Tendermint < 0.26), base64 in chart values.
      const hex = (bytes: Buffer): string => bytes.toString('hex').toUpperCase()
      const wire = `{"address":"${address()}","pub_key":[1,"${hex(pub)}"],"priv_key":[1,"${hex(priv)}"],"last_height":0,"last_round":0,"last_step":0}`
      expect(
        where('values.yaml', `keysFiles:\n  key-000: "${Buffer.from(wire).toString('base64')}"\n`),
      ).toEqual(['2 key-file-base64'])
    }
  })

  it('leaves public keys, a key whose halves do not match and a placeholder alone', () => {
    const { priv, pub } = ed25519()
    const other = ed25519()
    const mismatched = Buffer.concat([priv.subarray(0, 32), other.pub])
    expect(where('priv_validator_key.json', validatorKeyFile(mismatched, pub))).toEqual([])
    const publicOnly = `{"pub_key":{"type":"tendermint/PubKeyEd25519","value":"${pub.toString('base64')}"}}`
    expect(where('genesis.json', publicOnly)).toEqual([])
    const placeholder =
      '{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"<base64-encoded-private-key>"}}'
    expect(where('node_key.json', placeholder)).toEqual([])
  })
})

describe('64-hex private keys after a private-key label', () => {
  // The private scalar of a fresh secp256k1 key: the 32 bytes after ECPrivateKey's version (`02 01 01 04 20`).
  const secp256k1 = (): string => {
    const { privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'secp256k1',
      privateKeyEncoding: { type: 'sec1', format: 'der' },
      publicKeyEncoding: { type: 'spki', format: 'der' },
    })
    const at = privateKey.indexOf(Buffer.from('020101' + '0420', 'hex')) + 5
    return privateKey.subarray(at, at + 32).toString('hex')
  }

  it("finds generated secp256k1 keys in a wallet generator's output and a README table", () => {
    for (let i = 0; i < 25; i++) {
      const key = secp256k1()
      const output = `$ docker run ethereum/client-go account new\n    Address: 0x${randomBytes(20).toString('hex')}\n    Private key: 0x${key}\n`
      expect(where('README.md', output)).toEqual(['3 labelled-hex-private-key'])
      expect(where('README.md', `* \`geth.account.privateKey\` = \`${key}\`\n`)).toEqual([
        '1 labelled-hex-private-key',
      ])
    }
  })

  it('leaves fingerprints, hashes, public keys and repeated digits alone', () => {
    const digest = randomBytes(32).toString('hex')
    expect(where('README.md', `Private key fingerprint: ${digest}\n`)).toEqual([])
    expect(where('README.md', `private key sha256 ${digest}\n`)).toEqual([])
    expect(where('README.md', `Public key: 0x${digest}\n`)).toEqual([])
    expect(where('README.md', `Private key: 0x${'0'.repeat(64)}\n`)).toEqual([])
  })
})
