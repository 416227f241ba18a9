/**
 * YAML nested thousands of levels deep (a crafted sops file, .sops.yaml or gitseal.yaml) fails
 * closed with a clear error naming the file, not the engine's "Maximum call stack size exceeded".
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

const DEEP_BLOCK = `a:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b:\n`).join('')}`
const DEEP_FLOW = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`

describe('deeply nested YAML', () => {
  it('decrypt names the file and says the YAML is nested too deeply (block and flow nesting)', () => {
    const dir = scratchDir('deep-yaml')
    for (const [name, text] of [
      ['block.yaml', DEEP_BLOCK],
      ['flow.yaml', DEEP_FLOW],
    ] as const) {
      writeFileSync(join(dir, name), text)
      const result = runBin(['decrypt', name], { cwd: dir })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain(`${name}: nested too deeply to read`)
      expect(result.stderr).not.toMatch(/call stack/i)
    }
  })

  it('a .sops.yaml and a gitseal.yaml nested too deeply are named with the same words', () => {
    const dir = scratchDir('deep-yaml')
    writeFileSync(join(dir, '.sops.yaml'), DEEP_FLOW)
    writeFileSync(join(dir, 'x.yaml'), 'a: b\n')
    const encrypt = runBin(['encrypt', 'x.yaml'], { cwd: dir })
    expect(encrypt.exitCode).not.toBe(0)
    expect(encrypt.stderr).toMatch(/\.sops\.yaml: not valid YAML: nested too deeply to read/)
    writeFileSync(join(dir, '.sops.yaml'), 'creation_rules: []\n')
    writeFileSync(join(dir, 'gitseal.yaml'), DEEP_FLOW)
    const status = runBin(['status'], { cwd: dir })
    expect(status.exitCode).toBe(2)
    expect(status.stderr).toMatch(/gitseal\.yaml:\d+: invalid YAML: nested too deeply to read/)
  })
})
