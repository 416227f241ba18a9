import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { VisiblePreimages } from '../../src/scan/analysers/visible-preimage.js'

const hex = (algorithm: string, text: string): string => createHash(algorithm).update(text).digest('hex')
const doubleSha1 = (text: string): string =>
  createHash('sha1').update(createHash('sha1').update(text).digest()).digest('hex')

describe('a hex digest of a text in view', () => {
  it('is told for each digest a password store keeps, in either case', () => {
    const texts = ['user-1', 'pw-of-user-1']
    for (const digest of ['md5', 'sha1', 'sha256', 'sha512'].map((a) => hex(a, 'pw-of-user-1')))
      expect(new VisiblePreimages().digestOf(digest, texts)).toBe(true)
    expect(new VisiblePreimages().digestOf(doubleSha1('user-1').toUpperCase(), texts)).toBe(true)
  })

  it('is not told for a digest of some other text, nor for a value that is not a digest', () => {
    expect(new VisiblePreimages().digestOf(hex('sha256', 'elsewhere'), ['user-1'])).toBe(false)
    expect(new VisiblePreimages().digestOf('user-1', ['user-1'])).toBe(false)
  })

  it('hashes at most its limit of texts per file, then judges nothing as a digest', () => {
    const preimages = new VisiblePreimages(3)
    const texts = ['a', 'b', 'c', 'd']
    expect(preimages.digestOf(hex('sha256', 'd'), texts)).toBe(false)
    expect(preimages.digestOf(hex('sha256', 'a'), texts)).toBe(false)
  })
})
