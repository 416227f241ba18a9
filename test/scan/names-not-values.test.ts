/**
 * Values that say what they are, under names that look like credentials: a Windows answer file's
 * setup pass, systemd's credential ID and path, the name of the Secret a `…TLSSecret` field refers
 * to, a bearer token a test spells in words, a Basic header of `user:pw`, base64 of a record that
 * holds only a hash. Each beside a random value in the same place, which is still found.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { ALPHABETS, seededValues } from './support/seeded-random.js'

const detector = createDetector()
const random = seededValues(0x5133)
const rules = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => `${finding.line} ${finding.ruleId}`)

describe('names, not values', () => {
  it("a Windows answer file's setup pass is no password; a password in it is", () => {
    const password = random(ALPHABETS.alnum, 20)
    const xml = [
      '<unattend xmlns="urn:schemas-microsoft-com:unattend">',
      '  <settings pass="oobeSystem">',
      '    <settings pass="specialize">',
      `    <AdministratorPassword><Value>${password}</Value></AdministratorPassword>`,
      `    <component pass="${password}"/>`,
      '</unattend>',
    ].join('\n')
    const found = rules('Autounattend.xml', xml)
    expect(found.filter((hit) => hit.startsWith('2 ') || hit.startsWith('3 '))).toEqual([])
    expect(found).toContain('5 generic-password')
  })

  it("systemd's credential ID and path names where the secret lives; an ID and a random value is one", () => {
    const unit = [
      '[Service]',
      '# LoadCredential=hsmpin:/etc/kanidm/kanidm-unixd-hsm-pin',
      'LoadCredential=tls-key:/run/keys/app/tls.key',
      `LoadCredential=hsmpin:${random(ALPHABETS.alnum, 32)}`,
      // Base64 of random bytes opens with `/` now and then: capitals and small letters mixed as no path is.
      `LoadCredential=hsmpin:/${random(ALPHABETS.alnum, 12)}/${random(ALPHABETS.alnum, 20)}`,
    ].join('\n')
    expect(rules('app.service', unit)).toEqual(['4 generic-secret', '5 generic-secret'])
  })

  it('a …TLSSecret or credentialsSecret field holding a DNS name names a Secret; a random value there is one', () => {
    const yaml = [
      'spec:',
      '  certificates:',
      '    serverTLSSecret: pg18vc-tls',
      '    serverCASecret: pg18vc-ca',
      '  backup:',
      '    credentialsSecret: ps-cluster1-s3-credentials',
      `    credentialsSecret: ${random(ALPHABETS.alnum, 24)}`,
      `    clientSecret: ${random(ALPHABETS.lowerDigits, 8)}-${random(ALPHABETS.lowerDigits, 8)}`,
    ].join('\n')
    expect(rules('cluster.yaml', yaml)).toEqual(['7 generic-secret', '8 generic-secret'])
  })

  it('a bearer token a test spells in words is no token; a random one is', () => {
    const token = random(ALPHABETS.alnum, 32)
    const go = [
      'func TestAuth(t *testing.T) {',
      '\tassertHeader("Authorization", "Bearer clienttoken_admin_elevated")',
      '\treq.Header.Set("Authorization", "Bearer invalid-token-12345")',
      '\treq.Header.Set("Authorization", "Bearer tk_loremipsumdolorsitamet")',
      `\treq.Header.Set("Authorization", "Bearer ${token}")`,
      '}',
    ].join('\n')
    expect(rules('auth_test.go', go)).toEqual(['5 http-authorization-header'])
  })

  it('a Basic header whose password is one or two characters stands for one; a real password is found', () => {
    const basic = (pair: string): string => Buffer.from(pair).toString('base64')
    const go = [
      `\tassertHeader("Authorization", "Basic ${basic('notexisting:pw')}")`,
      `\tassertHeader("Authorization", "Basic ${basic(`admin:${random(ALPHABETS.alnum, 16)}`)}")`,
    ].join('\n')
    expect(rules('auth_test.go', go)).toEqual(['2 http-authorization-header'])
  })

  it('base64 of a record holding only a hash and its prefix is no secret; base64 of one holding a secret is', () => {
    const record = (member: string, value: string): string =>
      Buffer.from(
        JSON.stringify({
          secrets: [
            {
              id: '2f1b8f1a-1d3e-4f0c-9c1a-000000000001',
              alg: 'sha256',
              [member]: value,
              prefix: 'w2mU',
              createdAt: '2025-11-25T12:39:02Z',
            },
          ],
        }),
      ).toString('base64')
    const hash = random('0123456789abcdef', 64)
    const json = [
      '{',
      `  "credentials": "${record('hash', hash)}",`,
      `  "credentials": "${record('secret', random(ALPHABETS.alnum, 40))}"`,
      '}',
    ].join('\n')
    expect(record('hash', hash).length).toBeGreaterThan(256)
    expect(rules('database.json', json)).toEqual(['3 generic-secret'])
  })
})
