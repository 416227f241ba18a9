/**
 * Recall on keys named for what they do rather than with a credential word (issue 16, held-out-28's
 * misses): Authelia's `storage.encryption_key`, NetBird's `DataStoreEncryptionKey`, ZITADEL's
 * `--masterkey` and `ZITADEL_MASTERKEY`, Meilisearch's master key, Rails' `secret_key_base`, a
 * `signingKey` — and coturn's `user=name:password` lines. Values are made at test time as each
 * project's docs say to make them (openssl, /dev/urandom alphabets), many of each, since a miss
 * caused by an entropy or placeholder filter is per-value chance; the placeholders the same docs
 * show, and the public keys and paths such names also hold, stay quiet.
 */
import { execFile } from 'node:child_process'
import { createHash, randomInt, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const pick = (charset: string, n: number): string =>
  Array.from({ length: n }, () => charset.charAt(randomInt(charset.length))).join('')

/** The rule ids found in `text` scanned as `path`. */
const ids = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)

/** The [line, rule] of each finding in `text` scanned as `path`. */
const where = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => `${finding.line} ${finding.ruleId}`)

const base64Keys: string[] = []
const hexKeys: string[] = []

beforeAll(async () => {
  for (let i = 0; i < 30; i++) {
    base64Keys.push((await run('openssl', ['rand', '-base64', '32'])).stdout.trim())
    hexKeys.push((await run('openssl', ['rand', '-hex', '64'])).stdout.trim())
  }
}, 60_000)

describe('keys named for their purpose', () => {
  it('finds generated keys under encryption, master, signing and session key names, in config and env files', () => {
    expect(base64Keys.length).toBe(30)
    const missed: string[] = []
    for (let i = 0; i < 30; i++) {
      const b64 = base64Keys[i] ?? ''
      const hex = hexKeys[i] ?? ''
      const alnum = pick(ALNUM, 32)
      const cases: [string, string, string][] = [
        // Authelia (`authelia crypto rand --length 64 --charset alphanumeric`).
        [
          'configuration.yml',
          `storage:\n  encryption_key: ${pick(ALNUM, 64)}\n  local:\n    path: /config/db.sqlite3\n`,
          'generic-secret',
        ],
        // NetBird's management.json.
        [
          'management.json',
          `{\n    "Datadir": "/var/lib/netbird/",\n    "DataStoreEncryptionKey": "${b64}",\n    "HttpConfig": {}\n}\n`,
          'generic-secret',
        ],
        // ZITADEL's compose file: the start command's flag and the commented variable.
        [
          'docker-compose.yaml',
          `services:\n  zitadel:\n    command: 'start-from-init --masterkey "${alnum}" --tlsMode disabled'\n`,
          'generic-secret',
        ],
        [
          'docker-compose.yaml',
          `services:\n  zitadel:\n    # ZITADEL_MASTERKEY: '${alnum}'\n`,
          'generic-secret',
        ],
        ['run.sh', `zitadel start-from-init --masterkey ${alnum} --tlsMode disabled\n`, 'generic-secret'],
        // One draw in 300 of 32 alphanumerics has no digit: such a key is still found.
        [
          'run.sh',
          `zitadel start-from-init --masterkey ${pick(ALNUM.slice(0, 52), 32)} --tlsMode disabled\n`,
          'generic-secret',
        ],
        // Rails' config/secrets.yml, a JS config's signing key, a session key in TOML.
        ['config/secrets.yml', `production:\n  secret_key_base: ${hex}\n`, 'generic-secret'],
        ['config.json', `{"signingKey": "${b64}"}\n`, 'generic-secret'],
        ['app.toml', `session_key = "${b64}"\n`, 'generic-secret'],
        // Meilisearch's master key with punctuation (a password manager's output) in a .env.
        [
          '.env',
          `MEILI_ADDR=http://127.0.0.1:7700\nMEILI_MASTER_KEY=${pick(ALNUM, 20)}-!${pick(ALNUM, 16)}^x\n`,
          'generic-secret',
        ],
      ]
      for (const [path, text, rule] of cases) {
        if (!ids(path, text).includes(rule))
          missed.push(`${path}: ${text.replace(/[A-Za-z0-9+/=^!-]{20,}/g, '<key>')}`)
      }
    }
    expect(missed).toEqual([])
  })

  it('reports the line of the key', () => {
    const key = base64Keys[0] ?? ''
    expect(
      where('management.json', `{\n  "Datadir": "/data",\n  "DataStoreEncryptionKey": "${key}"\n}\n`),
    ).toEqual(['3 generic-secret'])
  })

  it('leaves placeholders, public keys, paths and names under such names alone', () => {
    const quiet: [string, string][] = [
      // Authelia's and ZITADEL's documented placeholders, an empty key, a variable.
      ['configuration.yml', 'storage:\n  encryption_key: a_very_important_secret\n'],
      [
        'docker-compose.yaml',
        '    command: \'start-from-init --masterkey "MasterkeyNeedsToHave32Characters" --tlsMode disabled\'\n',
      ],
      ['management.json', '{"DataStoreEncryptionKey": ""}\n'],
      ['docker-compose.yaml', '    command: start --masterkey ${ZITADEL_MASTERKEY} --tlsMode disabled\n'],
      // rspamd's fuzzy storage public key (z-base-32 of 32 bytes) under `encryption_key`.
      [
        'fuzzy_check.conf',
        `rule "local" {\n    encryption_key = "${pick('ybndrfg8ejkmcpqxot1uwisza345h769', 52)}";\n}\n`,
      ],
      // Where a key is kept, and what a cache key is called.
      ['homeserver.yaml', 'signing_key_path: "/data/matrix.example.org.signing.key"\n'],
      ['app.ts', "const sessionKey = 'user-session'\n"],
      ['settings.yaml', 'encryption_key_name: projects/p/locations/l/keyRings/r/cryptoKeys/k\n'],
      // A flag given a word or another flag.
      ['README.md', '```sh\nzitadel start --masterkey changeme --tlsMode disabled\n```\n'],
      ['run.sh', 'tool --session-key --verbose\n'],
      // A help text's example in code, a UUID, a short typed password, a GPG key id.
      ['cmd.go', `const example = \`tool storage check --encryption-key ${pick(ALNUM, 32)}\`\n`],
      ['ci.yaml', `run: tool --encryption-key ${randomUUID()} --verbose\n`],
      ['test.yaml', 'run: redis-cli --user app --pass app@secure123 ping\n'],
      ['values.yaml', 'git:\n  commit-signing-key: 3AA5C34371567BD2\n'],
    ]
    for (const [path, text] of quiet) expect(ids(path, text), `${path}: ${text}`).toEqual([])
  })
})

