/**
 * Password hashes made at test time by the real tools (openssl passwd, htpasswd, mkpasswd, argon2)
 * and, for formats no Debian tool writes, by Node's crypto following each format's layout (LDAP
 * `{SSHA}`, Django, Werkzeug, Passlib, PostgreSQL, MySQL, ASP.NET Identity). Each is written where
 * such hashes live; every one must be reported as `password-hash` and never as a plaintext secret.
 */
import { execFileSync } from 'node:child_process'
import { createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const detector = createDetector()
const ROUNDS = 4 // per tool and method: the salts are random, so each run tries new hashes

const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64')
// Passlib's "adapted base64": no padding, `.` for `+`.
const ab64 = (bytes: Buffer): string => b64(bytes).replace(/=+$/, '').replaceAll('+', '.')
const randomPassword = (): string => randomBytes(12).toString('base64url')
const tool = (file: string, args: string[], input: string): string =>
  execFileSync(file, args, { input, encoding: 'utf8' }).trim()

/** Hashes of one password by every tool and method, labelled. */
function hashesOf(password: string): [string, string][] {
  const salt = randomBytes(16)
  const word = randomBytes(9).toString('base64url') // a salt as Django and Werkzeug write it
  const jupyterSalt = randomBytes(6).toString('hex')
  const sha = (algorithm: string, ...parts: (Buffer | string)[]): Buffer => {
    const hash = createHash(algorithm)
    for (const part of parts) hash.update(part)
    return hash.digest()
  }
  const salted = pbkdf2Sync(password, salt, 4096, 32, 'sha256')
  const hmac = (text: string): Buffer => createHmac('sha256', salted).update(text).digest()
  const header = Buffer.alloc(13)
  header.writeUInt8(1, 0)
  header.writeUInt32BE(2, 1) // HMAC-SHA512
  header.writeUInt32BE(100_000, 5)
  header.writeUInt32BE(16, 9)
  const out: [string, string][] = [
    ...['-1', '-5', '-6', '-apr1'].map((m): [string, string] => [
      `openssl passwd ${m}`,
      tool('openssl', ['passwd', m, '-stdin'], password),
    ]),
    ...['-B', '-m', '-s', '-2', '-5'].map((m): [string, string] => [
      `htpasswd ${m}`,
      tool('htpasswd', ['-n', '-i', m, 'user'], password).split(':')[1] ?? '',
    ]),
    ...['yescrypt', 'gost-yescrypt', 'scrypt', 'bcrypt', 'bcrypt-a', 'sha512crypt', 'sha256crypt', 'sunmd5']
      .concat(['md5crypt', 'nt'])
      .map((m): [string, string] => [`mkpasswd -m ${m}`, tool('mkpasswd', ['-m', m, '--stdin'], password)]),
    ...['-id', '-i', '-d'].map((m): [string, string] => [
      `argon2 ${m}`,
      tool('argon2', [b64(salt), m, '-e', '-t', '2', '-m', '12'], password),
    ]),
    ['LDAP {SSHA}', `{SSHA}${b64(Buffer.concat([sha('sha1', password, salt), salt]))}`],
    ['LDAP {SSHA512}', `{SSHA512}${b64(Buffer.concat([sha('sha512', password, salt), salt]))}`],
    ['LDAP {SHA}', `{SHA}${b64(sha('sha1', password))}`],
    ['LDAP {MD5}', `{MD5}${b64(sha('md5', password))}`],
    ['LDAP {CRYPT}', `{CRYPT}${tool('openssl', ['passwd', '-6', '-stdin'], password)}`],
    [
      '389 DS {PBKDF2-SHA512}',
      `{PBKDF2-SHA512}10000$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 100, 64, 'sha512'))}`,
    ],
    [
      'Elasticsearch {PBKDF2_STRETCH}',
      `{PBKDF2_STRETCH}10000$${b64(salt)}$${b64(pbkdf2Sync(sha('sha512', password), salt, 100, 32, 'sha512'))}`,
    ],
    [
      'Atlassian {PKCS5S2}',
      `{PKCS5S2}${b64(Buffer.concat([salt, pbkdf2Sync(password, salt, 100, 32, 'sha1')]))}`,
    ],
    ['Spring {bcrypt}', `{bcrypt}${tool('mkpasswd', ['-m', 'bcrypt-a', '--stdin'], password)}`],
    [
      'Django pbkdf2_sha256',
      `pbkdf2_sha256$600000$${word}$${b64(pbkdf2Sync(password, word, 100, 32, 'sha256'))}`,
    ],
    ['Django argon2', `argon2${tool('argon2', [b64(salt), '-id', '-e', '-t', '2', '-m', '12'], password)}`],
    ['Django bcrypt_sha256', `bcrypt_sha256$${tool('mkpasswd', ['-m', 'bcrypt', '--stdin'], password)}`],
    [
      'Werkzeug pbkdf2',
      `pbkdf2:sha256:600000$${word}$${pbkdf2Sync(password, word, 100, 32, 'sha256').toString('hex')}`,
    ],
    ['Werkzeug scrypt', `scrypt:32768:8:1$${word}$${scryptSync(password, word, 64).toString('hex')}`],
    // Jupyter's `passwd()`: sha1 of the password then a 12-hex salt; newer ones wrap argon2's PHC string.
    ['Jupyter sha1', `sha1:${jupyterSalt}:${sha('sha1', password, jupyterSalt).toString('hex')}`],
    ['Jupyter argon2', `argon2:${tool('argon2', [b64(salt), '-id', '-e', '-t', '2', '-m', '12'], password)}`],
    [
      'Passlib pbkdf2',
      `$pbkdf2-sha256$29000$${ab64(salt)}$${ab64(pbkdf2Sync(password, salt, 100, 32, 'sha256'))}`,
    ],
    ['Passlib scrypt', `$scrypt$ln=16,r=8,p=1$${ab64(salt)}$${ab64(scryptSync(password, salt, 32))}`],
    ['PostgreSQL md5', `md5${sha('md5', password, 'postgres').toString('hex')}`],
    [
      'PostgreSQL SCRAM-SHA-256',
      `SCRAM-SHA-256$4096:${b64(salt)}$${b64(sha('sha256', hmac('Client Key')))}:${b64(hmac('Server Key'))}`,
    ],
    ['MySQL PASSWORD()', `*${sha('sha1', sha('sha1', password)).toString('hex').toUpperCase()}`],
    [
      'ASP.NET Identity v3',
      b64(Buffer.concat([header, salt, pbkdf2Sync(password, salt, 100, 32, 'sha512')])),
    ],
  ]
  return out
}

/** The files a hash lives in: path and content. */
function wrappers(hash: string): [string, string][] {
  const secret = (body: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: users\n${body}`
  return [
    ['config/app.yaml', `admin:\n  password: "${hash}"\n`],
    ['config/users.yml', `users:\n  admin:\n    password_hash: ${hash}\n`],
    ['.env', `ADMIN_PASSWORD='${hash}'\n`],
    ['.env.vaultwarden', `ADMIN_TOKEN='${hash}'\n`],
    ['auth/.htpasswd', `admin:${hash}\n`],
    ['etc/shadow', `root:${hash}:19000:0:99999:7:::\n`],
    ['users.json', `{"users": [{"name": "admin", "password": "${hash}"}]}\n`],
    ['k8s/secret.yaml', secret(`stringData:\n  password: '${hash}'\n`)],
    ['k8s/secret-data.yaml', secret(`data:\n  password: ${b64(hash)}\n`)],
    ['settings.py', `ADMIN_PASSWORD = "${hash}"\n`],
    ['users_test.go', `package users\n\nconst password = "${hash}"\n`],
    // Docker Compose escapes `$` as `$$` (Traefik basic-auth labels, Vaultwarden's ADMIN_TOKEN).
    [
      'docker-compose.yml',
      `services:\n  web:\n    environment:\n      - ADMIN_TOKEN=${hash.replaceAll('$', '$$$$')}\n    labels:\n      - "traefik.http.middlewares.auth.basicauth.users=admin:${hash.replaceAll('$', '$$$$')}"\n`,
    ],
  ]
}

const hashes: [string, string][] = []

beforeAll(() => {
  for (let i = 0; i < ROUNDS; i++) hashes.push(...hashesOf(randomPassword()))
}, 120_000)

describe('password hashes made by the real tools', () => {
  it('made hashes of every method', () => {
    expect(hashes.length).toBeGreaterThanOrEqual(ROUNDS * 35)
    for (const [name, hash] of hashes) expect(hash.length, name).toBeGreaterThan(20)
  })

  it('reports each as password-hash, and nothing else, wherever it lives', () => {
    const wrong: string[] = []
    for (const [name, hash] of hashes) {
      for (const [path, text] of wrappers(hash)) {
        const rules = detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
        // The MySQL hash has no literal for the keyword pass: it is only kept off the plaintext rules.
        const found =
          name === 'MySQL PASSWORD()' && !path.startsWith('k8s/') ? rules.length === 0 : rules.length > 0
        if (!found || rules.some((rule) => rule !== 'password-hash'))
          wrong.push(`${name} in ${path}: ${rules.join(',') || 'nothing'}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('still reports the plaintext schemes and a random value in the same places', () => {
    for (const value of [`{noop}${randomPassword()}`, `{PLAIN}${randomPassword()}`, randomPassword()]) {
      for (const [path, text] of wrappers(value).filter(
        ([path]) => !/htpasswd|shadow|compose|users.yml/.test(path),
      )) {
        const rules = detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
        expect(rules.length, `${value.slice(0, 6)}… in ${path}`).toBeGreaterThan(0)
        expect(rules, path).not.toContain('password-hash')
      }
    }
  })

  it('takes base64 opening like an ASP.NET Identity hash for one only when its header decodes', () => {
    const fake = `AQAAAA${randomBytes(60).toString('base64')}`
    const rules = detector
      .scanFile('.env', `ADMIN_PASSWORD='${fake}'\n`)
      .findings.map((finding) => finding.ruleId)
    expect(rules).toEqual(['generic-password'])
  })
})
