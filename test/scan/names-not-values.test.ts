/**
 * Values that say what they are, under names that look like credentials: a Windows answer file's
 * setup pass, systemd's credential ID and path, the name of the Secret a `…TLSSecret` field refers
 * to, a bearer token a test spells in words, a Basic header of `user:pw`, base64 of a record that
 * holds only a hash, a digest under an `encrypted…` name, a YAML alias, a time zone, base64 of a
 * published JWT, a value saying it is not real. Each beside a random value in the same place, which
 * is still found.
 */
import { describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
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

  it('a hex digest under a name that says it was encrypted for storage is a hash; a password there is one', () => {
    const ts = [
      `  encryptedPassword: '${random('0123456789abcdef', 64)}',`,
      `  encryptedPassword: '${random('0123456789abcdef', 32)}',`,
      `  encryptedPassword: '${random(ALPHABETS.alnum, 24)}',`,
      `  password: '${random('0123456789abcdef', 40)}',`,
    ].join('\n')
    expect(rules('password.test.ts', ts)).toEqual(['3 generic-password', '4 generic-password'])
  })

  it('an unquoted YAML value opening with `*` is an alias; quoted, it is a value', () => {
    const yaml = [
      'uaa_db_passwd: &uaa_db_passwd placeholder',
      'databases:',
      '- name: uaa',
      '  password: *uaa_db_passwd',
      `  password: "*${random(ALPHABETS.alnum, 20)}"`,
    ].join('\n')
    expect(rules('add-credhub.yml', yaml)).toEqual(['5 generic-password'])
  })

  it("a Secret's time zone is no credential; a random value beside it is one", () => {
    const yaml = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: unifi',
      'stringData:',
      '  TZ: "Europe/London"',
      '  TZ2: America/Argentina/Buenos_Aires',
      `  MONGO_PASS: "${random(ALPHABETS.alnum, 16)}"`,
    ].join('\n')
    expect(rules('namespaceAndSecret.yaml', yaml)).toEqual(['8 k8s-secret-plaintext'])
  })

  it("base64 of a JWT is judged as the JWT: jwt.io's sample is none, a token signed with a random key is", () => {
    const part = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64url')
    const header = part({ alg: 'HS256', typ: 'JWT' })
    const sign = (payload: string, key: string): string =>
      `${header}.${payload}.${createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`
    const sample = sign(part({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }), 'your-256-bit-secret')
    const real = sign(
      part({ sub: 'system:serviceaccount:consul:server-acl-init', iat: 1700000000 }),
      random(ALPHABETS.alnum, 32),
    )
    const go = [
      `\tserviceAccountToken = "${Buffer.from(sample).toString('base64')}"`,
      `\tserviceAccountToken = "${Buffer.from(real).toString('base64')}"`,
    ].join('\n')
    expect(rules('command_test.go', go)).toEqual(['2 jwt-base64'])
  })

  it('a value that says it is not real is not; the same value without the words is found', () => {
    const head = random(ALPHABETS.alnum, 20)
    const md = [
      '```yaml',
      `smtp-sender-pass: "${head}ThisIsNotARealKeyOMG."`,
      `smtp-sender-pass: "${head}"`,
      '```',
    ].join('\n')
    expect(rules('docs/config.md', md)).toEqual(['3 generic-password'])
  })

  it('a field declared with its type names the type (KCL schema docstrings); a random value there is found', () => {
    const kcl = [
      'schema Certificate:',
      '    r"""',
      '    Attributes',
      '    ----------',
      '    privateKey : CertManagerIoV1CertificateSpecPrivateKey, default is Undefined, optional',
      '    credentials : [ApiextensionsCrossplaneIoV1CompositionSpecPipelineItems0CredentialsItems0], default is Undefined, optional',
      '    accessKey : MonitoringCoreosComV1alpha1ScrapeConfigSpecEc2SDConfigsItems0AccessKey, default is Undefined, optional',
      '    s3Credentials : PostgresqlCnpgIoV1BackupStatusS3Credentials, default is Undefined, optional',
      '    sessionTokenSecretRef : GeneratorsExternalSecretsIoV1alpha1ClusterGeneratorSpecGeneratorStsSessionTokenSpecAuthSecretRefSessionTokenSecretRef, default is Undefined, optional',
      `    privateKey : ${random(ALPHABETS.alnum, 40)}, default is Undefined, optional`,
      '    """',
    ].join('\n')
    expect(rules('certificate.k', kcl)).toEqual(['10 generic-api-key'])
  })

  it('a value naming a credential (a Secret, a header, a variable) is no credential; a random one is', () => {
    const yaml = [
      'ai:',
      '  credentialsSecret: k5-ai-credentials',
      '  headerApiKey: X-NuGet-ApiKey',
      '  htpasswd: _htpasswd',
      '  context_credentials: github.com/jcmturner/gokrb5/v8/ctxCredentials',
      `  credentialsSecret: ${random(ALPHABETS.alnum, 24)}`,
    ].join('\n')
    expect(rules('values.yaml', yaml)).toEqual(['6 generic-secret'])
  })
})