// held-out-31 (Semaphore): gorilla/securecookie's hash and block keys as `cookie_hash` and
// `cookie_encryption`, and the key that encrypts stored access keys as `access_key_encryption`
// (`openssl rand -base64 32`, as Semaphore's setup makes them).
describe('cookie keys and encryption keys named for what they encrypt', () => {
  it('finds generated keys under such names in JSON, Go, YAML and compose defaults', () => {
    const missed: string[] = []
    for (const key of base64Keys) {
      const cases: [string, string][] = [
        ['config.json', `{\n  "cookie_hash": "${key}",\n  "cookie_encryption": "${key}"\n}\n`],
        ['util/config_test.go', `var testCookieHash = "${key}"\n`],
        [
          'db/AccessKey_test.go',
          `\tutil.Config = &util.ConfigType{\n\t\tAccessKeyEncryption: "${key}",\n\t}\n`,
        ],
        ['util/config_test.go', `var envAccessKeyEncryption = "${key}"\n`],
        [
          'deployment/compose/base.yml',
          `services:\n  semaphore:\n    environment:\n      SEMAPHORE_ACCESS_KEY_ENCRYPTION: \${SEMAPHORE_ACCESS_KEY_ENCRYPTION:-${key}}\n`,
        ],
        ['values.yaml', `secrets:\n  cookieHash: '${key}'\n`],
      ]
      for (const [path, text] of cases)
        if (detector.scanFile(path, text).findings.length === 0)
          missed.push(`${path}: ${text.replace(key, '<key>')}`)
    }
    expect(base64Keys.length).toBe(30)
    expect(missed).toEqual([])
  })

  it('leaves switches, algorithms and empty values under such names alone', () => {
    for (const [path, text] of [
      ['config.yaml', 'cookie_hash: sha256\ncookie_encryption: true\n'],
      ['config.yaml', 'ssl_encryption: aes256\ndisk_encryption: enabled\n'],
      ['config.json', '{"access_key_encryption": "", "cookie_hash": "${COOKIE_HASH}"}\n'],
      ['settings.py', 'COOKIE_ENCRYPTION = os.environ["COOKIE_ENCRYPTION"]\n'],
    ] as const)
      expect(ids(path, text), text).toEqual([])
  })
})

describe("coturn's user lines", () => {
  it('finds generated passwords and keys; the sample lines of the shipped config are not reported', async () => {
    for (let i = 0; i < 20; i++) {
      const password = (await run('openssl', ['rand', '-base64', '30'])).stdout.trim()
      const conf = `realm=turn.example.org\nlt-cred-mech\n#user=username1:key1\nuser=self:${password}\n`
      expect(where('turnserver.conf', conf)).toEqual(['4 coturn-user-password'])
      // `turnadmin -k`: the MD5 of user:realm:password, written with 0x.
      const key = createHash('md5').update(`self:turn.example.org:${password}`).digest('hex')
      expect(ids('turnserver.conf', `user=self:0x${key}\n`)).toEqual(['coturn-user-password'])
    }
    const samples = '#user=username1:password1\n#user=ninefingers:youhavetoberealistic\nuser=name:changeme\n'
    expect(ids('turnserver.conf', samples)).toEqual([])
  })
})
