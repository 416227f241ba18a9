/**
 * A plain YAML scalar that go-yaml v3 reads as a timestamp is encrypted by sops as `type:time`, its
 * bytes `time.Time.MarshalText()` (RFC 3339 with nanoseconds); dotenv and INI output write it with
 * `Format(time.RFC3339)` (no fraction), and a float with `ValToString` (`strconv` 'G' format, `.0`
 * added). gitseal typed `+0100`, `+1`, tabs and a space before the zone as times (sops keeps them
 * strings), kept `+00:60` unnormalised, encrypted `+24:00` (sops refuses it: Go 1.20+ MarshalText)
 * and wrote fractions and 'f'-format floats in dotenv/INI. Checked against the real Go library.
 */
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { decryptValue, encryptValue } from '../../src/sops/cipher.js'
import { parseTimestamp } from '../../src/sops/go-yaml.js'
import { SopsTime } from '../../src/sops/tree.js'
import { formatGoFloatG } from '../../src/sops/go-format.js'
import { decrypt, encrypt } from '../../src/sops/index.js'
import { describeWithGo } from '../support/go-harness.js'
import { goSopsValues } from './go-values.js'

const TEXTS = [
  '2024-01-02',
  '2024-1-2',
  '2024-01-02T03:04:05Z',
  '2024-01-02t03:04:05Z',
  '2024-01-02T03:04:05z',
  '2024-01-02T03:04:05',
  '2024-01-02T3:4:5Z',
  '2024-01-02T03:04:05.5Z',
  '2024-01-02T03:04:05.500000000Z',
  '2024-01-02T03:04:05.123456789+01:00',
  '2024-01-02T03:04:05,5Z',
  '2024-01-02T03:04:05.Z',
  '2024-01-02T03:04:05 Z',
  '2024-01-02T03:04:05 +01:00',
  '2024-01-02T03:04:05+0100',
  '2024-01-02T03:04:05+01',
  '2024-01-02T03:04:05+1:00',
  '2024-01-02T03:04:05+01:00',
  '2024-01-02T03:04:05-00:00',
  '2024-01-02T03:04:05+00:60',
  '2024-01-02T03:04:05+23:59',
  '2024-01-02T03:04:05+23:60',
  '2024-01-02T03:04:05+24:00',
  '2024-01-02T03:04:05-24:00',
  '2024-01-02 03:04:05',
  '2024-1-2 3:4:5.25',
  '2024-01-02   03:04:05',
  '2024-01-02\t03:04:05',
  '2024-01-02 03:04:05Z',
  '2024-01-02 03:04:05 +01:00',
  '2024-01-02 03:04:05 ',
  '2024-01-02T24:00:00Z',
  '2024-01-02T23:60:00Z',
  '2024-01-02T23:59:60Z',
  '2024-02-29',
  '2023-02-29',
  '2024-02-30T00:00:00Z',
  '2024-00-10',
  '2024-13-10',
  '2024-123-1',
  '0000-01-01',
  '9999-12-31T23:59:59.999999999-23:59',
  '12024-01-02',
  '2024-01-02x',
  '2001-12-14 21:59:43.10 -5',
]

describeWithGo('YAML timestamps: typed and formatted as go-yaml and Go do (what sops runs)', () => {
  it('the same texts are timestamps, with the same MarshalText and RFC 3339 forms', () => {
    const go = goSopsValues('yaml-time', TEXTS) as ([string | null, string] | null)[]
    const mine = TEXTS.map((text) => {
      const time = parseTimestamp(text)
      return time === undefined ? null : [time.marshals ? time.text : null, time.rfc3339]
    })
    expect(mine).toEqual(go)
  }, 180_000)

  it('floats in dotenv/INI output are strconv.FormatFloat(f, G) with a .0 where it could read as an integer', () => {
    const texts = [
      '3',
      '3.0',
      '0.1',
      '-2.5',
      '1e21',
      '1e-5',
      '0.0001',
      '123456',
      '1234567',
      '-0',
      '1e400',
      '5e-324',
    ]
    const go = goSopsValues('float-g', texts) as (string | null)[]
    expect(texts.map((t) => (Number.isFinite(Number(t)) ? formatGoFloatG(Number(t)) : null))).toEqual(go)
  }, 180_000)
})

