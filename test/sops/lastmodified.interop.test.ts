/**
 * `lastmodified` is the MAC's additional data as sops re-formats it after Go's
 * `time.Parse(time.RFC3339, …)`; text Go refuses makes sops refuse the file. It sits in the
 * unauthenticated metadata, so gitseal must read it exactly as Go does, no more leniently
 * (`Date.parse` took lowercase `t`/`z`, a 30th of February, hour 24 and a trailing space).
 */
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { decryptValue, encryptValue } from '../../src/sops/cipher.js'
import { encrypt, openSops } from '../../src/sops/index.js'
import { plaintextOf, reencrypt } from '../../src/sops/sops-file.js'
import { goRfc3339 } from '../../src/sops/mac.js'
import { describeWithGo } from '../support/go-harness.js'
import { goSopsValues } from './go-values.js'

const TEXTS = [
  '2024-01-01T00:00:00Z',
  '2024-01-01t00:00:00z',
  '2024-01-01T00:00:00z',
  '2024-02-30T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '0000-02-29T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T3:00:00Z',
  '2024-01-01T03:0:00Z',
  '2024-01-01T00:00:60Z',
  '2024-00-01T00:00:00Z',
  '2024-01-01T00:00:00Z ',
  ' 2024-01-01T00:00:00Z',
  '2024-01-01 00:00:00Z',
  '2024-1-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2024-01-01T00:00:00.123456789123Z',
  '2024-01-01T00:00:00,5Z',
  '2024-01-01T00:00:00.Z',
  '2024-01-01T01:00:00+01:00',
  '2024-01-01T00:00:00-00:00',
  '2024-01-01T00:00:00+00:00',
  '2024-01-01T00:00:00+23:60',
  '2024-01-01T00:00:00-23:59',
  '2024-01-01T00:00:00+0100',
  '2024-01-01T00:00:00+01',
  'Tue, 01 Jan 2024 00:00:00 GMT',
  '1',
]

describeWithGo('lastmodified: read as Go reads it (what sops runs)', () => {
  it('accepts exactly what time.Parse(RFC3339) accepts, and re-formats it as Go does', () => {
    const go = (goSopsValues('time', TEXTS) as (string | null)[]).map((text) => text ?? undefined)
    expect(TEXTS.map(goRfc3339)).toEqual(go)
  }, 180_000)
})

describe('lastmodified: Go 1.20+ (sops 3.13 is built with Go 1.25), where the Go 1.19 harness differs', () => {
  it('a zone past 24 hours or 60 minutes is refused (`hr > 24`, `mm > 60` in time.Parse); Go 1.19 took any', () => {
    expect(goRfc3339('2024-01-01T00:00:00+25:00')).toBeUndefined()
    expect(goRfc3339('2024-01-01T00:00:00-99:99')).toBeUndefined()
    expect(goRfc3339('2024-01-01T00:00:00+00:61')).toBeUndefined()
    expect(goRfc3339('2024-01-01T00:00:00+24:00')).toBe('2024-01-01T00:00:00+24:00')
    expect(goRfc3339('2024-01-01T00:00:00-00:60')).toBe('2024-01-01T00:00:00-01:00')
  })
})

describe('lastmodified: a file sops refuses is refused', () => {
  it('decrypting a file whose lastmodified was changed to lowercase t and z fails as in sops', async () => {
    const identity = await generateIdentity()
    const encrypted = await encrypt('a: b\n', {
      format: 'yaml',
      recipients: [await identityToRecipient(identity)],
      now: new Date('2024-01-01T00:00:00Z'),
    })
    const open = (text: string) =>
      openSops(text, { format: 'yaml', file: 'f.yaml', identities: [{ identity, source: 't' }] })
    await expect(open(encrypted)).resolves.toBeDefined()
    const lowered = encrypted.replace('2024-01-01T00:00:00Z', '2024-01-01t00:00:00z')
    expect(lowered).not.toBe(encrypted)
    await expect(open(lowered)).rejects.toMatchObject({
      code: 'E_SOPS_BAD_FORMAT',
      message: 'f.yaml: sops metadata: lastmodified is missing or not an RFC 3339 time',
    })
  })
})

describe('updatekeys keeps lastmodified as sops does (it writes back Format(RFC3339) of what it read)', () => {
  it.each([
    ['2024-01-01T01:00:00+01:00', '2024-01-01T01:00:00+01:00'],
    ['2024-01-01T01:00:00.5+01:00', '2024-01-01T01:00:00+01:00'],
    ['2024-01-01T00:00:00,25-00:00', '2024-01-01T00:00:00Z'],
    ['0001-01-01T00:00:00+23:60', '0001-01-01T00:00:00+24:00'],
  ])('%s is written back as %s, the MAC unchanged', async (written, kept) => {
    const identity = await generateIdentity()
    const added = await generateIdentity()
    const recipients = [await identityToRecipient(identity), await identityToRecipient(added)]
    const open = (text: string, key: string) =>
      openSops(text, { format: 'yaml', file: 'f.yaml', identities: [{ identity: key, source: 't' }] })
    const encrypted = await encrypt('a: b\n', {
      format: 'yaml',
      recipients: recipients.slice(0, 1),
      now: new Date('2024-01-01T00:00:00Z'),
    })
    // The same file with `written` as lastmodified: its MAC encrypted for it, as sops reads it.
    const first = await open(encrypted, identity)
    const mac = encryptValue(
      decryptValue(first.metadata.mac, first.dataKey, '2024-01-01T00:00:00Z'),
      first.dataKey,
      kept,
    )
    const crafted = encrypted.replace('2024-01-01T00:00:00Z', written).replace(first.metadata.mac, mac)
    const opened = await open(crafted, identity)
    const updated = await reencrypt(plaintextOf(opened), opened, {
      keyGroups: [recipients],
      keepLastModified: true,
    })
    expect(updated).toContain(`lastmodified: "${kept}"`)
    expect(updated).toContain(mac)
    expect(plaintextOf(await open(updated, added))).toBe('a: b\n')
  })
})
