import { describe, expect, it } from 'vitest'
import {
  ENCRYPTED_VALUE_HEAD,
  formatEncryptedValue,
  isEncryptedValue,
  mentionsEncryptedValue,
  parseEncryptedValue,
} from '../../src/core/sops-value.js'

// A value written by sops 3.x (fixtures/sops-real), parts as they stand in the file.
const WRITTEN =
  'ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:IroV7hykADvD0IUaq6kikA==,type:str]'

describe('ENC[…] values', () => {
  it('parse into their parts and format back to the same text', () => {
    const parts = parseEncryptedValue(WRITTEN)
    expect(parts).toEqual({
      data: 'mHeXsmQ=',
      iv: 'vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=',
      tag: 'IroV7hykADvD0IUaq6kikA==',
      type: 'str',
    })
    expect(formatEncryptedValue(parts!)).toBe(WRITTEN)
    expect(WRITTEN.startsWith(`${ENCRYPTED_VALUE_HEAD},`)).toBe(true)
    expect(mentionsEncryptedValue(`key: ${WRITTEN}\n`)).toBe(true)
  })

  it.each([
    ['text after it', `${WRITTEN}x`],
    ['another cipher', WRITTEN.replace('AES256_GCM', 'AES256_CBC')],
    ['an uppercase type', WRITTEN.replace('type:str', 'type:STR')],
    ['no tag', WRITTEN.replace(/,tag:[^,]+/, '')],
    ['an opening alone', 'ENC[hunter2'],
  ])('are whole values only: not with %s', (_, text) => {
    expect(isEncryptedValue(text)).toBe(false)
  })
})
