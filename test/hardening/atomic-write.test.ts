/**
 * Atomic writes under SIGKILL: a child process rewrites a file over and over and is killed at a
 * random moment; the file must always be the old or the new content, never a truncated mix.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/io/atomic-write.js'
import { scratchDir } from '../support/scratch.js'

const atomicWrite = fileURLToPath(new URL('../../dist/io/atomic-write.js', import.meta.url))

describe('writeFileAtomic', () => {
  it('leaves the old or the complete new file when the writer is killed at random points', async () => {
    const dir = scratchDir('atomic')
    const file = join(dir, 'target.yaml')
    const contents = ['A', 'B'].map((letter) => `${letter.repeat(4 * 1024 * 1024)}\n`)
    writeFileSync(file, contents[0]!)
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(atomicWrite)}
      const contents = ['A', 'B'].map((l) => l.repeat(4 * 1024 * 1024) + '\\n')
      process.stdout.write('ready\\n')
      for (let i = 1; ; i++) await writeFileAtomic(${JSON.stringify(file)}, contents[i % 2])
    `
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60))
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      expect(contents).toContain(readFileSync(file, 'utf8'))
    }
    // Killed writers may leave their temp files behind, but never under the target's name.
    expect(readdirSync(dir).filter((name) => !name.startsWith('.target.yaml.'))).toEqual(['target.yaml'])
  }, 60_000)

  it('keeps the mode of an existing file', async () => {
    const dir = scratchDir('atomic')
    const file = join(dir, 'key.txt')
    writeFileSync(file, 'old')
    chmodSync(file, 0o600)
    await writeFileAtomic(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('fails with E_IO and leaves nothing behind when the directory is missing', async () => {
    const dir = scratchDir('atomic')
    await expect(writeFileAtomic(join(dir, 'missing', 'x'), 'data')).rejects.toMatchObject({ code: 'E_IO' })
    expect(readdirSync(dir)).toEqual([])
  })
})
