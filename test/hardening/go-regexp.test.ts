/**
 * Regexes from files an attacker may write (SOPS metadata, `.sops.yaml`, `gitseal.yaml`) run in
 * linear time with Go's RE2 syntax and semantics: a planted `^(a+)+$` costs milliseconds, not
 * minutes, and every pattern means what it means to sops (checked against Go's own regexp).
 */
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { goRegExp, tryGoRegExp } from '../../src/core/go-regexp.js'
import { GitsealError } from '../../src/core/errors.js'
import { compileAllowlist } from '../../src/scan/allowlist.js'
import { createDetector } from '../../src/scan/engine.js'
import { parseSopsPolicy, ruleForPath } from '../../src/scan/sops-policy.js'
import { encrypt, openSops, parseSopsConfig } from '../../src/sops/index.js'
import { describeWithGo, runGoHarness } from '../support/go-harness.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const EVIL = '^(a+)+$'
// Backtracking engines double their work per character here: 2^1000 steps (YAML keys stop at 1024).
const LONG = `${'a'.repeat(1000)}!`

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = cpuMark()
  const value = fn()
  return { ms: cpuMsSince(start), value }
}

describe('one Go regexp module', () => {
  it('runs a catastrophic pattern in linear time', () => {
    const re = goRegExp(EVIL, 'test')
    const { ms, value } = timed(() => re.test(`${'a'.repeat(1_000_000)}!`))
    expect(value).toBe(false)
    expect(ms).toBeLessThan(1000)
    expect(re.test('aaaa')).toBe(true)
  })

  it('strict mode throws E_BAD_CONFIG naming the place and the pattern', () => {
    let error: unknown
    try {
      goRegExp('a(?=b)', '.sops.yaml: creation_rules[0].path_regex')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(GitsealError)
    expect((error as GitsealError).code).toBe('E_BAD_CONFIG')
    expect((error as GitsealError).message).toContain('.sops.yaml: creation_rules[0].path_regex')
    expect((error as GitsealError).message).toContain('"a(?=b)"')
  })

  it('accepts (?<name>…) as Go 1.22+ (which builds sops 3.9+) does', () => {
    expect(goRegExp('(?<name>x)y', 'test').test('xy')).toBe(true)
  })

  it('lenient mode returns the reason instead of a regexp', () => {
    expect(tryGoRegExp('(a')).toEqual(expect.stringContaining('missing closing )'))
    expect(typeof tryGoRegExp('(?P<n>a)')).toBe('object')
  })

  it('finds group spans by number and name, skipping empty matches', () => {
    const re = goRegExp('key=(?P<secret>[a-z]*)', 'test')
    const found = [...re.matches('key=abc key= key=x')].map((m) => m.group('secret'))
    expect(found).toEqual([
      [4, 7],
      [12, 12],
      [17, 18],
    ])
    expect([...goRegExp('x*', 'test').matches('axxb')].map((m) => [m.start, m.end])).toEqual([[1, 3]])
  })
})

const HARNESS = new URL('./go-regexp-interop/main.go', import.meta.url)

describeWithGo('agrees with Go regexp (what sops runs)', () => {
  const cases: { pattern: string; input: string }[] = [
    { pattern: '(?i)^SECRET$', input: 'secret' },
    { pattern: '^data$', input: 'DATA' },
    { pattern: 'a\\z', input: 'a\n' },
    { pattern: 'a$', input: 'a\n' },
    { pattern: '(?m)a$', input: 'a\nb' },
    { pattern: '(?P<name>x)y', input: 'xy' },
    { pattern: '\\d', input: '\u0663' },
    { pattern: '\\w', input: 'é' },
    { pattern: '[[:alpha:]]+', input: 'abc' },
    { pattern: '\\pL', input: 'é' },
    { pattern: '(?s)a.b', input: 'a\nb' },
    { pattern: 'a.b', input: 'a\nb' },
    { pattern: '(?U)a+', input: 'aa' },
    { pattern: '\\Qa.b\\E', input: 'a.b' },
    { pattern: '\\Qa.b\\E', input: 'axb' },
    { pattern: 'a(?=b)', input: 'ab' },
    { pattern: '(a)\\1', input: 'aa' },
    { pattern: 'a{1001}', input: 'a' },
    { pattern: '[z-a]', input: 'a' },
    { pattern: '\\bkey\\b', input: 'a key!' },
    { pattern: '^(data|stringData)$', input: 'stringData' },
    { pattern: '.*\\.enc\\.ya?ml$', input: 'apps/x.enc.yml' },
    { pattern: '^.', input: '\u{1F600}' },
    { pattern: EVIL, input: LONG },
  ]

  it('compiles exactly what Go compiles and matches what Go matches', () => {
    const go = runGoHarness(HARNESS, cases) as { compiles: boolean; matches: boolean }[]
    const ours = cases.map(({ pattern, input }) => {
      const re = tryGoRegExp(pattern)
      return typeof re === 'string'
        ? { compiles: false, matches: false }
        : { compiles: true, matches: re.test(input) }
    })
    expect(ours).toEqual(go)
  }, 180_000)
})

describe('attacker-controlled regexes stay linear', () => {
  it('sops: encrypt and decrypt with encrypted_regex ^(a+)+$ and a long key in under 1 s each', async () => {
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const text = `${LONG}: value\nother: x\n`
    const start = cpuMark()
    const encrypted = await encrypt(text, {
      format: 'yaml',
      recipients: [recipient],
      rules: { encryptedRegex: EVIL },
    })
    expect(cpuMsSince(start)).toBeLessThan(1000)
    expect(encrypted).toContain(`${LONG}: value`)
    const opened = timed(() =>
      openSops(encrypted, { format: 'yaml', identities: [{ identity, source: 'test' }] }),
    )
    await opened.value
    expect(opened.ms).toBeLessThan(1000)
  })

  it('sops: a non-RE2 regex in metadata is refused naming the file', async () => {
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const encrypted = await encrypt('a: b\n', { format: 'yaml', recipients: [recipient] })
    const planted = encrypted.replace('unencrypted_suffix: _unencrypted', 'encrypted_regex: (?<!x)a')
    await expect(
      openSops(planted, { format: 'yaml', file: 'planted.yaml', identities: [{ identity, source: 'test' }] }),
    ).rejects.toThrow(/planted\.yaml: sops\.encrypted_regex: invalid regular expression/)
  })

  it('sops: an encrypted_regex longer than 1024 characters is refused at once (a 250 KB one cost 71 s on 100 KB of keys)', async () => {
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const keys = Array.from({ length: 2000 }, (_, i) => `${'a'.repeat(40)}${i}: v`).join('\n')
    const encrypted = await encrypt(`${keys}\n`, { format: 'yaml', recipients: [recipient] })
    const long = `${'[a-z]'.repeat(50_000)}[0-9]`
    const planted = encrypted.replace('unencrypted_suffix: _unencrypted', `encrypted_regex: '${long}'`)
    const start = cpuMark()
    await expect(
      openSops(planted, { format: 'yaml', file: 'planted.yaml', identities: [{ identity, source: 'test' }] }),
    ).rejects.toThrow(
      /planted\.yaml: sops\.encrypted_regex: .*expression longer than 1024 characters \(250005\)/,
    )
    expect(cpuMsSince(start)).toBeLessThan(2000)
    // At the limit, a pattern still compiles and runs.
    expect(typeof tryGoRegExp(`${'[a-z]'.repeat(204)}0`)).not.toBe('string')
  })

  it('.sops.yaml: path_regex ^(a+)+$ matched against a long path in under 1 s', () => {
    const config = parseSopsConfig(
      `creation_rules:\n  - path_regex: '${EVIL}'\n    age: age1x\n`,
      '.sops.yaml',
    )
    expect(config.creationRules).toHaveLength(1)
    const policy = parseSopsPolicy('.sops.yaml', `creation_rules:\n  - path_regex: '${EVIL}'\n`)
    const { ms, value } = timed(() => ruleForPath(policy, LONG))
    expect(value).toBeUndefined()
    expect(ms).toBeLessThan(1000)
  })

  it('scan: a SOPS file whose metadata plants ^(a+)+$ scans in under 1 s', () => {
    const detector = createDetector()
    const file = `${LONG}: plain\nsops:\n  age:\n    - recipient: age1x\n      enc: x\n  lastmodified: "2024-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:x,iv:x,tag:x,type:str]\n  encrypted_regex: '${EVIL}'\n  version: 3.9.0\n`
    const { ms } = timed(() => detector.scanFile('secret.enc.yaml', file))
    expect(ms).toBeLessThan(1000)
  })

  it('scan: a metadata regex that is not RE2 fails closed (plaintext values are findings)', () => {
    const detector = createDetector()
    const file = `password: hunter2-not-encrypted\nsops:\n  age:\n    - recipient: age1x\n      enc: x\n  lastmodified: "2024-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:x,iv:x,tag:x,type:str]\n  encrypted_regex: '(?=p)'\n  version: 3.9.0\n`
    const ids = detector.scanFile('secret.enc.yaml', file).findings.map((f) => f.ruleId)
    expect(ids).toContain('sops-unencrypted-value')
  })

  it('scan: a .sops.yaml rule with a non-RE2 path_regex is reported, not skipped silently', () => {
    const policy = parseSopsPolicy('.sops.yaml', "creation_rules:\n  - path_regex: '(?=x)'\n")
    expect(policy.config.creationRules).toEqual([])
    expect(policy.notes.join('\n')).toMatch(/creation_rules\[0\]\.path_regex is not a valid RE2 regex/)
  })

  it('gitseal.yaml: extra rules and allowlist regexes run on RE2', () => {
    const detector = createDetector({
      extraRules: [{ id: 'evil', regex: '(a+)+$', keywords: ['a'] }],
      allowlist: { regexes: [EVIL] },
    })
    const { ms } = timed(() => detector.scanFile('x.txt', `${'a'.repeat(20_000)}!\n`))
    expect(ms).toBeLessThan(1000)
    expect(() => compileAllowlist({ regexes: ['(?!x)'] })).toThrow(/scan\.allowlist\.regexes\[0\]/)
    expect(() => createDetector({ extraRules: [{ id: 'x', regex: '(?<=a)b' }] })).toThrow(/not valid RE2/)
  })

  it('gitseal.yaml: an extra rule reports its secret group and skips placeholders', () => {
    const detector = createDetector({
      extraRules: [{ id: 'acme', regex: 'acme_(?P<secret>[A-Za-z0-9]{20})', keywords: ['acme_'] }],
    })
    const real = detector.scanFile('x.txt', 'token = acme_Zx8Kq2Lm9Pw4Rt7Yb3Nc\n').findings
    expect(real.map((f) => [f.ruleId, f.secret])).toContainEqual(['acme', 'Zx8Kq2Lm9Pw4Rt7Yb3Nc'])
    const placeholder = detector.scanFile('x.txt', 'token = acme_xxxxxxxxxxxxxxxxxxxx\n').findings
    expect(placeholder.map((f) => f.ruleId)).not.toContain('acme')
  })
})
