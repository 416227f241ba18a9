/**
 * Recall on key material and credentials written without their usual armour or assignment form:
 * signed JWTs in base64 (one line and MIME-wrapped), Keycloak realm exports' generated keys,
 * `kubectl create secret … --from-literal=NAME=value` in scripts and docs, and `secret_access_key`
 * values that are not AWS-shaped. Values are made at test time (Node's crypto, openssl), dozens
 * each; look-alikes that prove nothing are not reported.
 */
import { execFileSync } from 'node:child_process'
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const detector = createDetector()
const ids = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => `${finding.ruleId}@${finding.line}`)
const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A signed JWT: HS256 with a random key, or RS256 with a fresh RSA key. */
function jwt(i: number): string {
  const payload = b64url({ sub: `system:serviceaccount:ns:sa-${i}`, iat: 1_700_000_000 + i })
  if (i % 2 === 0) {
    const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${payload}`
    return `${head}.${createHmac('sha256', randomBytes(32)).update(head).digest('base64url')}`
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
  const head = `${b64url({ alg: 'RS256', kid: `k${i}` })}.${payload}`
  return `${head}.${sign('sha256', Buffer.from(head), privateKey).toString('base64url')}`
}

describe('JWTs in base64', () => {
  it('finds 24 signed tokens in base64 in a Go test, one-line and MIME-wrapped', () => {
    const missed: string[] = []
    for (let i = 0; i < 24; i++) {
      const encoded = Buffer.from(jwt(i)).toString('base64')
      const wrapped = encoded.match(/.{1,76}/g)?.join('\n') ?? ''
      const text = `package x\n\nvar data = map[string][]byte{\n\t"token": []byte("${encoded}"),\n}\n\nconst basic = \`${wrapped}\`\n`
      const found = ids('controller_test.go', text)
      if (!found.includes('jwt-base64@4') || !found.includes('jwt-base64@7'))
        missed.push(`#${i}: ${found.join()}`)
    }
    expect(missed).toEqual([])
  })

  it('reads a long base64 run full of `ZXlK` once (linear time)', () => {
    const run = 'ZXlK'.repeat(100_000)
    const start = cpuMark()
    expect(ids('blob.txt', `data: ${run}\n`)).toEqual([])
    expect(cpuMsSince(start)).toBeLessThan(5000)
  })

  it('leaves base64 of a JWT-looking text that does not validate alone', () => {
    const notJwt = `eyJub3QiOiJhIGhlYWRlciJ9.${b64url({ sub: 'x' })}.c2lnbmF0dXJlLXBhcnQ`
    const headerOnly = `${b64url({ alg: 'HS256', typ: 'JWT' })}.bm90LWpzb24tYXQtYWxs.c2lnbmF0dXJlLXBhcnQ`
    for (const value of [notJwt, headerOnly])
      expect(ids('a_test.go', `x := "${Buffer.from(value).toString('base64')}"\n`)).toEqual([])
  })
})

describe('Keycloak realm exports', () => {
  it('finds the generated AES and HMAC key secrets of 20 realms, not the other components', () => {
    const missed: string[] = []
    for (let i = 0; i < 20; i++) {
      const component = (providerId: string, config: object) => ({
        name: providerId,
        providerId,
        subComponents: {},
        config,
      })
      const realm = {
        realm: `realm-${i}`,
        components: {
          'org.keycloak.keys.KeyProvider': [
            component('hmac-generated', {
              kid: [`k${i}`],
              secret: [randomBytes(64).toString('base64url')],
              priority: ['100'],
            }),
            component('aes-generated', { kid: [`a${i}`], secret: [randomBytes(16).toString('base64url')] }),
          ],
          // A user federation's `secret` list is no key provider's: left to the other rules.
          'org.keycloak.storage.UserStorageProvider': [
            component('ldap', { secret: ['ldap-bind-credential-name'] }),
          ],
        },
      }
      const text = JSON.stringify(realm, null, 2)
      const lines = text.split('\n')
      const secretLines = lines.flatMap((line, at) => (lines[at - 1]?.includes('"secret"') ? [at + 1] : []))
      const found = ids('realm-export.json', text).filter((id) => id.startsWith('keycloak-realm-key@'))
      if (
        found.join() !==
        secretLines
          .slice(0, 2)
          .map((line) => `keycloak-realm-key@${line}`)
          .join()
      )
        missed.push(`#${i}: ${found.join()}`)
    }
    expect(missed).toEqual([])
  })
})

