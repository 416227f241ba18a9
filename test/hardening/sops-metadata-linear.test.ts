/**
 * "Is this a SOPS file?" runs on every file `updatekeys DIR` walks and on each side the merge driver
 * gets: both are attacker-controlled text. Its two former regexes let `\s*` run across lines, so
 * blank lines made them quadratic (40,000 newlines: 5 s; a 100 kB file: about 30 s). Bounds are
 * generous for a loaded machine.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mentionsSopsMetadata } from '../../src/core/sops-value.js'
import { runCli } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const BLANK = '\n'.repeat(100_000)

describe('SOPS metadata detection on blank lines', () => {
  it('mentionsSopsMetadata reads 1 MB of newlines in well under a second', () => {
    const start = cpuMark()
    expect(mentionsSopsMetadata('\n'.repeat(1_000_000))).toBe(false)
    expect(cpuMsSince(start)).toBeLessThan(1000)
  })

  it('updatekeys DIR walks past a 100 kB file of blank lines quickly', async () => {
    const dir = scratchDir('sops-linear')
    // Holds an encrypted-value head, so the metadata test runs on it.
    writeFileSync(join(dir, 'blank.yaml'), `a: ENC[AES256_GCM,data:x]${BLANK}`)
    const start = cpuMark()
    const result = await runCli(['updatekeys', '--yes', dir], { cwd: dir })
    expect(cpuMsSince(start)).toBeLessThan(5000)
    expect(result.exitCode, result.stderr).toBe(0)
  })
})
