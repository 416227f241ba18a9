/**
 * The keyword pass ships its WebAssembly module as base64 with the text it was assembled from in
 * the comment above it. The real assembler (wabt's wat2wasm) must turn that text into exactly
 * those bytes, so a reviewer reads the text and the shipped bytes cannot drift from it.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import wabtInit from 'wabt'
import { describe, expect, it } from 'vitest'

const SOURCE = fileURLToPath(new URL('../../src/scan/keyword-pass.ts', import.meta.url))

/** The module's text from the doc comment, its ` * ` margin removed. */
function documentedText(source: string): string {
  const start = source.indexOf('(wat2wasm):')
  const end = source.indexOf(' */', start)
  expect(start).toBeGreaterThan(0)
  return source
    .slice(start + '(wat2wasm):'.length, end)
    .split('\n')
    .map((line) => line.replace(/^ \*( {3})?/, ''))
    .join('\n')
}

describe('keyword pass WebAssembly module', () => {
  it('is the documented text assembled by the real wat2wasm (wabt), byte for byte', async () => {
    const source = readFileSync(SOURCE, 'utf8')
    const shipped = /const MODULE =\s*'([A-Za-z0-9+/=]+)'/.exec(source)?.[1]
    expect(shipped).toBeDefined()
    const wabt = await wabtInit()
    const module = wabt.parseWat('keyword-pass.wat', documentedText(source))
    try {
      const { buffer } = module.toBinary({})
      expect(Buffer.from(buffer).toString('base64')).toBe(shipped)
    } finally {
      module.destroy()
    }
  })
})
