/**
 * The yaml library keeps 0.4–1.6 KB per token: 1 MiB of `[a,a,a,…]` took 5 s and 550 MB, so every
 * YAML/JSON text gitseal parses is refused past MAX_YAML_TOKENS, counted before parsing, with
 * E_TOO_LARGE naming the file, the limit and what to do.
 */
import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/manifest.js'
import {
  MAX_DOUBLE_QUOTED_CHARS,
  MAX_YAML_TOKENS,
  doubleQuotedOverflowAt,
  tooManyYamlTokens,
} from '../../src/core/yaml-tokens.js'
import { parseYamlValue } from '../../src/core/yaml-unique.js'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { storeFor } from '../../src/sops/stores/index.js'
import { editYamlText } from '../../src/sops/stores/yaml.js'
import { mergeTrees } from '../../src/workflow/three-way.js'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { encrypt } from '../../src/sops/index.js'
import { cpuMs } from '../support/cpu-time.js'

const flowList = (items: number): string => `[${'a,'.repeat(items - 1)}a]\n`
const seconds = (fn: () => void): number => {
  return cpuMs(fn) / 1000
}
const refused = (file: string): unknown =>
  expect.objectContaining({
    code: 'E_TOO_LARGE',
    message: `${file}: holds more than ${MAX_YAML_TOKENS} YAML tokens (keys, values, list entries, lines): not read`,
  })

describe('YAML token budget', () => {
  // Cheap shapes for the library: 2–3 bytes per token.
  const crafted = {
    'a flow list': flowList(MAX_YAML_TOKENS + 1),
    'JSON without blanks': `{${Array.from({ length: MAX_YAML_TOKENS / 3 + 1 }, (_, i) => `"k${i}":"v",`).join('')}"z":1}`,
    'anchors on one line': `a: ${'&a '.repeat(MAX_YAML_TOKENS + 1)}x\n`,
    'blank lines': `a: b\n${'\n'.repeat(MAX_YAML_TOKENS + 1)}`,
    'quoted scalars back to back': `a: [${'"x"'.repeat(MAX_YAML_TOKENS + 1)}]\n`,
  }

  it.each(Object.entries(crafted))('%s is refused before parsing, everywhere', (_shape, text) => {
    expect(tooManyYamlTokens(text)).toBe(true)
    const elapsed = seconds(() => {
      expect(() => parseManifest(text, 'big.yaml')).toThrow(refused('big.yaml'))
      expect(() => storeFor('yaml').load(text, 'big.enc.yaml')).toThrow(refused('big.enc.yaml'))
      expect(() => editYamlText(text, ['a'], 'v', 'edit.yaml')).toThrow(refused('edit.yaml'))
      expect(() => parseYamlValue(text)).toThrow(/more than 200000 YAML tokens/)
      expect(mergeTrees('a: 1\n', 'a: 2\n', text)).toEqual({ conflicts: ['(whole file)'] })
    })
    // Parsing one of these took 1–4 s and 300+ MB; counting is a loop over the characters.
    expect(elapsed).toBeLessThan(2)
  })

  it('gitseal.yaml too (it has its own 1 MiB limit, which 500,000 flow entries fit under)', () => {
    expect(() => parseGitsealConfig(flowList(MAX_YAML_TOKENS + 1), 'gitseal.yaml')).toThrow(
      refused('gitseal.yaml'),
    )
  })

  it('real shapes fit: 80,000 key: value lines, exactly the limit', () => {
    const keys = Array.from({ length: 80_000 }, (_, i) => `  k${i}: v${i}\n`).join('')
    expect(tooManyYamlTokens(`stringData:\n${keys}`)).toBe(false)
    // `[`, the commas, `]` and the newline: two more than the entries.
    expect(tooManyYamlTokens(flowList(MAX_YAML_TOKENS - 2))).toBe(false)
    expect(tooManyYamlTokens(flowList(MAX_YAML_TOKENS - 1))).toBe(true)
    // Long values cost nothing: a 30 MB value is one token.
    expect(tooManyYamlTokens(`a: ${'x'.repeat(30_000_000)}\n`)).toBe(false)
  })
})

