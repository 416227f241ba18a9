/**
 * Values typed by a person (src/scan/hand-typed.ts): test passwords made of words, the file's names
 * and keyboard runs (held-out-30: `l0gt0_T3st_P@ssw0rd` in logto's tests, `1234asd$`,
 * `silverhandasd_1`) and a typed chunk pasted again and again (supertokens' test API keys) are
 * reported warn-only, as typed words; random values — seeded draws and CSPRNG output — are not read
 * so, and stay secrets.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { fileNames } from '../../src/scan/file-names.js'
import { typedPieces } from '../../src/scan/hand-typed.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'
import { ALPHABETS, seededValues } from './support/seeded-random.js'

const randomValue = seededValues(20261207)

const LOGTO_TEST = "import { createUser } from '@logto/schemas';\n"

describe('typedPieces', () => {
  const logto = fileNames('packages/integration-tests/src/tests/api/sign-in.test.ts', LOGTO_TEST)

  it.each([
    // keyboard runs: the digit row, the home row, the alphabet
    '1234asd$',
    'Abcd!234',
    'qwerty_asdfgh!1',
    // words (also in leet) with a keyboard run, a count and separators
    'silverhandasd_1',
    'T3st_P@ssw0rd_zxc',
    'backup1234qwer',
  ])('%s reads as typed', (value) => {
    expect(typedPieces(value)).toBe(true)
  })

  it('reads the names of the file as words a person typed', () => {
    expect(typedPieces('l0gt0_T3st_P@ssw0rd', () => logto)).toBe(true)
    expect(typedPieces('l0gt0_T3st_P@ssw0rd')).toBe(false)
    expect(typedPieces('logtotest', () => logto)).toBe(true)
  })

  it.each([
    // random values judged true in real repositories, and generated ones
    'zsol7Hd13k6S',
    '2ju7LCfhOshL',
    'Vq8d5Ojh9v4rLNCCRgeluEY',
    'O.y8Q~MGIm9B.ahUlOx376EP7l5mu9xgIet6hdBD',
    'ahng3Aiz',
    // hex is a digest or a key, whatever its letters spell
    'c0de0becfaded281',
    // a word inside random letters
    'dolphin7xkqz9Tq',
  ])('%s does not', (value) => {
    expect(typedPieces(value)).toBe(false)
  })
})

describe('random values are not typed by hand', () => {
  // Measured on 20,000 values per alphabet and length: none of 12 to 48 characters, 1 of 8 alphanumeric ones.
  it('none of 12 to 48 characters, seeded', () => {
    const typed: string[] = []
    for (const alphabet of Object.values(ALPHABETS))
      for (const length of [12, 14, 16, 20, 24, 32, 48])
        for (let i = 0; i < 1500; i++) {
          const value = randomValue(alphabet, length)
          if (typedPieces(value)) typed.push(value)
        }
    expect(typed).toEqual([])
  }, 180_000)

  it('at most 1 in 2,000 of 8 to 11 characters, seeded', () => {
    let typed = 0
    let drawn = 0
    for (const alphabet of Object.values(ALPHABETS))
      for (const length of [8, 9, 10, 11])
        for (let i = 0; i < 1500; i++, drawn++) if (typedPieces(randomValue(alphabet, length))) typed++
    expect(typed).toBeLessThanOrEqual(drawn / 2000)
  }, 120_000)

  it('never CSPRNG output: base64, base64url, hex, UUIDs', () => {
    for (let i = 0; i < 2000; i++)
      for (const value of [
        randomBytes(18).toString('base64'),
        randomBytes(24).toString('base64url'),
        randomBytes(16).toString('hex'),
        randomUUID(),
      ])
        expect(typedPieces(value), value).toBe(false)
  }, 120_000)

  it('costs linear time on the longest values it reads', () => {
    const start = cpuMark()
    for (let i = 0; i < 2000; i++) {
      typedPieces('password'.repeat(6))
      typedPieces('qwerty12'.repeat(6))
      typedPieces('a'.repeat(256))
    }
    expect(cpuMsSince(start)).toBeLessThan(5000)
  })
})

describe('the scanner and hand-typed values', () => {
  const detector = createDetector()
  const rules = (path: string, text: string): string[] =>
    detector.scanFile(path, text).findings.map((finding) => finding.ruleId)

  it('reports a typed test password warn-only, and a random one beside it as a secret', () => {
    const file = 'packages/core/src/tests/sign-in.test.ts'
    expect(rules(file, `${LOGTO_TEST}const password = 'l0gt0_T3st_P@ssw0rd';\n`)).toEqual([
      'typed-word-password',
    ])
    expect(rules(file, `const password = '1234asd$';\n`)).toEqual(['typed-word-password'])
    expect(rules(file, `const password = '${randomValue(ALPHABETS.alnum, 20)}';\n`)).toEqual([
      'generic-password',
    ])
  })

  // Keyboard mash and a random-looking chunk pasted again are judged as any random-looking value
  // (bench/REAL-REPOS.md, session 26): a gate cannot tell a hand from a machine.
  it('reports keyboard mash, and a chunk of it pasted again, as a secret', () => {
    expect(
      rules('src/test/SaaSSecretTest.java', 'String apiKey = "kq40239uirjgBHD9450=Baaw123--kq40239uir";\n'),
    ).toEqual(['generic-api-key'])
    expect(
      rules(
        'src/test/SaaSSecretTest.java',
        'Utils.setValueInConfig("api_keys", "adslfkj398erchpsodihfp3w9q8ehcpioh");\n',
      ),
    ).toEqual(['generic-api-key'])
  })

  it('does not report a digest whose preimage the line above names; reports a random token there', () => {
    const fixture = (comment: string, token: string): string =>
      `-\n  id: 1\n  # ${comment}\n  token: '${token}'\n`
    const digest = createHash('sha256').update('passwordresettesttoken').digest('hex')
    expect(
      rules('pkg/db/fixtures/user_tokens.yml', fixture("sha256 of 'passwordresettesttoken'", digest)),
    ).toEqual([])
    const random = randomBytes(32).toString('hex')
    expect(
      rules('pkg/db/fixtures/user_tokens.yml', fixture("sha256 of 'passwordresettesttoken'", random)),
    ).toEqual(['generic-token'])
  })
})
