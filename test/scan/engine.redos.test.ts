/**
 * No catastrophic backtracking: every rule runs on adversarial input (long runs of its keyword, of
 * its character sets, of separators) within a generous time bound, and so does the whole detector.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { GENERIC_KEYWORDS, PROVIDER_RULES } from '../../src/scan/rules/index.js'

const SIZE = 100_000
const detector = createDetector()

function adversarial(keyword: string): string[] {
  const run = (unit: string): string => unit.repeat(Math.ceil(SIZE / Math.max(1, unit.length))).slice(0, SIZE)
  return [
    run(keyword),
    run(`${keyword} `),
    keyword + run('a'),
    keyword + run('A'),
    keyword + run('0'),
    keyword + run('-'),
    keyword + run('aB3_'),
    keyword + run('a:'),
    keyword + run(' = '),
    run(`${keyword}=a`),
    run(`${keyword}:aaaa@`),
    run('\\n'),
  ]
}

function timed(fn: () => void): number {
  const start = performance.now()
  fn()
  return performance.now() - start
}

describe('adversarial input', () => {
  const keywords = [...new Set([...PROVIDER_RULES.flatMap((rule) => rule.keywords), ...GENERIC_KEYWORDS])]

  it.each(keywords)('keyword %s: every input of 100 KB scans in under a second', (keyword) => {
    for (const text of adversarial(keyword)) {
      const ms = timed(() => detector.scanFile('adversarial.txt', text))
      expect(ms, `${keyword}: ${text.slice(0, 40)}…`).toBeLessThan(1000)
    }
  })

  it('a 20 MB single line of secret-looking text scans linearly (under 20 s, about 1 MB/s at worst)', () => {
    const unit = 'password=Zx9#kLm2 token: aB3dE5fG7hJ9kL1m api_key="q8W7e6R5t4Y3" eyJhbGciOi.eyJzdWIi '
    const text = unit.repeat(Math.ceil(20_000_000 / unit.length))
    const ms = timed(() => {
      const result = detector.scanFile('huge.txt', text)
      expect(result.findings.length).toBeLessThanOrEqual(1000)
    })
    expect(ms).toBeLessThan(20_000)
  })

  it('deeply nested YAML and JSON do not throw', () => {
    const depth = 50_000
    for (const text of [
      '['.repeat(depth) + ']'.repeat(depth),
      '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      `${'- '.repeat(depth)}x`,
    ]) {
      expect(() => detector.scanFile('deep.yaml', text)).not.toThrow()
      expect(() => detector.scanFile('deep.json', text)).not.toThrow()
    }
  })
})
