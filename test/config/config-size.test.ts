/**
 * Configuration a pull request may change (`gitseal.yaml`, `.sops.yaml`) is bounded: the YAML library
 * needs ~100× a file's size in memory (a 20 MB `.sops.yaml` took 87 s and 2.7 GB to encrypt one file,
 * a 10 MB gitseal.yaml of 200,000 rules 29 s and 2.4 GB to scan one), and every extra scan rule
 * reads every file scanned.
 */
import { describe, expect, it } from 'vitest'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { MAX_CONFIG_BYTES } from '../../src/core/config-limits.js'
import { parseSopsConfig, readSopsConfigLeniently } from '../../src/sops/config.js'
import { MAX_EXTRA_RULES, compileExtraRules } from '../../src/scan/extra-rules.js'
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

  it('refuses more extra scan rules than the limit', () => {
    const rules = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, regex: `tok${i}_[a-z]{20}` }))
    expect(compileExtraRules(rules(MAX_EXTRA_RULES), new Set())).toHaveLength(MAX_EXTRA_RULES)
    const error = errorOf(() => compileExtraRules(rules(MAX_EXTRA_RULES + 1), new Set()))
    expect(error.code).toBe('E_BAD_CONFIG')
    expect(error.message).toContain(`${MAX_EXTRA_RULES + 1} rules`)
  })
})