describe('double-quoted text budget (red team 21 B4: the library builds such values a character at a time)', () => {
  const quoted = (length: number): string => `"${'a'.repeat(length)}"`
  const tooMuch = (file: string, line: number): unknown =>
    expect.objectContaining({
      code: 'E_TOO_LARGE',
      message: `${file}:${line}: holds more than ${MAX_DOUBLE_QUOTED_CHARS} characters of double-quoted values: not read`,
    })

  it('a 20 MB one-line JSON Secret is refused before parsing, everywhere (it took 4 s and 820 MB)', () => {
    const text = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"v":${quoted(20_000_000)}}}`
    const elapsed = seconds(() => {
      expect(() => parseManifest(text, 'big.json')).toThrow(tooMuch('big.json', 1))
      expect(() => storeFor('yaml').load(text, 'big.enc.yaml')).toThrow(tooMuch('big.enc.yaml', 1))
      expect(() => editYamlText(text, ['a'], 'v', 'edit.yaml')).toThrow(tooMuch('edit.yaml', 1))
      expect(() => parseYamlValue(text)).toThrow(/more than 8388608 characters of double-quoted values/)
      expect(mergeTrees('a: 1\n', 'a: 2\n', text)).toEqual({ conflicts: ['(whole file)'] })
    })
    expect(elapsed).toBeLessThan(2)
  })

  it('counts every double-quoted value of the text, and only those', () => {
    const half = MAX_DOUBLE_QUOTED_CHARS / 2
    const two = `a: ${quoted(half)}\nb: ${quoted(half)}\n`
    expect(doubleQuotedOverflowAt(two)).toBe(-1)
    const three = `${two}c: ${quoted(1)}\n`
    expect(doubleQuotedOverflowAt(three)).toBe(three.lastIndexOf('c: ') + 3)
    expect(() => parseManifest(three, 'three.yaml')).toThrow(tooMuch('three.yaml', 3))
    // Plain and single-quoted values cost the library ~2 bytes per byte: not counted.
    const v = 'a'.repeat(MAX_DOUBLE_QUOTED_CHARS + 1)
    expect(doubleQuotedOverflowAt(`a: ${v}\nb: '${v}'\nc: |\n  ${v}\n`)).toBe(-1)
    // A quote inside a plain scalar opens nothing.
    expect(doubleQuotedOverflowAt(`a: b"${v}"\n`)).toBe(-1)
  })

  it('a stray quote or escape before a long value cannot hide it', () => {
    const long = quoted(MAX_DOUBLE_QUOTED_CHARS + 1)
    const hidden = [
      `# say "hi\nb: ${long}\n`,
      `a: 'it "quotes'\nb: ${long}\n`,
      `a: "ends in a backslash \\\\"\nb: ${long}\n`,
      `a: "escaped \\" quote"\nb: ${long}\n`,
    ]
    for (const text of hidden) expect(doubleQuotedOverflowAt(text)).toBe(text.indexOf('b: "') + 3)
  })
})

describe('encrypt keeps what it writes readable', () => {
  it('refuses YAML whose encrypted form would pass the token budget; the plaintext form fits', async () => {
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    // 30,000 short values count 60,000 in plaintext, 240,000 as `ENC[AES256_GCM,data:…,type:str]`.
    const text = Array.from({ length: 30_000 }, (_, i) => `k${i}: v\n`).join('')
    expect(tooManyYamlTokens(text)).toBe(false)
    await expect(encrypt(text, { format: 'yaml', file: 'many.yaml', recipients })).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
      message:
        'many.yaml: encrypted, it would hold more than the 200000 YAML tokens gitseal reads: it could not be decrypted again',
    })
    // JSON output of the same values is not read by the yaml library: written.
    const json = await encrypt(text, { format: 'yaml', outputFormat: 'json', file: 'many.yaml', recipients })
    expect(json).toContain('"k29999": "ENC[AES256_GCM,')
  }, 60_000)
  it('refuses values whose encrypted form cannot be read back before encrypting them (red team 19 B4)', async () => {
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    // 26 MB of value: 34.7 MB once base64, past the 32 MiB gitseal reads. Encrypting and writing it
    // first took 9 s and 1 GB; the size follows from the values alone.
    const text = `a: ${'x'.repeat(26_000_000)}\nb_unencrypted: ${'y'.repeat(1000)}\n`
    await expect(encrypt(text, { format: 'yaml', file: 'big.yaml', recipients })).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
      message:
        'big.yaml: encrypted, it would be over 34667755 bytes, more than the 33554432 gitseal reads: it could not be decrypted again',
    })
  }, 60_000)
})