describe('kubectl create secret --from-literal', () => {
  const secrets = Array.from({ length: 30 }, () =>
    execFileSync('openssl', ['rand', '-base64', '24']).toString().trim().replace(/[+/=]/g, 'x'),
  )

  it('finds the literal values of 30 commands in shell scripts and Markdown', () => {
    const missed: string[] = []
    for (const [i, value] of secrets.entries()) {
      const command = `kubectl create secret generic oidc -n auth \\\n  --from-literal=OIDC_CLIENT_ID=app-${i} \\\n  --from-literal=OIDC_CLIENT_SECRET=${value} \\\n  --from-literal=password=${value}x\n`
      for (const [path, text] of [
        ['scripts/setup.sh', `#!/bin/sh\n${command}`],
        ['docs/install.md', `Create the Secret:\n\n${command}`],
      ] as const) {
        const found = ids(path, text)
        const at = path.endsWith('.sh') ? 4 : 5
        if (!found.includes(`generic-secret@${at}`) || !found.includes(`generic-password@${at + 1}`))
          missed.push(`${path} #${i}: ${found.join()}`)
      }
    }
    expect(missed).toEqual([])
  })

  it('leaves unquoted code expressions in scripts alone', () => {
    expect(
      ids('run.sh', 'export DB_PASSWORD=$(cat /run/secrets/db)\nclient_secret=${OIDC_SECRET}\n'),
    ).toEqual([])
    expect(ids('run.sh', 'kubectl create secret generic x --from-literal=password="$DB_PASSWORD"\n')).toEqual(
      [],
    )
  })
})

describe('shell scripts', () => {
  it('finds unquoted literal values of 30 scripts: assignments, exports and command-line flags', () => {
    const missed: string[] = []
    for (let i = 0; i < 30; i++) {
      const value = (): string => randomBytes(15).toString('base64').replace(/[+/=]/g, 'q')
      const script = [
        '#!/bin/bash',
        `export DB_PASSWORD=${value()}`,
        `API_TOKEN=${value()}`,
        `kubectl create secret docker-registry regcred --docker-username=bot --docker-password=${value()}`,
        `helm upgrade --install app ./chart --set auth.password=${value()}`,
      ].join('\n')
      const found = ids(`scripts/setup-${i}.sh`, `${script}\n`)
      const expected = ['generic-password@2', 'generic-token@3', 'generic-password@4', 'generic-password@5']
      if (expected.some((id) => !found.includes(id))) missed.push(`#${i}: ${found.join()}`)
    }
    expect(missed).toEqual([])
  })

  it('leaves words that expand or substitute something alone', () => {
    const script = [
      'DB_PASSWORD=$(openssl rand -hex 16)',
      'export API_TOKEN=${GITHUB_TOKEN}',
      'password=$1',
      'SECRET=`cat /run/secrets/app`',
      'helm upgrade app ./chart --set auth.password=$DB_PASSWORD',
    ].join('\n')
    expect(ids('deploy.sh', `${script}\n`)).toEqual([])
  })
})

describe('secret_access_key values that are not AWS-shaped', () => {
  it('finds 30 random 44-character keys (S3-compatible stores) in a credentials file and a docs block', () => {
    const missed: string[] = []
    for (let i = 0; i < 30; i++) {
      const key = randomBytes(32).toString('base64')
      const file = `[default]\naws_access_key_id=${randomBytes(20).toString('hex')}\naws_secret_access_key=${key}\n`
      if (!ids('credentials', file).includes('generic-secret@3')) missed.push(`credentials #${i}`)
      if (
        !ids('docs/oracle.md', `   \`\`\`\n   ${file.replace(/\n/g, '\n   ')}\`\`\`\n`).includes(
          'generic-secret@4',
        )
      )
        missed.push(`docs #${i}`)
    }
    expect(missed).toEqual([])
  })
})
