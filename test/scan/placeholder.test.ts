/** Placeholder heuristics stay for short strings: stop words as words, runs, checksums win. */
import { execFileSync } from 'node:child_process'
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import {
  DEFAULT_STOPWORDS,
  containsStopword,
  isPlaceholder,
  looksLikeReference,
} from '../../src/scan/placeholder.js'
import { bech32ChecksumOk, keyStructure } from '../../src/scan/rules/key-structure.js'
import { isPublishedExample } from '../../src/scan/published-examples.js'
import { base62, crc32 } from '../../src/scan/validators.js'
import { CS, j, rnd } from './rules/tokens.js'

describe('stop words', () => {
  it('mark a value only as a delimited word or when long enough not to occur by chance', () => {
    expect(isPlaceholder('my-fake-token-1234')).toBe(true)
    expect(isPlaceholder('TODO')).toBe(true)
    expect(isPlaceholder('insert_your_key_here')).toBe(true)
    expect(isPlaceholder('AKIAIOSFODNN7EXAMPLE')).toBe(true) // `example` is long: anywhere
    expect(isPlaceholder('aB3todoX9qLm27Wz')).toBe(false)
    expect(isPlaceholder('Qm9fakeZ2xpZGUyMDI0')).toBe(false)
    expect(containsStopword('x.dummy', 'dummy')).toBe(true)
    expect(containsStopword('xdummy', 'dummy')).toBe(false)
  })

  // held-out-26 (k8ssandra's docs): `FakeValues99…` as an AWS secret key, the stop word a camel-case word.
  it('mark a value as the first word of a camel-case name, not inside random text', () => {
    expect(isPlaceholder('FakeValues99cl9bqJFVA3iFUm+yqVe08HxhXFE/ilK')).toBe(true)
    expect(isPlaceholder('fakeSecretAccessKey')).toBe(true)
    expect(isPlaceholder('svc/DummyKey7')).toBe(true)
    expect(isPlaceholder('aBFakeQz91LmT27x')).toBe(false) // inside random text
    expect(isPlaceholder('Fake9cl9bqJFVA3iFUm')).toBe(false) // no camel-case word follows
    // Random base64 writes a stop word's capitalised form before a capital about once in 10^8 places.
    const hits = Array.from({ length: 2000 }, () => rnd(CS.b64, 200)).filter((value) => isPlaceholder(value))
    expect(hits).toEqual([])
  })

  it('two typed runs back to back mark a filler, not letters and digits out of order', () => {
    expect(isPlaceholder('standard_abcd1234')).toBe(true)
    expect(isPlaceholder('account_efgh5678')).toBe(true)
    expect(isPlaceholder('Key-WXYZ6789-prod')).toBe(true)
    expect(isPlaceholder('standard_abce1234')).toBe(false)
    expect(isPlaceholder('standard_abcd1243')).toBe(false)
    expect(isPlaceholder('xbcd1234Qm9Lz')).toBe(false)
    // At the value's end; and the characters just past `z` and `9` (`{`, `:`) or before `a` continue no run.
    expect(isPlaceholder('Qm9Lz_wxyz6789')).toBe(true)
    expect(isPlaceholder('Qm9Lz_abcd123')).toBe(false)
    expect(isPlaceholder('Qm9Lz_xyz{6789')).toBe(false)
    expect(isPlaceholder('Qm9Lz_wxyz789:')).toBe(false)
    expect(isPlaceholder('Qm9Lz_`abc1234')).toBe(false)
    expect(isPlaceholder('Qm9Lz_wxyz/789')).toBe(false)
    const detector = createDetector()
    const scan = (value: string): string[] =>
      detector
        .scanFile('tests/KeyTest.php', `$doc = ['secret' => '${value}'];\n`)
        .findings.map((f) => f.ruleId)
    expect(scan('standard_abcd1234')).toEqual([])
    expect(scan('standard_Xk29fLq0pRz7')).toEqual(['generic-secret'])
  })

  it('runs of one character mark short values, not long random bodies', () => {
    expect(isPlaceholder('sk_live_00000000000000000000')).toBe(true)
    const body = `${rnd(CS.b64, 60)}AAAAAAAAAAA${rnd(CS.b64, 200)}`
    expect(isPlaceholder(body)).toBe(false)
  })

  it('never drop a GitHub token whose CRC-32 checksum is right, stop word or not', () => {
    const detector = createDetector()
    for (const word of ['fake', 'todo', 'Dummy', 'xxxxx']) {
      const random = `${word}${rnd(CS.alnum, 30 - word.length)}`
      const token = j('gh', 'p_', random, base62(crc32(random), 6))
      const ids = detector.scanFile('ci/env.yaml', `token: ${token}\n`).findings.map((f) => f.ruleId)
      expect(ids, word).toContain('github-pat')
    }
  })

  it('never drop a checksummed token of any GitHub or npm kind, whatever stop word it holds and wherever', () => {
    const detector = createDetector()
    const words = [...DEFAULT_STOPWORDS, 'EXAMPLE', 'sample', 'changeme', 'AAAAAAAA', '1234567890']
      .map((word) => word.replace(/[^A-Za-z0-9]/g, ''))
      .filter((word) => word.length > 0 && word.length <= 30)
    const missed: string[] = []
    for (const prefix of ['ghp', 'gho', 'ghu', 'ghs', 'ghr', 'npm'])
      for (const word of words) {
        const at = Math.floor(Math.random() * (31 - word.length))
        const random = rnd(CS.alnum, 30)
        const body = random.slice(0, at) + word + random.slice(at + word.length)
        const token = j(prefix, '_', body, base62(crc32(body), 6))
        for (const [path, text] of [
          ['.env.example', `GITHUB_TOKEN=${token} # example\n`],
          ['README.md', `Use \`${token}\` as the token.\n`],
          ['main.go', `const token = "${token}"\n`],
        ] as const)
          if (detector.scanFile(path, text).findings.length === 0) missed.push(`${prefix} ${word} ${path}`)
      }
    expect(words.length).toBeGreaterThan(10)
    expect(missed).toEqual([])
  })
})

