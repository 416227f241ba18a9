import { describe, expect, it } from 'vitest'
import {
  ENCRYPTED_VALUE_HEAD,
  formatEncryptedValue,
  isEncryptedValue,
  mentionsEncryptedValue,
  mentionsSopsMetadata,
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

describe('mentionsSopsMetadata', () => {
  it.each([
    ['YAML', 'data:\n  a: x\nsops:\n  mac: y\n'],
    ['JSON', '{\n\t"data": "x",\n\t"sops": {\n\t\t"mac": "y"\n\t}\n}\n'],
    ['JSON, spaced', '{\n  "sops" : {}\n}\n'],
    ['dotenv', 'A=x\nsops_mac=y\n'],
    ['ini', '[app]\na = x\n\n[sops]\nmac = y\n'],
    ['CRLF', 'a: x\r\nsops:\r\n  mac: y\r\n'],
  ])('recognises the %s layout sops writes', (_, text) => {
    expect(mentionsSopsMetadata(text)).toBe(true)
  })

  it.each([
    ['a nested sops key', 'config:\n  sops:\n    mac: y\n'],
    ['the word in a value', 'note: see sops: docs\n'],
    ['a dotenv key that only starts with sops', 'sopsy=1\n'],
    ['nothing', ''],
  ])('does not take %s for metadata', (_, text) => {
    expect(mentionsSopsMetadata(text)).toBe(false)
  })
})
