/**
 * The plaintext of a `type:float` value is read with Go's `strconv.ParseFloat` (sops' aes/cipher.go)
 * and enters the MAC and the output as `FormatFloat(f, 'f', -1, 64)`. The type sits outside the
 * authenticated data, so any text can arrive here: gitseal must accept exactly what Go accepts
 * (hexadecimal floats, underscores between digits) and refuse what it refuses (out of range).
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptValue, encryptValue } from '../../src/sops/cipher.js'
import { formatGoFloat, parseGoFloat } from '../../src/sops/go-format.js'
import { describeWithGo } from '../support/go-harness.js'
import { goSopsValues } from './go-values.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const TEXTS = [
  '1.5',
  '0x1p-2',
  '0X1P-2',
  '-0x1.8p1',
  '0x.8p1',
  '0x1.p1',
  '0x1',
  '0x1p',
  '0xp1',
  '0x',
  '0x_1p-2',
  '0x1_0p0',
  '0x1p1_0',
  '0x1p-_2',
  '0x1.fffffffffffffp1023',
  '0x1.fffffffffffff8p1023',
  '0x1p1024',
  '0x1p-1074',
  '0x1p-1075',
  '0x1.8p-1075',
  '0x1p-1080',
  '0x123456789abcdef123p0',
  '0x10000000000000080p0',
  '0x10000000000000080000001p-36',
  '-0x0p0',
  '0x1p-99999999999',
  `0x0.${'0'.repeat(3000)}1p123456`,
  '1_000.5',
  '1__0',
  '_1',
  '1_',
  '1_.5',
  '1._5',
  '1_0e1_0',
  '1e_5',
  '1e400',
  '-1e400',
  '1e-400',
  '1.7976931348623157e308',
  '1.7976931348623159e308',
  '4.9e-324',
  '2e-324',
  `0.${'0'.repeat(100000)}1e100000`,
  `1${'0'.repeat(400)}e-400`,
  'inf',
  '+Inf',
  '-infinity',
  'infin',
  'nan',
  '+nan',
  'NaN',
  '1e',
  '1e+',
  '.5',
  '5.',
  '.',
  '',
  ' 1',
  '1 ',
  '+.5e-3',
  '0b101',
  '0o17',
  '017',
  '123456789012345678901234567890',
]

describeWithGo('type:float plaintext: read as strconv.ParseFloat reads it (what sops runs)', () => {
  it('accepts exactly what Go accepts, with the same value', () => {
    const go = goSopsValues('float', TEXTS) as (string | null)[]
    const ours = TEXTS.map((text) => {
      const f = parseGoFloat(text)
      return f === undefined ? null : formatGoFloat(f)
    })
    expect(ours).toEqual(go)
  }, 180_000)
})

describe('type:float plaintext in an encrypted value', () => {
  const key = randomBytes(32)
  // The type is not authenticated: a str value relabelled float decrypts as sops decrypts it.
  const asFloat = (text: string): string => encryptValue(text, key, 'a:').replace('type:str', 'type:float')

  it('a hexadecimal float opens as its value, as in sops', () => {
    expect(decryptValue(asFloat('0x1p-2'), key, 'a:')).toBe(0.25)
  })

  it('a float out of float64 range is refused as sops refuses it, not read as infinity', () => {
    expect(() => decryptValue(asFloat('1e400'), key, 'a:')).toThrow(
      expect.objectContaining({ code: 'E_SOPS_DECRYPT', message: expect.stringMatching(/does not parse/) }),
    )
    expect(decryptValue(asFloat('+Inf'), key, 'a:')).toBe(Infinity)
  })

  it('is linear on a long crafted plaintext', () => {
    const start = cpuMark()
    const zeros = '0'.repeat(4_000_000)
    expect(parseGoFloat(`0x${zeros}1p0`)).toBe(1)
    expect(parseGoFloat(`0x1.${zeros}1p0`)).toBe(1)
    expect(parseGoFloat(`1.${zeros}1`)).toBe(1)
    expect(parseGoFloat(`1${zeros}`)).toBeUndefined()
    expect(parseGoFloat(`1_${zeros.replaceAll('00', '0_')}`)).toBeUndefined()
    // About 0.5 s on an idle machine, 2.2 s at load 14 on 2 cores; quadratic would take hours.
    expect(cpuMsSince(start)).toBeLessThan(10_000)
  })
})
