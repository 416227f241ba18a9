import { describe, expect, it } from 'vitest'
import { isAddress, startsAsUrl, urlPasswordOf, urlParts } from '../../src/scan/address-value.js'

describe('address values', () => {
  it('reads a URL behind a backend name as a URL', () => {
    for (const value of [
      's3:http://minio.kube-system.svc:9000/restic/app',
      'rest:https://backup.lan:8000/',
      'swift:https://auth.cloud.example:5000/v3',
      'https://hooks.slack.com/services/',
    ]) {
      expect(isAddress(value), value).toBe(true)
      expect(startsAsUrl(value), value).toBe(true)
    }
  })

  it('keeps the password of a backend URL', () => {
    const value = 'rest:https://restic:Zx8fk2LqPw9vNbT3@backup.lan:8000/'
    expect(isAddress(value)).toBe(false)
    expect(urlParts(value)).toEqual({ user: 'restic', password: 'Zx8fk2LqPw9vNbT3' })
    expect(urlPasswordOf(value)).toBe('Zx8fk2LqPw9vNbT3')
  })

  it('takes no token for an address', () => {
    for (const value of ['Zx8fk2LqPw9vNbT3', 'a:b', 's3:bucket', 'ab:cd:https://x', 'sk_live:https']) {
      expect(isAddress(value), value).toBe(false)
      expect(startsAsUrl(value), value).toBe(false)
    }
  })
})