// Plaintexts of `type:time` values another writer could have encrypted: not all as MarshalText writes.
const DECRYPTED = [
  '2024-01-02T03:04:05Z',
  '2024-01-02T03:04:05.500Z',
  '2024-01-02T03:04:05,5Z',
  '2024-01-02T03:04:05.1234567891Z',
  '2024-01-02T03:04:05.000000000+01:00',
  '2024-01-02T3:04:05Z',
  '2024-01-02T03:04:05+00:00',
  '2024-01-02T03:04:05-00:00',
  '2024-01-02T03:04:05+23:59',
  '2024-01-02T03:04:05+00:60',
  '2024-01-02T03:04:05+23:60',
  '2024-01-02T03:04:05+24:00',
  '2024-01-02T03:04:05z',
  '2024-01-02t03:04:05Z',
  '2024-01-02T03:04:05',
  '2024-01-02',
  '2024-01-02 03:04:05Z',
  '2024-1-02T03:04:05Z',
  '2024-01-02T03:4:05Z',
  '2024-02-30T03:04:05Z',
  '2024-01-02T24:00:00Z',
  '2024-01-02T03:04:05.Z',
  '2024-01-02T03:04:05+0100',
  ' 2024-01-02T03:04:05Z',
  'not a time',
]

describeWithGo('type:time values decrypt as sops does: UnmarshalText, then MarshalText', () => {
  it('the same plaintexts are refused, and the rest are written back in the same bytes', () => {
    const go = goSopsValues('decrypt-time', DECRYPTED) as ([string, string] | null)[]
    const key = randomBytes(32)
    const mine = DECRYPTED.map((text) => {
      try {
        const time = decryptValue(encryptValue(new SopsTime(text), key, 'k:'), key, 'k:') as SopsTime
        return [time.text, time.rfc3339]
      } catch {
        return null
      }
    })
    expect(mine).toEqual(go)
  }, 180_000)
})

describe('YAML timestamps through encrypt and decrypt', () => {
  // Where Go 1.19 (Debian's, the harness above) and the Go 1.25 sops 3.13 is built with differ.
  it('Go 1.20+ takes any number of fraction digits (truncated to nanoseconds); Go 1.19 refused the 10th', () => {
    expect(parseTimestamp('2024-01-02T03:04:05.1234567891Z')?.text).toBe('2024-01-02T03:04:05.123456789Z')
  })

  it('Go 1.20+ refuses a zone past 24 hours or 60 minutes (`hr > 24`, `mm > 60`); Go 1.19 took any', () => {
    expect(parseTimestamp('2024-01-02T03:04:05+25:00')).toBeUndefined()
    expect(parseTimestamp('2024-01-02T03:04:05+00:61')).toBeUndefined()
    expect(parseTimestamp('2024-01-02T03:04:05+24:60')?.marshals).toBe(false)
  })

  it('dotenv output writes times without fraction and floats as sops does; a zone of 24 hours is refused', async () => {
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    const identities = [{ identity, source: 't' }]
    const text =
      't: 2024-01-02T03:04:05.5+01:00\nd: 2024-01-02\nf: 3.0\ng: 1e21\ns: 2024-01-02T03:04:05 +0100\n'
    const encrypted = await encrypt(text, { format: 'yaml', file: 'v.yaml', recipients })
    expect(encrypted).toMatch(/^s: ENC\[AES256_GCM,.*,type:str\]$/m)
    const dotenv = await decrypt(encrypted, { format: 'yaml', outputFormat: 'dotenv', identities })
    expect(dotenv).toBe(
      't=2024-01-02T03:04:05+01:00\nd=2024-01-02T00:00:00Z\nf=3.0\ng=1E+21\ns=2024-01-02T03:04:05 +0100\n',
    )
    const yaml = await decrypt(encrypted, { format: 'yaml', identities })
    expect(yaml).toContain('t: 2024-01-02T03:04:05.5+01:00\nd: 2024-01-02T00:00:00Z\n')
    await expect(
      encrypt('a: 1\nt: 2024-01-02T03:04:05+24:00\n', { format: 'yaml', file: 'z.yaml', recipients }),
    ).rejects.toMatchObject({
      code: 'E_SOPS_BAD_FORMAT',
      message: expect.stringMatching(/^z\.yaml:2: a timestamp with a zone offset of 24 hours or more/),
    })
  })
})
