import { randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  INFRA_WORDS,
  isDictionaryWord,
  readsAsTypeName,
  readsAsTypedWords,
} from '../../src/scan/dictionary.js'
import { FRONT_CODED_WORDS } from '../../src/scan/dictionary-words.js'
import { createDetector } from '../../src/scan/engine.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'
import { ALPHABETS, seededValues } from './support/seeded-random.js'

const randomValue = seededValues(20261206)

describe('readsAsTypedWords', () => {
  it.each([
    'Summer2024!',
    'backup#2023',
    'P@ssw0rd',
    'correct-horse-battery-staple',
    'grafana_admin_password',
    'welcome%40home1',
    'MongoDB12!',
    'rabbitmq-user-password-1',
    'dashboardUser42',
    'Welcome@Home123',
    // held-out-14: a symbol typed into a word (URL-escaped), two letters of a word swapped.
    'sec%40ure',
    'sec#ure',
    'sercet',
    'Passwrod123',
    // tuning: a word with a name or syllables and a count, all lowercase.
    'bob4ever',
    'dolphin_123zc',
    // held-out-16 (CloudNativePG e2e Secrets): every letter that leet can stand for written so.
    '4ls054f3',
    '5up3r54f3',
    // Words typed in leet where a digit or symbol may stand for either of two letters (`$` for `s`
    // or `a`, `1` for `i` or `l`), at a word's end too, and run-together camelCase words with a count.
    'c0nf1gur4t10n!',
    'd4t4b4s3-0wn3r',
    'w3lc0m3H0m3',
    'G4t3k33p3r#1',
    '0p3r4t0rP@55',
    'thisIsMyCat7',
  ])('%s reads as typed words', (value) => {
    expect(readsAsTypedWords(value)).toBe(true)
  })

  it.each([
    'ghp',
    'ab1',
    'x9',
    '4zotzqDqXKasLFT2jzTs',
    'QmHumKc$mUeEem7caHtbaBaJ',
    'O.y8Q~MGIm9B.ahUlOx376EP7l5mu9xgIet6hdBD',
    // A word with random letters around it, or with capitals mixed in (generated).
    'dolphin7xkqz',
    'Dolphin_123Zc',
  ])('%s does not', (value) => {
    expect(readsAsTypedWords(value)).toBe(false)
  })

  // Measured on 100,000 values per alphabet and length: none of 12+ alphanumeric characters, about
  // 1 in 20,000 of 12 lowercase letters and digits, none of 20.
  it('almost never takes random text of 12 or more characters for words', () => {
    let words = 0
    for (const alphabet of Object.values(ALPHABETS)) {
      for (const length of [12, 16, 24, 32, 40]) {
        for (let i = 0; i < 3000; i++) if (readsAsTypedWords(randomValue(alphabet, length))) words++
      }
    }
    expect(words).toBeLessThanOrEqual(2)
    for (let i = 0; i < 3000; i++) {
      for (const value of [
        randomBytes(24).toString('base64'),
        randomBytes(20).toString('hex'),
        randomUUID(),
      ]) {
        expect(readsAsTypedWords(value), value).toBe(false)
      }
    }
  }, 180_000) // 69,000 values: a statistic, not a timed test (50 s at load 13 on 2 cores)

  it('takes at most 1 in 1,000 random 8-character values for words', () => {
    let words = 0
    for (let i = 0; i < 20_000; i++) if (readsAsTypedWords(randomValue(ALPHABETS.alnum, 8))) words++
    expect(words).toBeLessThan(20)
  })

  it('costs linear time on long letter runs', () => {
    const start = cpuMark()
    for (let i = 0; i < 2000; i++) readsAsTypedWords('a'.repeat(64))
    expect(cpuMsSince(start)).toBeLessThan(5000)
  })
})

describe('the scanner and typed words', () => {
  const detector = createDetector()
  const scan = (text: string): string[] =>
    detector.scanFile('app.env', text).findings.map((finding) => finding.ruleId)

  it('a demo password made of words is not reported; a random one beside it is', () => {
    expect(scan('DB_PASSWORD=Summer2024!\n')).toEqual([])
    expect(scan(`DB_PASSWORD=${randomValue(ALPHABETS.alnum, 20)}\n`)).not.toEqual([])
  })

  it('base64 of a demo password in a Secret is not reported', () => {
    const secret = (value: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${Buffer.from(value).toString('base64')}\n`
    expect(detector.scanFile('secret.yaml', secret('backup#2023')).findings).toEqual([])
    expect(detector.scanFile('secret.yaml', secret(randomValue(ALPHABETS.alnum, 24))).findings).not.toEqual(
      [],
    )
  })
})

describe('the dictionary, decoded a two-letter run at a time', () => {
  it('holds exactly the words of the whole list and the infrastructure terms', () => {
    const all = new Set<string>(INFRA_WORDS)
    let previous = ''
    for (const coded of FRONT_CODED_WORDS.split(' ')) {
      previous = previous.slice(0, Number(coded[0])) + coded.slice(1)
      all.add(previous)
    }
    expect(all.size).toBeGreaterThan(40_000)
    for (const word of all) expect(isDictionaryWord(word), word).toBe(true)
    // Near misses in every run (a letter more, less or changed), and each two-letter prefix.
    let misses = 0
    for (const word of all) {
      for (const near of [word.slice(0, -1), `${word}s`, `${word.slice(0, -1)}q`, word.slice(0, 2)]) {
        expect(isDictionaryWord(near), near).toBe(all.has(near))
        if (!all.has(near)) misses++
      }
    }
    expect(misses).toBeGreaterThan(40_000)
    expect(isDictionaryWord('kubernetes')).toBe(true)
  })
})

describe('readsAsTypeName', () => {
  it.each([
    'CertManagerIoV1CertificateSpecPrivateKey',
    'PostgresqlCnpgIoV1ClusterSpecExternalClustersItems0BarmanObjectStoreS3Credentials',
    'MonitoringCoreosComV1alpha1AlertmanagerConfigSpecReceiversItems0OpsgenieConfigsItems0APIKey',
    '[OpsCrossplaneIoV1alpha1OperationSpecPipelineItems0CredentialsItems0]',
    'GatewayEnvoyproxyIoV1alpha1HTTPRouteFilterSpecCredentialInjectionCredential',
  ])('%s is a type name', (value) => {
    expect(readsAsTypeName(value)).toBe(true)
  })

  it.each(['BackupRef', 'Summer2024Winter', 'dGhpcyBpcyBhIHRlc3Q', 'AKIAIOSFODNN7EXAMPLE'])(
    '%s is not',
    (value) => {
      expect(readsAsTypeName(value)).toBe(false)
    },
  )

  it('no random value of letters and digits reads as one', () => {
    let read = 0
    for (const alphabet of [ALPHABETS.alnum, ALPHABETS.lowerDigits, ALPHABETS.lower, ALPHABETS.upperDigits])
      for (const length of [12, 16, 24, 32, 48, 64])
        for (let i = 0; i < 2000; i++) if (readsAsTypeName(randomValue(alphabet, length))) read++
    expect(read).toBe(0)
  })
})
