import { describe, expect, it } from 'vitest'
import { findCreationRule, parseSopsConfig, pathForRules, ruleRecipients } from '../../src/sops/config.js'
import { loadSopsConfig } from '../../src/sops/config-discover.js'
import { defaultKeysPath, loadAgeIdentities } from '../../src/sops/identities.js'

const A = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'
const B = 'age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg'

describe('.sops.yaml', () => {
  const config = parseSopsConfig(
    `creation_rules:
  - path_regex: prod/.*\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: ${A}, ${B}
  - path_regex: \\.env$
    age: [${A}]
    mac_only_encrypted: true
  - path_regex: groups/
    shamir_threshold: 2
    key_groups:
      - age: [${A}]
      - age: [${B}]
      - age: [${A}]
        merge:
          - age: [${B}]
  - path_regex: pgp-only/
    pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4
  - age: ${B}
`,
    '/repo/.sops.yaml',
  )

  it('first match wins; path_regex is unanchored and relative to the config directory', () => {
    const prod = findCreationRule(config, pathForRules('/repo', '/repo/apps/prod/secret.yaml'))
    expect(prod?.index).toBe(0)
    expect(prod?.rules).toEqual({ encryptedRegex: '^(data|stringData)$' })
    expect(ruleRecipients(prod!, 'x')).toEqual([[A, B]])
    expect(findCreationRule(config, 'a/b.env')?.rules.macOnlyEncrypted).toBe(true)
    expect(findCreationRule(config, 'other.txt')?.index).toBe(4)
    expect(pathForRules('/repo', '/elsewhere/x.yaml')).toBe('/elsewhere/x.yaml')
  })

  it('key groups with merge, and a Shamir threshold', () => {
    const rule = findCreationRule(config, 'groups/x.yaml')
    expect(rule?.shamirThreshold).toBe(2)
    expect(ruleRecipients(rule!, 'x')).toEqual([[A], [B], [A, B]])
  })

  it('a rule without age keys is a clear error', () => {
    const rule = findCreationRule(config, 'pgp-only/x.yaml')
    expect(() => ruleRecipients(rule!, '/repo/.sops.yaml')).toThrow(/no age recipients.*pgp/)
  })

  it('refuses two encryption rules and bad regexps', () => {
    expect(() =>
      parseSopsConfig('creation_rules:\n  - encrypted_regex: a\n    unencrypted_suffix: b\n', 'c'),
    ).toThrow(/more than one/)
    expect(() => parseSopsConfig('creation_rules:\n  - path_regex: "("\n', 'c')).toThrow(
      /invalid regular expression/,
    )
    expect(() => parseSopsConfig('creation_rules: {}', 'c')).toThrow(/must be a list/)
  })

  it('refuses a shamir_threshold outside 2..key groups, naming the file (sops refuses to split too)', () => {
    const groups = '    key_groups:\n      - age: [a]\n      - age: [b]\n'
    for (const t of [1, 3]) {
      expect(() =>
        parseSopsConfig(`creation_rules:\n  - shamir_threshold: ${t}\n${groups}`, '/r/.sops.yaml'),
      ).toThrow(
        new RegExp(
          `^/r/\\.sops\\.yaml: creation_rules\\[0\\]\\.shamir_threshold ${t} must be between 2 and its 2 key groups`,
        ),
      )
    }
    expect(
      parseSopsConfig(`creation_rules:\n  - shamir_threshold: 2\n${groups}`, 'c').creationRules[0]
        ?.shamirThreshold,
    ).toBe(2)
    // One group: no split, the threshold is ignored as by sops.
    expect(
      parseSopsConfig('creation_rules:\n  - shamir_threshold: 5\n    age: a\n', 'c').creationRules,
    ).toHaveLength(1)
  })

  it('is found from the file directory upwards; --config wins', async () => {
    const files: Record<string, string> = {
      '/repo/.sops.yaml': 'creation_rules:\n  - age: x\n',
      '/other.yaml': 'creation_rules: []',
    }
    const readFile = (p: string) => Promise.resolve(files[p])
    expect((await loadSopsConfig('/repo/a/b/c.yaml', { readFile }))?.path).toBe('/repo/.sops.yaml')
    expect(await loadSopsConfig('/nowhere/c.yaml', { readFile })).toBeUndefined()
    expect((await loadSopsConfig('/repo/c.yaml', { readFile, configPath: '/other.yaml' }))?.path).toBe(
      '/other.yaml',
    )
  })
})

describe('age identity sources', () => {
  it("uses sops' default keys.txt per OS", () => {
    expect(defaultKeysPath({}, '/home/u', 'linux')).toBe('/home/u/.config/sops/age/keys.txt')
    expect(defaultKeysPath({ XDG_CONFIG_HOME: '/x' }, '/home/u', 'linux')).toBe('/x/sops/age/keys.txt')
    expect(defaultKeysPath({}, '/Users/u', 'darwin')).toBe(
      '/Users/u/Library/Application Support/sops/age/keys.txt',
    )
    expect(defaultKeysPath({ AppData: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u', 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\sops\\age\\keys.txt',
    )
  })

  it('combines SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD and keys.txt', async () => {
    const k = (n: number) => `AGE-SECRET-KEY-1${String(n).repeat(58)}`
    const files: Record<string, string> = {
      '/k.txt': `# comment\n${k(2)}\n`,
      '/home/u/.config/sops/age/keys.txt': `${k(4)}\n`,
    }
    const loaded = await loadAgeIdentities({
      env: { SOPS_AGE_KEY: `${k(1)} ${k(5)}`, SOPS_AGE_KEY_FILE: '/k.txt', SOPS_AGE_KEY_CMD: 'get-key' },
      home: '/home/u',
      platform: 'linux',
      readFile: (p) => Promise.resolve(files[p]),
      runCommand: (c) => Promise.resolve(c === 'get-key' ? k(3) : ''),
    })
    expect(loaded.identities.map((i) => i.identity)).toEqual([k(1), k(5), k(2), k(3), k(4)])
    expect(loaded.tried).toContain('SOPS_AGE_KEY_FILE=/k.txt (1 key)')
    expect(loaded.tried.join(' ')).not.toContain('AGE-SECRET-KEY')
  })
})
