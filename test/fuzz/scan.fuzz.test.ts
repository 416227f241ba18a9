/**
 * The detector never throws, whatever the bytes: random binary, invalid UTF-8, NUL, huge lines,
 * deep YAML, manifest-like text with secrets spliced in. Every finding's position is inside the text
 * and its redacted line never holds the whole secret.
 */
import fc from 'fast-check'
import { looksBinary } from '../../src/scan/sources/binary.js'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { utf16Encoding } from '../../src/scan/text.js'
import type { FileScanResult } from '../../src/scan/types.js'
import { CS, githubToken, j, jwt, rnd } from '../scan/rules/tokens.js'
import { fuzzParams, manifestLikeText } from './fuzz.js'

const detector = createDetector({
  sopsConfig: {
    file: '.sops.yaml',
    text: 'creation_rules:\n  - path_regex: \\.ya?ml$\n    encrypted_regex: ^(data|stringData)$\n',
  },
})
const PATHS = [
  'a.yaml',
  'x/.env',
  'k.json',
  'kubeconfig',
  'a.ini',
  'main.go',
  'README.md',
  '.npmrc',
  '.docker/config.json',
  'bin',
]
const SECRETS = [
  githubToken('ghp'),
  j('AKIA', rnd(CS.b32, 16)),
  jwt(),
  j('xoxb-', rnd(CS.digits, 12), '-', rnd(CS.digits, 12), '-', rnd(CS.alnum, 24)),
  `postgres://app:${rnd(CS.alnum, 12)}@db/app`,
  j('AGE-SECRET-', 'KEY-1', rnd(CS.bech32.toUpperCase(), 58)),
]

function checkResult(text: string, result: FileScanResult): void {
  expect(Array.isArray(result.findings)).toBe(true)
  const lines = text.split('\n').length
  for (const finding of result.findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1)
    expect(finding.line).toBeLessThanOrEqual(lines)
    expect(finding.column).toBeGreaterThanOrEqual(1)
    expect(finding.endLine).toBeGreaterThanOrEqual(finding.line)
    if (finding.secret.length >= 12) expect(finding.redactedLine).not.toContain(finding.secret)
    expect(finding.fingerprint).toMatch(/^[0-9a-f]{32}$/)
  }
}

describe('scan fuzz', () => {
  it('random bytes (binary, invalid UTF-8, NUL) never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...PATHS), (bytes, path) => {
        const result = detector.scanFile(path, bytes)
        if (looksBinary(bytes) && utf16Encoding(bytes) === undefined) expect(result.skipped).toBe('binary')
        else checkResult(new TextDecoder(utf16Encoding(bytes) ?? 'utf-8').decode(bytes), result)
      }),
      fuzzParams(200),
    )
  })

  it('manifest-like text with secrets spliced in never throws and positions stay in range', () => {
    fc.assert(
      fc.property(
        manifestLikeText,
        fc.constantFrom(...PATHS),
        fc.nat(),
        fc.constantFrom(...SECRETS),
        (text, path, at, secret) => {
          const cut = text.length === 0 ? 0 : at % text.length
          const spliced = `${text.slice(0, cut)} ${secret} ${text.slice(cut)}`
          checkResult(spliced, detector.scanFile(path, spliced))
        },
      ),
      fuzzParams(300),
    )
  })

  it('unicode strings and lone surrogates never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.constantFrom(...PATHS), (text, path) => {
        checkResult(text, detector.scanFile(path, text))
      }),
      fuzzParams(200),
    )
  })

  it('huge single lines and deep nesting never throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('a', '[', '{"a":', '- ', 'password=', 'eyJ', ' ', '\u0000', 'ghp_', ':', '\\n'),
        fc.integer({ min: 1000, max: 200_000 }),
        fc.constantFrom(...PATHS),
        (unit, count, path) => {
          const text = unit.repeat(count)
          const result = detector.scanFile(path, text)
          expect(result.findings.length).toBeLessThanOrEqual(1000)
        },
      ),
      fuzzParams(30),
    )
  })
})
