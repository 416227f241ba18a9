/**
 * YAML nested thousands of levels deep (a crafted sops file, .sops.yaml or gitseal.yaml) fails
 * closed with a clear error naming the file, not the engine's "Maximum call stack size exceeded".
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

const DEEP_BLOCK = `a:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b:\n`).join('')}`
const DEEP_FLOW = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`

/** A Secret holding a value nested `levels` deep in JSON: deep enough to near the stack limit, not past it. */
function deepSecret(levels: number): string {
  let value = '"a"'
  for (let i = 0; i < levels; i++) value = `{"k${i % 3}": ${value}}`
  const head = '"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"n"}'
  return `{${head},"stringData":{"a":"b"},"x":${value}}\n`
}

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
    expect(status.stderr).toMatch(/gitseal\.yaml: invalid YAML: nested too deeply to read/)
  })

  it('many documents 1,200 levels deep in one run are refused, naming each; the process never aborts', () => {
    // V8 aborts the process (exit 134, "FATAL ERROR ... RegExpCompiler") when the YAML library's
    // recursion nears the stack limit as a regex gets compiled: status over four such files did.
    const dir = scratchDir('deep-yaml')
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, `${name}.json`), deepSecret(1200))
    const status = runBin(['status', '.', '--json'], { cwd: dir })
    expect(status.stderr).not.toMatch(/FATAL|call stack/)
    expect(status.exitCode).not.toBe(134)
    expect(`${status.stdout}${status.stderr}`).toContain('nested too deeply to read')
    const seal = runBin(['seal', 'a.json', '--cert', 'none.pem'], { cwd: dir })
    expect(seal.exitCode).toBe(2)
    expect(seal.stderr).toMatch(
      /a\.json: invalid YAML\/JSON: nested too deeply to read \(more than 256 levels\)/,
    )
  })

  it('the merge driver three-way merge of deep plaintexts is a whole-file conflict, never an abort', () => {
    const merge = new URL('../../dist/workflow/three-way.js', import.meta.url).href
    const script = `import('${merge}').then(({ mergeTrees }) => {
      const deep = (leaf) => { let s = leaf; for (let i = 0; i < 1200; i++) s = '{"k' + (i % 3) + '": ' + s + '}'; return s }
      console.log(JSON.stringify(mergeTrees(deep('"a"'), deep('"b"'), deep('"c"'))))
    })`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(result.stderr).not.toMatch(/FATAL/)
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ conflicts: ['(whole file)'] })
  })
})