describe('key structure', () => {
  it('rejects bodies that do not parse as the label says', () => {
    const random = rnd(CS.b64, 64 * 6)
    expect(keyStructure('OPENSSH PRIVATE KEY', random)).toBeUndefined()
    expect(keyStructure('PRIVATE KEY', random)).toBeUndefined()
    expect(keyStructure('RSA PRIVATE KEY', '\n...\n')).toBeUndefined()
  })

  it('checks bech32 checksums', () => {
    expect(bech32ChecksumOk('a12uel5l')).toBe(true) // BIP 173 test vector
    expect(bech32ChecksumOk('a12uel5m')).toBe(false)
  })
})

describe('references and templates', () => {
  it.each([
    'op://vault/item/password',
    'vault:secret/data/app#password',
    'ref+awssecrets://prod/db#/password',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
    'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db',
    'akv://my-vault/db-password',
    '@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/db)',
    'gcp:secretmanager:projects/p/secrets/db',
    'projects/p/secrets/db/versions/latest',
    '%s',
    '{password}',
    // oauth2-proxy's tests: placeholders joined as a JWT's parts.
    '{metadata}.{payload}.{signature}',
    '...',
    '!env_var RADARR_4K_APIKEY',
    '!secret db_password',
    // held-out-18: grok patterns and Logstash field references in a pipeline kept in a Secret.
    '%{HTTPD_COMMONLOG}',
    '%{[source][address]}',
  ])('%j names where a secret lives or stands for one', (value) => {
    expect(isPlaceholder(value)).toBe(true)
  })

  // Published in RFC 6749/6750 and GitHub's API docs; digests of the empty input, whole or cut short.
  it.each([
    '2YotnFZFEjr1zCsicMWpAA',
    'tGzv3JOkF0XG5Qx2TlKWIA',
    'mF_9.B5f-4.1JqM',
    'ABTLWHOULUVAXGTRYU7OC2876QJ2O',
    'W8Ih3PswD-8',
    'e3b0c44298fc1c149afbf4c8996fb',
    'D41D8CD98F00B204E9800998ECF8427E',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    // AWS's example key pair cut before its EXAMPLE (held-out-18's Go tests).
    'AKIAIOSFODNN7',
    'wJalrXUtnFEMI/K7MDENG',
    // NZBGet's default control password (nzbget.conf).
    'tegbzn6789',
    // Stripe's docs sample test keys and Mailgun's docs sample key (split: no prefix in this file's text).
    ['sk', 'test_4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
    ['sk', 'test_BQokikJOvBiI2HlWgH4olfQ2'].join('_'),
    ['key', '3ax6xnjp29jd6fds4gc373sgvjxteol0'].join('-'),
    // held-out-24: Grafana's defaults.ini secret_key; the Supabase CLI's local S3 secret key.
    'SW2YcwTIb9zpOOhoPsMm',
    '850181e4652dd023b7a98c58ae0d2d34bd487ee0cc3254aed6eda37307425907',
    // held-out-25 (Authelia's tests): the TOTP example repeated or cut to the length a test needs.
    'JBSWY3DPEHPK3PXP',
    'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXJBSWY3DPEHPK3PXP',
    'JBSWY3DP',
    // held-out-27 (consul-k8s tests): the example UUID of Wikipedia's UUID article as an ACL token.
    '123e4567-e89b-12d3-a456-426614174000',
    // held-out-31 (gatus' README and tests): Telegram's Bot API docs example bot token, and the token
    // of BotFather's example reply as Telegram's docs spell it.
    ['123456', 'ABC-DEF1234ghIkl-zyx57W2v1u123ew11'].join(':'),
    ['110201543', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'].join(':'),
  ])('%j is a published example or constant', (value) => {
    expect(isPlaceholder(value)).toBe(true)
  })

  // Listed by SHA-256 digest (held-out-28: KrakenD's RFC 7517 keys, Wazuh's default API password in
  // a home lab's compose files, Kratos' TOTP snapshot); one character changed is no longer published.
  it.each([
    'GawgguFyGrWKav7AX4VKUg',
    'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
    ['MyS3cr37', 'P450r.*-'].join(''),
    'NBSWY3DPEHPK3PXQ',
  ])('%j is published (by digest), a one-character change of it is not', (value) => {
    expect(isPlaceholder(value)).toBe(true)
    const changed = value.slice(0, 5) + (value.charAt(5) === 'Q' ? 'R' : 'Q') + value.slice(6)
    expect(isPublishedExample(changed)).toBe(false)
  })

  // held-out-33: OpenCost's evaluation pricing-API key (its deployment manifest, bundled by charts)
  // and MinIO's test KMS key (minio-go's CI); a random key in the same place is found.
  it('keys their vendors publish for evaluation and tests are public; random ones in their place are not', () => {
    const detector = createDetector()
    const ids = (path: string, text: string): string[] =>
      detector.scanFile(path, text).findings.map((finding) => `${finding.line} ${finding.ruleId}`)
    const opencost = j('AIza', 'SyD29bGxmHAVEOBYtgd8sYM2gM2ekfxQX4U')
    const minio = j('my-minio-key:', 'OSMM+vkKUTCvQs9YL/CVMIMt43HFhkUpqJxTmGl6rYw=')
    const values = [
      'extraEnv:',
      `  CLOUD_PROVIDER_API_KEY: "${opencost}"`,
      `  CLOUD_PROVIDER_API_KEY: "${j('AIza', rnd(CS.url, 35))}"`,
    ].join('\n')
    expect(ids('values.yaml', values)).toEqual(['3 gcp-api-key'])
    const workflow = [
      'env:',
      `  MINIO_KMS_SECRET_KEY: ${minio}`,
      `  MINIO_KMS_SECRET_KEY: my-minio-key:${randomBytes(32).toString('base64')}`,
    ].join('\n')
    expect(ids('.github/workflows/go.yml', workflow)).toEqual(['3 generic-secret'])
  })

  // held-out-26 (Ory Hydra): RFC 6749/7662 request examples in doc comments, RFC 7517's example
  // private JWKs in tests, and a symmetric JWK whose `k` is base64url of `changeme` four times.
  it('leaves the RFC examples and a typed symmetric key alone, not a random key beside them', () => {
    const detector = createDetector()
    const ids = (path: string, text: string): string[] =>
      detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
    const comment = [
      '// The following is a non-normative example request:',
      '//',
      '//\tPOST /introspect HTTP/1.1',
      '//\tAuthorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW',
      '//\tAuthorization: Bearer 23410913-abewfq.123483',
      'package fosite',
      '',
    ].join('\n')
    expect(ids('fosite/introspection_request_handler.go', comment)).toEqual([])
    const ec = (d: string): string =>
      `{"kty":"EC",\n "crv":"P-256",\n "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",\n "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",\n "d":"${d}",\n "use":"enc",\n "kid":"1"}\n`
    expect(ids('client/validator_test.go', ec('870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE'))).toEqual([])
    expect(ids('client/validator_test.go', ec(randomBytes(32).toString('base64url')))).toEqual([
      'jwk-private-key',
    ])
    const oct = (k: string): string =>
      `{\n  "alg": "HS256",\n  "k": "${k}",\n  "kty": "oct",\n  "use": "sig"\n}\n`
    const typed = Buffer.from('changeme'.repeat(4)).toString('base64url')
    expect(ids('.snapshots/TestFetcherNext.json', oct(typed))).toEqual([])
    expect(ids('.snapshots/TestFetcherNext.json', oct(randomBytes(32).toString('base64url')))).toEqual([
      'jwk-private-key',
    ])
  })

  it.each([
    'e3b0c44298fc1c1',
    'e3b0c44298fc1c149afbf4c8996fb0',
    '2YotnFZFEjr1zCsicMWpAB',
    'wJalrXUtnFE',
    'wJalrXUtnFEMI/K7MDENGx',
    'JBSWY3D',
    'JBSWY3DPQZ8XK2VB7NLP4MWT',
    'JBSWY3DPEHPK3PXPQZ8X',
    '{header}.Qz8xK2vB7nLp4mWt9sRe',
    // a random UUID beside it is not
    '9f3c2a71-5b8e-4d06-b1f4-7e2d9c04a8b3',
  ])('%j is not (too short to tell, or different)', (value) => {
    expect(isPlaceholder(value)).toBe(false)
  })

  // held-out-17: a keyring config in an e2e Secret whose values a script substitutes for `#name`.
  it.each(['#token', '#vault_url', '#84_vault_ca', '#certVal'])(
    '%j is a marker a script replaces',
    (value) => {
      expect(isPlaceholder(value)).toBe(true)
    },
  )

  it('# and random letters and digits is a value', () => {
    for (let i = 0; i < 50; i++)
      expect(isPlaceholder(`#${rnd(CS.alnum, 7)}${rnd(CS.digits, 1)}${rnd(CS.alnum, 6)}`)).toBe(false)
  })

  // held-out-18 (Dovecot): a file's content read by its path, a hash scheme named in a setting.
  it.each(['</mail_crypt/ecprivkey.pem', '@./secrets/token.txt', 'sha1:6', 'SHA512-CRYPT', 'argon2id'])(
    '%j is a reference or a setting, not a value',
    (value) => {
      expect(looksLikeReference(value)).toBe(true)
    },
  )

  it.each([
    '/etc/ssl/private/tls.key',
    './secrets/db-password.txt',
    '~/.config/sops/age/keys.txt',
    '/var/run/secrets/kubernetes.io/serviceaccount/token',
    '/nix/store/0c9f2k1x7s3q8m4n5b6v7c8x9z0a1s2d-openssl-3.0.13/bin',
    'C:\\Users\\Admin\\MyApplication2\\config.json',
    '/System/Library/PrivateFrameworks/CoreSymbolication',
  ])('%j is a file path', (value) => {
    expect(looksLikeReference(value)).toBe(true)
  })

  // coturn's user=name:password drawn from `openssl rand -base64 30` failed 1 run in 4: a value that
  // opens with `/` and holds no `+` read as a path (1 random base64 password in 120 was dropped).
  it('random base64 that opens with / is a value, not a path', () => {
    let drawn = 0
    while (drawn < 200) {
      const value = randomBytes(30).toString('base64')
      if (!/^\/[\w/]+$/.test(value)) continue
      drawn += 1
      expect(looksLikeReference(value), value.slice(0, 4)).toBe(false)
    }
  })

  // held-out-24: code and references a value capture cut out of Terraform, a Python f-string in a
  // YAML hook, a helm-unittest pattern, a YAML alias.
  it.each([
    'try(data.aws_eks_cluster_auth.this[0',
    'coalesce(var.cluster.token,',
    '{os.environ.get(',
    '{get_config(',
    '\\\\$MY_OWN_VAR',
    '\\\\$\\\\{UPSTREAM_API_KEY\\\\',
    '*clientCert',
  ])('%j is code or a reference, not a value', (value) => {
    expect(looksLikeReference(value)).toBe(true)
  })

  it.each(['k3j_x(9#Xq!2Lm', 'r(9Xq2#LmZ', '*Xk9pQ2mZtR', '{Xk9pQ2mZtR7w', '\\Xk9pQ2mZtR7w'])(
    '%j, random text with code-like punctuation, is not a reference',
    (value) => {
      expect(looksLikeReference(value)).toBe(false)
    },
  )

  it('a Logstash pipeline in a Secret is judged by what it assigns', () => {
    const pipeline = (password: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: p\nstringData:\n  filters.conf: |-\n    filter {\n      grok {\n        match => { "message" => "%{HTTPD_COMMONLOG}"}\n      }\n    }\n  output.conf: |-\n    output {\n      elasticsearch {\n        password => "${password}"\n      }\n    }\n`
    const detector = createDetector()
    expect(detector.scanFile('pipeline.yaml', pipeline('${ES_PASSWORD}')).findings).toEqual([])
    // The password's line (15) is reported, nothing of the filter block (lines 6–11).
    const lines = detector.scanFile('pipeline.yaml', pipeline(rnd(CS.alnum, 20))).findings.map((f) => f.line)
    expect(lines).toContain(15)
    expect(lines.filter((line) => line < 12)).toEqual([])
  })

  it.each([
    'opaque-Xk29fLq0pRz',
    'vaultXk29fLq0pRz',
    'Xk29fLq0pRz.',
    '!Xk29fLq0pRz',
    '<Xk29fLq0pRz',
    '@Xk29fLq0pRz',
  ])('%j is a value', (value) => {
    expect(isPlaceholder(value)).toBe(false)
  })
})

describe('ciphertext', () => {
  const sops = `ENC[AES256_GCM,data:${rnd(CS.b64, 16)},iv:${rnd(CS.b64, 43)}=,tag:${rnd(CS.b64, 22)}==,type:str]`

  it.each([
    ['a whole sops value', sops],
    ['a sops value cut at its first comma (what the generic rules capture)', 'ENC[AES256_GCM'],
    ['a hiera-eyaml value', `ENC[PKCS7,${rnd(CS.b64, 200)}=]`],
    ['a hiera-eyaml value cut at its first comma', 'ENC[PKCS7'],
    ['a Spring Cloud Config hex ciphertext', `{cipher}${rnd(CS.hex, 64)}`],
    ['a Spring Cloud Config base64 ciphertext with a key name', `{cipher}{key:app}${rnd(CS.b64, 120)}==`],
  ])('%s is protected', (_, value) => {
    expect(isPlaceholder(value)).toBe(true)
  })

  // Once any value opening with `ENC[` passed as protected: a password wrapped in it went unreported.
  it.each([
    ['ENC[ and random text', `ENC[${rnd(CS.alnum, 24)}`],
    ['ENC[ and random text, closed', `ENC[${rnd(CS.alnum, 24)}]`],
    ['a sops value with text after it', `${sops}${rnd(CS.alnum, 20)}`],
    ['a sops value with a broken part', sops.replace(',type:str]', ',type:STR]')],
    ['a lowercase enc[ head', 'enc[aes256_gcm'],
    ['{cipher} and a short word', '{cipher}hunter2'],
    ['{cipher} and a value with a space', `{cipher}${rnd(CS.alnum, 12)} ${rnd(CS.alnum, 12)}`],
  ])('%s is not', (_, value) => {
    expect(isPlaceholder(value)).toBe(false)
  })
})

/** `plaintext` encrypted by the real `openssl enc` with a password, base64 on one line. */
function opensslEnc(plaintext: string): string {
  return execFileSync('openssl', ['enc', '-aes-256-cbc', '-pbkdf2', '-a', '-A', '-pass', 'pass:x1'], {
    input: plaintext,
  })
    .toString()
    .trim()
}

describe('ciphertext of the tools that encrypt config values', () => {
  const detector = createDetector()
  // Jasypt's AES layout (salt, IV, then CBC blocks) made with Node's crypto; a KMS blob's layout
  // (version bytes, key ARN, PKCS#7 encrypted data) made up around random bytes.
  const jasypt = (): string => {
    const key = randomBytes(32)
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-256-cbc', key, iv)
    const body = Buffer.concat([cipher.update(rnd(CS.alnum, 20)), cipher.final()])
    return `ENC(${Buffer.concat([randomBytes(16), iv, body]).toString('base64')})`
  }
  const kmsBlob = (): string => {
    const arn = Buffer.from(`arn:aws:kms:eu-west-1:123456789012:key/${randomUUID()}`)
    const oid = Buffer.from('06092a864886f70d010706', 'hex')
    return Buffer.concat([
      Buffer.from([1, 2, 2, 0, 0x78]),
      arn,
      Buffer.from([0, 0, 0, 0x6e, 0x30, 0x6c]),
      oid,
      randomBytes(96),
    ]).toString('base64')
  }

  it('judges 20 values of each as protected, in a properties file and a Secret', () => {
    const found: string[] = []
    for (let i = 0; i < 20; i++) {
      for (const value of [opensslEnc(rnd(CS.alnum, 24)), jasypt(), kmsBlob()]) {
        expect(isPlaceholder(value), value.slice(0, 12)).toBe(true)
        const properties = `spring.datasource.password=${value}\napi.secret="${value}"\n`
        const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: "${value}"\n`
        for (const [path, text] of [
          ['application.properties', properties],
          ['secret.yaml', secret],
        ] as const)
          found.push(...detector.scanFile(path, text).findings.map((f) => `${path}: ${f.ruleId}`))
      }
    }
    expect(found).toEqual([])
  })

  it('leaves look-alikes without the structure to the other rules', () => {
    expect(isPlaceholder('ENC(hunter2)')).toBe(false)
    // Base64 of 20 bytes inside ENC(…): no whole number of blocks.
    expect(isPlaceholder(`ENC(${randomBytes(20).toString('base64')})`)).toBe(false)
    expect(isPlaceholder(`U2FsdGVkX1${rnd(CS.alnum, 30)}`)).toBe(false)
    // A KMS-looking head over random bytes: no encrypted-data structure inside.
    expect(isPlaceholder(`AQICAHh${randomBytes(200).toString('base64').slice(7)}`)).toBe(false)
  })
})
