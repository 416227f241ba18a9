/**
 * Configuration a pull request may change (`gitseal.yaml`, `.sops.yaml`) is bounded: the YAML library
 * needs ~100× a file's size in memory (a 20 MB `.sops.yaml` took 87 s and 2.7 GB to encrypt one file,
 * a 10 MB gitseal.yaml of 200,000 rules 29 s and 2.4 GB to scan one), and every extra scan rule
 * reads every file scanned.
 */
import { describe, expect, it } from 'vitest'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { MAX_CONFIG_BYTES, MAX_CREATION_RULES, MAX_POLICY_RULES } from '../../src/core/config-limits.js'
import { findCreationRule, parseSopsConfig, readSopsConfigLeniently } from '../../src/sops/config.js'
import { MAX_EXTRA_RULES, compileExtraRules } from '../../src/scan/extra-rules.js'
import { cpuMs } from '../support/cpu-time.js'
import { errorOf } from '../support/errors.js'

const padding = (bytes: number): string => `# ${'x'.repeat(bytes)}\n`
const AGE = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sxn9aqmcac8p'

describe('configuration size', () => {
  it('refuses a gitseal.yaml over the limit, naming the file; one at the limit is read', () => {
    const error = errorOf(() => parseGitsealConfig(`scan: {}\n${padding(MAX_CONFIG_BYTES)}`, 'gitseal.yaml'))
    expect(error.code).toBe('E_TOO_LARGE')
    expect(error.message).toContain('gitseal.yaml')
    expect(
      parseGitsealConfig(`scan: {}\n${padding(MAX_CONFIG_BYTES - 100)}`, 'gitseal.yaml').scan,
    ).toBeDefined()
  })

  it('refuses a .sops.yaml over the limit (strict), and reads it as a note without rules (scanner)', () => {
    const text = `creation_rules:\n  - path_regex: x\n    age: ${AGE}\n${padding(MAX_CONFIG_BYTES)}`
    const error = errorOf(() => parseSopsConfig(text, '.sops.yaml'))
    expect(error.code).toBe('E_BAD_CONFIG')
    expect(error.message).toContain('.sops.yaml')
    const lenient = readSopsConfigLeniently(text, '.sops.yaml')
    expect(lenient.config.creationRules).toEqual([])
    expect(lenient.notes.join('\n')).toContain('larger than')
    const small = `creation_rules:\n  - path_regex: x\n    age: ${AGE}\n${padding(MAX_CONFIG_BYTES - 200)}`
    expect(parseSopsConfig(small, '.sops.yaml').creationRules).toHaveLength(1)
  })

  it('reads at most MAX_CREATION_RULES creation rules, and compiles each rule once, not once per file (red team 24)', () => {
    const rules = (n: number): string =>
      `creation_rules:\n${Array.from({ length: n }, (_, i) => `  - path_regex: ^n${i}/(a|b)*x$\n    age: ${AGE}\n`).join('')}`
    const over = rules(MAX_CREATION_RULES + 1)
    expect(errorOf(() => parseSopsConfig(over, '.sops.yaml')).message).toContain('creation_rules')
    const lenient = readSopsConfigLeniently(over, '.sops.yaml')
    expect(lenient.config.creationRules).toEqual([])
    expect(lenient.notes.join('\n')).toContain(`more than ${MAX_CREATION_RULES} creation_rules`)
    // The scanner asks about every file of a tree: the shared cache of 256 patterns made each file
    // compile all of them again (0.15 s a file at 9,000 rules).
    const config = parseSopsConfig(rules(MAX_CREATION_RULES), '.sops.yaml')
    expect(config.creationRules).toHaveLength(MAX_CREATION_RULES)
    const first = cpuMs(() => findCreationRule(config, 'apps/s.yaml'))
    const next = cpuMs(() => {
      for (let i = 0; i < 100; i++) findCreationRule(config, `apps/${i}/s.yaml`)
    })
    expect(next).toBeLessThan(10 * Math.max(first, 5))
  })

  it('refuses more gitseal.yaml policy rules than the limit, naming the file (red team 24)', () => {
    const config = (n: number): string =>
      `policy:\n${Array.from({ length: n }, (_, i) => `  - path: "n${i}/**"\n    backend: sops\n`).join('')}`
    expect(parseGitsealConfig(config(MAX_POLICY_RULES), 'gitseal.yaml').policy).toHaveLength(MAX_POLICY_RULES)
    const error = errorOf(() => parseGitsealConfig(config(MAX_POLICY_RULES + 1), 'gitseal.yaml'))
    expect(error.code).toBe('E_BAD_CONFIG')
    expect(error.message).toContain('gitseal.yaml')
    expect(error.message).toContain(`${MAX_POLICY_RULES + 1} rules`)
  })

  it('refuses more extra scan rules than the limit', () => {
    const rules = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, regex: `tok${i}_[a-z]{20}` }))
    expect(compileExtraRules(rules(MAX_EXTRA_RULES), new Set())).toHaveLength(MAX_EXTRA_RULES)
    const error = errorOf(() => compileExtraRules(rules(MAX_EXTRA_RULES + 1), new Set()))
    expect(error.code).toBe('E_BAD_CONFIG')
    expect(error.message).toContain(`${MAX_EXTRA_RULES + 1} rules`)
  })
})
