/**
 * YAML nested thousands of levels deep (a crafted sops file, .sops.yaml or gitseal.yaml) fails
 * closed with a clear error naming the file, not the engine's "Maximum call stack size exceeded";
 * valid YAML whose quoted strings, block scalars or plain scalars hold brackets is never refused.
 * Depth is measured on the yaml library's own tokens (core/yaml-depth.ts): a pre-check over the
 * text refused argo-workflows' workflow CRD and let `[x "y, [[[…` through to the stack overflow.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/manifest.js'
import { TOO_DEEP_TEXT, parseAllDocumentsBounded } from '../../src/core/yaml-depth.js'
import { decrypt, encrypt } from '../../src/sops/index.js'
import { runBin } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

const DEEP_BLOCK = `a:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b:\n`).join('')}`
const DEEP_FLOW = `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`
// A `"` inside a flow plain scalar (`x "y`) opens no quoted string: the brackets after it nest.
const HIDDEN_FLOW = `a: [x "y, ${'['.repeat(3000)}${']'.repeat(3001)}\n`

/** A Secret holding a value nested `levels` deep in JSON: deep enough to near the stack limit, not past it. */
function deepSecret(levels: number): string {
  let value = '"a"'
  for (let i = 0; i < levels; i++) value = `{"k${i % 3}": ${value}}`
  const head = '"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"n"}'
  return `{${head},"stringData":{"a":"b"},"x":${value}}\n`
}

// Valid YAML, 2 levels deep, whose scalars hold 600 open brackets, deep indentation and `key: `
// runs: a multi-line double- and single-quoted string (as CRD descriptions), a block scalar,
// a comment, and flow plain scalars with quotes inside.
const BRACKETS = '[{'.repeat(300)
const SHALLOW = [
  'kind: Secret',
  'stringData:',
  `  a: "${BRACKETS}`,
  `    ${BRACKETS} a: b: c: "`,
  `  b: '${BRACKETS} it''s`,
  `    ${BRACKETS}'`,
  '  c: |',
  `    ${BRACKETS}`,
  `${' '.repeat(600)}${'- '.repeat(300)}x: y: z`,
  `  d: x # ${BRACKETS}`,
  `  e: [x "y, x'z, "${BRACKETS}"]`,
  `  f: v "${BRACKETS}`,
  '',
].join('\n')

describe('valid YAML is never refused for brackets, indentation or quotes inside its scalars', () => {
  it('the library reads it, and so do parseManifest, encrypt and decrypt (round trip)', async () => {
    const docs = parseAllDocumentsBounded(SHALLOW)
    expect(docs?.[0]?.errors).toEqual([])
    expect(parseManifest(SHALLOW, 's.yaml').documents).toHaveLength(1)
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    const encrypted = await encrypt(SHALLOW, { format: 'yaml', file: 's.yaml', recipients })
    const plain = await decrypt(encrypted, { format: 'yaml', identities: [{ identity, source: 't' }] })
    expect(plain).toContain(BRACKETS)
  })

  it('exactly the nesting limit composes; one level more is refused', () => {
    const at = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}\n`
    expect(parseAllDocumentsBounded(at(256))?.[0]?.errors).toEqual([])
    expect(parseAllDocumentsBounded(at(257))).toBeUndefined()
    expect(parseAllDocumentsBounded(`${'- '.repeat(257)}x\n`)).toBeUndefined()
    expect(parseAllDocumentsBounded(`${'- '.repeat(256)}x\n`)?.[0]?.errors).toEqual([])
    expect(TOO_DEEP_TEXT).toBe('nested too deeply to read (more than 256 levels)')
  })
})

describe('deeply nested YAML', () => {
  it('decrypt names the file and says the YAML is nested too deeply (block and flow nesting)', () => {
    const dir = scratchDir('deep-yaml')
    for (const [name, text] of [
      ['block.yaml', DEEP_BLOCK],
      ['flow.yaml', DEEP_FLOW],
      ['hidden.yaml', HIDDEN_FLOW],
    ] as const) {
      writeFileSync(join(dir, name), text)
      const result = runBin(['decrypt', name], { cwd: dir })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain(`${name}: ${TOO_DEEP_TEXT}`)
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
