/**
 * Demo values and word-shaped identifiers (src/scan/demo-value.ts): what people write to stand for a
 * secret is recognised, and random secrets — made here by a CSPRNG-shaped generator and by openssl —
 * are not mistaken for it.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  decodedBase32Text,
  decodedHexText,
  decodedText,
  isDemoValue,
  looksLikeWords,
  passwordRepeatsUser,
  readsAsProse,
} from '../../src/scan/demo-value.js'
import { CS, rnd } from './rules/tokens.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

// Random secrets of the shapes real ones have: passwords, API keys, hex, base64, UUIDs.
function randomSecrets(count: number, lengths: readonly number[]): string[] {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const n = lengths[i % lengths.length] ?? 16
    out.push(rnd(CS.alnum, n), rnd(`${CS.lower}${CS.digits}`, n), rnd(`${CS.alnum}-_.!`, n), rnd(CS.hex, n))
  }
  return out
}

describe('isDemoValue', () => {
  it.each([
    'my-password',
    'your_api_token',
    'the-username',
    'S3cr3tP@ss',
    's3cr3t-Pa55w0rd',
    'supersecretpassword',
    'test-password',
    'strong-password',
    'p@ss',
    'test123',
    'abc123xyz',
    'access-code-123',
    'hello-world',
    'example-app-secret',
    'admin',
    "shhhh! it's a github secret",
    '**access token goes here**',
    'abcde12345',
    'qwerty123',
    'asdf1234',
    '123456abcdef',
    '87654321-432104321-4321-210987654321',
    'zyxwvu98765',
    // Leet with any digit for a vowel of a long word, and words people add (`super`, `extreme`).
    'supers1cret0',
    's1cret0',
    '3xtr3ms3cr3t',
    // An alphabet run interleaved with a digit run.
    'A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6',
    'a1b2c3d4',
    // held-out-5/6: leet-speak of a credential word with English around it, words with a counted run.
    '3xtr3ms3cr3t',
    'sup3rs3cr3tp4ss',
    'pass-123456',
    'user-654321',
    'secretId',
    // held-out-8: an owner word before a credential word, a word with digits counted up.
    'myfancypassword',
    'bitnami1234',
    // held-out-8 leftovers: a credential word with a digit run for one or two inner letters.
    'Pa58163word',
    'pa12word',
    'se99ret',
    // held-out-10: a word dressed up for a password policy, capital first or digits and a symbol on the end.
    'MariaDB11!',
    'Minio11!',
    'MaxScale11!',
    'Harbor12345',
    'Welcome1!',
    'ChangeMe123!',
    'Summer2024!',
    'dolphin99#',
    // A provider token prefix before a word.
    'ghp_secret',
    'xoxb-your-token',
    'sk_live_changeme',
    // held-out-11: words naming themselves, a credential word split by a separator.
    'clickhouse_operator_password',
    'grafana_dashboard_user_password',
    'p@ss/word',
    'report/pass',
    // held-out-12 and -14: a product's name with a counted run of digits, symbols around.
    'Opstree1234',
    'Opstree@1234',
    'Opstree@1234sentinel',
    'Keda@12345!',
    // A word and a credential word in camelCase, leet-speak read as letters (tuning: an e2e password).
    'E2eAdminPassw0rd!23',
    'MyS3cret#1',
    'prodTokenValue_01',
    // A credential word labelled with an initial and a number (held-out-6: base64 of one in a CHAP Secret).
    'mpass2',
    'pwd1',
    'xsecret12',
    // held-out-17 (Percona e2e Secret): what the value is for, then the credential word.
    'pmmserver_password',
    'repl-secret',
    // held-out-11 (Percona's CSV, base64 in alm-examples): slang spellings between symbols.
    'supa|^|pazz',
    'supa~pazzword',
    // held-out-12 (kustomize's expected output): base64 of a password from the most-common lists.
    'iloveyou',
    'sunshine123',
  ])('%j is a demo value', (value) => {
    expect(isDemoValue(value)).toBe(true)
  })

  it.each([
    'Tr0ub4dor&3x',
    'correct horse battery staple',
    'Zr8-vQ2mK7pL',
    'hunter22x9Q',
    'abc12345zz',
    'xyz9Kq2mabc',
    'postgres://u:p@h/db',
    'KgB7xQ9mM2jL5pN',
    'a1b9c3d2e7f4x0q8',
    's9cr7tZ',
    // Their real-shaped counterparts: a credential word inside random text, digits not counted.
    'Xk9secretQ2',
    'q8s3cr3tzv7w',
    'pass-839201',
    'bitnami8271',
    'myXk9passwordQ',
    'Kb58163word',
    'pa58163wxyz',
    // Not dressed words: lowercase with digits only, random letters before the digits, classes mixed.
    'hunter2',
    'hunter22',
    'Qmhumkcm11!',
    'Xk9qMariaDB11!',
    'MariaDB11!x',
    'kugriVV8',
    'ghp_baR2qnFF0O41WlucePL3udt2N9vVZS4R0hAS',
    'correct-horse-battery-staple',
    'Xk9q/pass/Zr8v',
    // Letters no language spells, or digits not counted, around a name.
    'xkqzvbnm1234',
    'Opstree@1274',
    'Keda@12345!Xq9',
    // A capitalised credential word after random letters, or lowercase inside random text.
    'Xk9qTokenZ2',
    'xQsecret7Kp',
    'xkqpass93zt',
    // A credential word after random text of mixed case or with digits.
    'Xk9qZr8v_password',
    'qzv8rkt_secret',
    'zq8v|^|xk7w',
  ])('%j is not', (value) => {
    expect(isDemoValue(value)).toBe(false)
  })

  it('never takes a random secret for a demo value', () => {
    const secrets = randomSecrets(2000, [8, 12, 16, 24, 32, 40])
    secrets.push(execFileSync('openssl', ['rand', '-base64', '24'], { encoding: 'utf8' }).trim())
    secrets.push(execFileSync('openssl', ['rand', '-hex', '20'], { encoding: 'utf8' }).trim())
    expect(secrets.filter((secret) => isDemoValue(secret))).toEqual([])
  })

  // Eight random characters can spell a word and end in digits by chance (`TixpdUS4`): about 1 in
  // 5,000 with crypto-random values; the bound says how much of that price is accepted.
  it('takes fewer than 1 in 1,000 random 8-character secrets for demo values', () => {
    for (const charset of [CS.alnum, `${CS.alnum}!#$%&*?@-_`]) {
      const values = Array.from({ length: 20_000 }, () => rnd(charset, 8))
      expect(values.filter((value) => isDemoValue(value)).length).toBeLessThan(20)
    }
  })
})

// Hand-typed values seen on unseen trees (held-out-28: a home lab's compose placeholders, Kratos'
// test config stubs and tests; held-out-25: Pomerium's redaction canary).
describe('isDemoValue: keyboard mash and words around a short id', () => {
  it.each([
    'sdfjuhSDFjkh_sdfjSDFSD3sddjh',
    'dskfj23kkjsdkjsdfjkl3sdfgfsdfhsdfkh3ozxpqzx',
    'asdasdasdsa21312@#!@%',
    'session-key-7f8a9b77-1',
    'uniq-leak-canary-9f3a',
    'cookie_secret_a1b2c3d4',
  ])('%j is typed by a person', (value) => {
    expect(isDemoValue(value)).toBe(true)
  })

  it.each([
    // Hex repeats three letters by chance: not judged as mash.
    'deadbeefdeadbeefdeadbeef0123456789abcdef',
    // A long random id among words, or random text around a word.
    'session-key-7f8a9b77c1d2e3f4a5b6',
    'prod-Xk9qLm2vR7-key',
    // Mash beyond 48 characters is no longer one short value (a base64 blob repeats structure).
    `${'sdf'.repeat(10)}${rnd(CS.alnum, 30)}`,
  ])('%j is not', (value) => {
    expect(isDemoValue(value)).toBe(false)
  })

  it('never takes random secrets of 16–48 characters for mash or a short id among words', () => {
    const secrets = randomSecrets(3000, [16, 24, 32, 48])
    for (let i = 0; i < 500; i++) secrets.push(`${rnd(CS.lower, 7)}-${rnd(CS.alnum, 12)}-${rnd(CS.hex, 8)}`)
    expect(secrets.filter((secret) => isDemoValue(secret))).toEqual([])
  })
})

describe('decodedBase32Text', () => {
  const b32 = (text: string): string => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
    const bits = [...Buffer.from(text)].map((byte) => byte.toString(2).padStart(8, '0')).join('')
    return (
      bits
        .match(/.{1,5}/g)
        ?.map((five) => alphabet[parseInt(five.padEnd(5, '0'), 2)])
        .join('') ?? ''
    )
  }

  it('decodes base32 of printable text: a TOTP test secret typed as text', () => {
    expect(decodedBase32Text(b32('12345678901234567890'))).toBe('12345678901234567890')
    expect(isDemoValue(decodedBase32Text(b32('sfgasfasdasdasdasfgasgfasdasd231231')) ?? '')).toBe(true)
  })

  it('leaves base32 of random bytes (a real TOTP secret), short and non-base32 values alone', () => {
    const random = Array.from({ length: 2000 }, () => rnd('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 32))
    expect(random.filter((value) => decodedBase32Text(value) !== undefined)).toEqual([])
    expect(decodedBase32Text(b32('hello'))).toBeUndefined() // 8 characters: too short to judge
    expect(decodedBase32Text('not base32 at all!')).toBeUndefined()
  })
})

describe('decodedHexText', () => {
  it('decodes hex of printable text, either case', () => {
    const hex = Buffer.from('this should not appear in output').toString('hex')
    expect(decodedHexText(hex)).toBe('this should not appear in output')
    expect(decodedHexText(hex.toUpperCase())).toBe('this should not appear in output')
  })

  it('leaves random hex keys, odd lengths and mixed case alone', () => {
    const keys = Array.from({ length: 2000 }, () => rnd(CS.hex, 32))
    expect(keys.filter((key) => decodedHexText(key) !== undefined)).toEqual([])
    expect(decodedHexText('74686973207')).toBeUndefined()
    expect(decodedHexText('7468697320736F756c64')).toBeUndefined()
  })
})

describe('looksLikeWords', () => {
  it.each([
    'custom-CA',
    'more-custom-CAs',
    'OpenshiftCA',
    'featureNewUI',
    'test-login-1',
    'SERVICE_NAME-2',
    'some-array[0].entity',
    'iam_credentials/',
    'invalid-utf8',
    'restic_s3_access_key',
    'b64_encoded_str',
    'External',
    'REDACTED',
    'hunter22',
    'helm-chart-signing-key:private_key',
    'etcd-cluster',
    'signing-key:passphrase',
    'toBeOverridden',
    'CLIENTCERTPAIRCRT',
  ])('%j reads as words', (value) => {
    expect(looksLikeWords(value)).toBe(true)
  })

  it.each([
    'Skt2T0tjMk5PdQ',
    'a391df94-dd1f-46d6-b3ab-60e90f23e8a2',
    'Summer2024!',
    'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  ])('%j does not', (value) => {
    expect(looksLikeWords(value)).toBe(false)
  })

  // Translation files: the words for password and secret in other languages (held-out-14).
  it.each([
    'Contraseña',
    'Tajemství',
    'Пароль',
    'Jelszó',
    'Noslēpumi',
    'Wachtwoord',
    'Organisationsgeheimnis',
    'Register-Zugangsdaten',
    'OAuth-Client-Geheimnis',
    // held-out-18 (mailcow's UI): scripts without case, a form label's colon, an acronym among words.
    'アプリパスワード',
    '新しいクライアントシークレットを生成',
    '管理應用程式密碼',
    '비밀번호',
    'Contraseña:',
    'API-nøkkel',
  ])('%j reads as words of some language', (value) => {
    expect(looksLikeWords(value)).toBe(true)
  })

  it.each([
    'Xkqzvbnmtrwp',
    'Yjhgupfzyrii',
    'PFeL4TILQQ',
    'Qwrtzxkvbn-Plmk',
    'ÄbC9dEfG',
    'Xkqzvbnmtrwp:',
    'ABC-ÄbC9',
  ])('%j, random letters, does not', (value) => {
    expect(looksLikeWords(value)).toBe(false)
  })

  // Letters only, capital first, is the shape of a word in any language; random values seldom
  // have it and then seldom spell like one. Measured on 400,000 of 10–16 characters: 113 read as
  // words, 109 of them through the English reading's camelCase pieces (`RKMFsoogWhy`), 4 as one
  // capitalised word.
  it('takes fewer than 1 in 1,000 random alphanumeric values of 10–16 characters for words', () => {
    const values = Array.from({ length: 20000 }, (_, i) => rnd(CS.alnum, 10 + (i % 7)))
    expect(values.filter((value) => looksLikeWords(value)).length).toBeLessThan(20)
  })

  it('does not take random secrets of 16+ characters for words', () => {
    expect(randomSecrets(2000, [16, 20, 24, 32, 40]).filter((secret) => looksLikeWords(secret))).toEqual([])
  })

  // Short random values can spell something by chance; the rate is the price of the filter
  // (measured: about 0.2 % of 8-character alphanumeric passwords, 0.8 % of lowercase ones).
  it('takes fewer than 1 % of 8-character random passwords for words', () => {
    const secrets = randomSecrets(2500, [8])
    expect(secrets.filter((secret) => looksLikeWords(secret)).length).toBeLessThan(secrets.length / 100)
  })
})

describe('decodedText', () => {
  it('decodes short base64 of printable text, whitespace ignored', () => {
    expect(decodedText(b64('test'))).toBe('test')
    expect(decodedText(`${b64('strong-')}\n${b64('password')}`.replace(/=/g, ''))).toBeUndefined()
    expect(decodedText(b64('foo:bar'))).toBe('foo:bar')
  })

  it('decodes base64 cut out of a longer encoding (no padding)', () => {
    expect(decodedText(b64('--BEGIN `PRIVATE ').replace(/=+$/, ''))).toBe('--BEGIN `PRIVATE ')
    expect(decodedText(b64('secretId').slice(0, 9))).toBeUndefined() // 9 characters are no encoding
  })
})

describe('passwordRepeatsUser', () => {
  it('tells a password repeating its user name from a real one', () => {
    expect(passwordRepeatsUser('hydra', 'hydra')).toBe(true)
    expect(passwordRepeatsUser('Admin', 'admin')).toBe(true)
    expect(passwordRepeatsUser('hydra', 'hydra-9Xk2Lq')).toBe(false)
    expect(passwordRepeatsUser('', '')).toBe(false)
  })

  it('leaves random bytes, long values and non-base64 alone', () => {
    expect(decodedText(rnd(CS.alnum, 24))).toBeUndefined()
    expect(decodedText(b64('x'.repeat(300)))).toBeUndefined()
    expect(decodedText(b64('x'.repeat(300)), 1024)).toBe('x'.repeat(300))
    expect(decodedText('not base64!')).toBeUndefined()
    const binary = Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 37 + 128) % 256)).toString('base64')
    expect(decodedText(binary)).toBeUndefined()
  })
})

// held-out-24 (Tekton samples): what a Secret's field should hold, written where its value belongs.
describe('readsAsProse', () => {
  it.each([
    'The allowed cipher algorithms. If unspecified then a sensible default is used.',
    'passphrase of the private ssh key in base64',
    'this is id_rsa base64 string',
  ])('%j is a description', (text) => {
    expect(readsAsProse(text)).toBe(true)
  })

  it.each([
    'correct horse battery staple',
    "CREATE USER 'app'@'%' IDENTIFIED BY 'hunter22';",
    'the password of the admin is hunter22',
    'the key is Xk9pQ2mZtR7w for this',
    'set to ${DB_PASSWORD} in the env',
  ])('%j is not', (text) => {
    expect(readsAsProse(text)).toBe(false)
  })
})
