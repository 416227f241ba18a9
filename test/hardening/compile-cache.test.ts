/**
 * bin/gitseal.js enables no V8 compile cache. `module.enableCompileCache()` (Node 22+) with no
 * directory caches compiled code under os.tmpdir(), checking entries by CRC32 only: anyone who can
 * write there could plant code that then runs as the gitseal user. On Node 20 (the supported
 * floor) it does not exist, so it gained nothing there (`--version` medians 415 vs 359 ms, load 8).
 * The Node 22 API is simulated by a preload that records any call.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

describe('start-up', () => {
  it('bin/gitseal.js never enables a compile cache (a shared temp directory would run planted code)', () => {
    const dir = scratchDir('compile-cache')
    const record = join(dir, 'calls.txt')
    const preload = join(dir, 'preload.cjs')
    writeFileSync(
      preload,
      `require('node:module').enableCompileCache = (...args) => {
        require('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify(args) + '\\n')
        return { status: 1 }
      }\n`,
    )
    writeFileSync(record, '')
    const result = spawnSync(process.execPath, ['--require', preload, BIN, '--version'], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/\d+\.\d+\.\d+/)
    expect(readFileSync(record, 'utf8')).toBe('')
  })
})
