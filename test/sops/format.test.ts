import { randomBytes } from 'node:crypto'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { decryptValue, encryptValue } from '../../src/sops/cipher.js'
import { formatGoFloat, parseGoBool, parseGoInt } from '../../src/sops/go-format.js'
import { isUint64Only, parseTimestamp, resolvePlain } from '../../src/sops/go-yaml.js'
import { decrypt, encrypt } from '../../src/sops/index.js'
import { shamirCombine, shamirSplit } from '../../src/sops/shamir.js'
import { SopsTime } from '../../src/sops/tree.js'

describe("Go's number and bool text, as sops encrypts them", () => {
  it.each([
    [1e21, '1000000000000000000000'],
    [-0, '-0'],
    [0.1, '0.1'],
    [3.14e-10, '0.000000000314'],
    [1234568000, '1234568000'],
    [1.5, '1.5'],
    [-2.5e-7, '-0.00000025'],
    [123456789.125, '123456789.125'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('FormatFloat(%s) = %s', (f, text) => {
    expect(formatGoFloat(f)).toBe(text)
  })

  it('parses ints exactly up to int64 and refuses beyond', () => {
    expect(parseGoInt('9223372036854775807')).toBe(9223372036854775807n)
    expect(parseGoInt('9223372036854775808')).toBeUndefined()
    expect(parseGoInt('+5')).toBe(5n)
  })

  it('reads bools like strconv.ParseBool', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual(Array(6).fill(true))
    expect(parseGoBool('yes')).toBeUndefined()
  })
})

describe('go-yaml v3 typing of plain scalars', () => {
  it.each([
    ['0755', 493n],
    ['0x1F', 31n],
    ['0o17', 15n],
    ['0b101', 5n],
    ['1_000', 1000n],
    ['08', 8],
    ['1.10', 1.1],
    ['1e3', 1000],
    ['yes', 'yes'],
    ['True', true],
    ['~', null],
    ['.inf', Infinity],
    ['99999999999999999999', 1e20],
    // strconv.ParseFloat fails out of float64's range: go-yaml keeps the text (it was +Inf here).
    ['1e400', '1e400'],
    ['-1.0e+400', '-1.0e+400'],
    ['1e-400', 0],
  ])('%s', (text, value) => {
    expect(resolvePlain(text)).toEqual(value)
  })

  it('a uint64 (above int64, unsigned) is refused as sops refuses it, never rounded to a float', async () => {
    expect(
      ['9223372036854775808', '0xFFFFFFFFFFFFFFFF', '18_446_744_073_709_551_615'].map(isUint64Only),
    ).toEqual([true, true, true])
    // Signed, beyond uint64 or within int64: go-yaml reads a float or an int, as gitseal does.
    expect(
      ['+9223372036854775808', '-9223372036854775809', '18446744073709551616', '42'].map(isUint64Only),
    ).toEqual([false, false, false, false])
    const identity = await generateIdentity()
    const encrypting = encrypt('a: 1\npin: 9223372036854775808\n', {
      format: 'yaml',
      file: 'n.yaml',
      recipients: [await identityToRecipient(identity)],
    })
    await expect(encrypting).rejects.toMatchObject({ code: 'E_SOPS_BAD_FORMAT', line: 2 })
    await expect(encrypting).rejects.toThrow(/^n\.yaml:2: a number above 9223372036854775807 \(Go int64\)/)
    await expect(encrypting).rejects.not.toThrow(/9223372036854775808/)
  })

  it('JSON: a number beyond float64 is refused as sops refuses it (it became +Inf, an undecryptable file)', async () => {
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    const json = (text: string) => encrypt(text, { format: 'json', file: 'n.json', recipients })
    await expect(json('{"a": 1,\n "b": 1e400}')).rejects.toMatchObject({ code: 'E_SOPS_BAD_FORMAT', line: 2 })
    await expect(json('{"a": 1,\n "b": -1.5E+309}')).rejects.toThrow(
      /^n\.json:2: a number too large for a float64/,
    )
    const fits = await json('{"a": 1.5e308, "b": 1e-400}')
    const opened = await decrypt(fits, { format: 'json', identities: [{ identity, source: 't' }] })
    expect(JSON.parse(opened)).toEqual({ a: 1.5e308, b: 0 })
  })

  it('JSON: a key that is no string (a // comment, a bare word) is a format error naming the file and line, as in sops', async () => {
    const recipients = [await identityToRecipient(await generateIdentity())]
    const json = (text: string) => encrypt(text, { format: 'json', file: 'c.json', recipients })
    // A comment after a value (appsettings.json files have them) was an "unexpected error (SyntaxError)".
    for (const text of ['{"a": "b", // or "c"\n "d": 1}', '{"a": 1,\n b: 2}', '{"a": 1, }']) {
      await expect(json(text)).rejects.toMatchObject({
        code: 'E_SOPS_BAD_FORMAT',
        message: expect.stringMatching(/^c\.json:\d+: expected a string/),
      })
    }
  })

  it('timestamps become RFC 3339 with trimmed nanoseconds', () => {
    expect(parseTimestamp('2001-12-14t21:59:43.10-05:00')).toEqual(
      new SopsTime('2001-12-14T21:59:43.1-05:00'),
    )
    expect(parseTimestamp('2002-12-14')).toEqual(new SopsTime('2002-12-14T00:00:00Z'))
    expect(parseTimestamp('2002-13-14')).toBeUndefined()
  })
})

describe('value cipher', () => {
  const key = randomBytes(32)
  it('uses a 32-byte iv and binds the path', () => {
    const enc = encryptValue('secret', key, 'a:b:')
    expect(/iv:([^,]+)/.exec(enc)?.[1]).toHaveLength(44)
    expect(decryptValue(enc, key, 'a:b:')).toBe('secret')
    expect(() => decryptValue(enc, key, 'a:c:')).toThrow(/failed to decrypt/)
  })
  it("refuses data, iv or tag that is not padded standard base64, as sops (Go's StdEncoding) does", () => {
    const enc = encryptValue('secre', key, 'a:')
    expect(enc).toMatch(/data:[^,]+=,iv:[^,]+=,/)
    for (const field of ['data', 'iv']) {
      const unpadded = enc.replace(new RegExp(`${field}:([^,]+?)=+,`), `${field}:$1,`)
      expect(unpadded).not.toBe(enc)
      expect(() => decryptValue(unpadded, key, 'a:')).toThrow(
        expect.objectContaining({
          code: 'E_SOPS_DECRYPT',
          message: expect.stringMatching(/not valid base64/),
        }),
      )
    }
    expect(decryptValue(enc, key, 'a:')).toBe('secre')
  })
  it('leaves empty strings unwrapped', () => {
    expect(encryptValue('', key, 'a:')).toBe('')
    expect(decryptValue('', key, 'a:')).toBe('')
  })
  it('keeps ciphertext stable with a stash', () => {
    const stash = new Map()
    const enc = encryptValue(42n, key, 'n:')
    expect(decryptValue(enc, key, 'n:', stash)).toBe(42n)
    expect(encryptValue(42n, key, 'n:', stash)).toBe(enc)
    expect(encryptValue(43n, key, 'n:', stash)).not.toBe(enc)
  })
})

describe('Shamir split/combine (GF(2^8), Vault layout)', () => {
  it('any threshold of the shares rebuilds the key; shares end with a distinct x', () => {
    const secret = randomBytes(32)
    const shares = shamirSplit(secret, 3, 2)
    expect(shares.every((s) => s.length === 33)).toBe(true)
    for (const pair of [
      [0, 1],
      [1, 2],
      [0, 2],
    ]) {
      expect(Buffer.from(shamirCombine(pair.map((i) => shares[i] as Uint8Array)))).toEqual(secret)
    }
    expect(Buffer.from(shamirCombine(shares))).toEqual(secret)
  })
})
