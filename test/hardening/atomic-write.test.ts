/**
 * Atomic writes under SIGKILL: a child process rewrites a file over and over and is killed at a
 * random moment; the file must always be the old or the new content, never a truncated mix.
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/io/atomic-write.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitseal-atomic-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const atomicWrite = fileURLToPath(new URL('../../dist/io/atomic-write.js', import.meta.url))

describe('writeFileAtomic', () => {
  it('leaves the old or the complete new file when the writer is killed at random points', async () => {
    const dir = tempDir()
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

  it('never leaves a plaintext temp file beside the target when the writer of a secret is killed', async () => {
    const dir = tempDir()
    const privateTmp = join(dir, 'tmp')
    const work = join(dir, 'work')
    mkdirSync(privateTmp)
    mkdirSync(work)
    const file = join(work, 'plain.yaml')
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(atomicWrite)}
      const contents = ['A', 'B'].map((l) => l.repeat(4 * 1024 * 1024) + '\\n')
      await writeFileAtomic(${JSON.stringify(file)}, contents[0], { secret: true })
      process.stdout.write('ready\\n')
      for (let i = 1; ; i++) await writeFileAtomic(${JSON.stringify(file)}, contents[i % 2], { secret: true })
    `
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, TMPDIR: privateTmp },
      })
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60))
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      expect(readdirSync(work)).toEqual(['plain.yaml'])
    }
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // What a crash leaves is in the private 0700 directories under TMPDIR.
    for (const name of readdirSync(privateTmp))
      expect(statSync(join(privateTmp, name)).mode & 0o777).toBe(0o700)
  }, 60_000)

  it('writes a secret to a new file 0600, keeps the mode of an existing one', async () => {
    const dir = tempDir()
    await writeFileAtomic(join(dir, 'new.yaml'), 'plain', { secret: true })
    expect(statSync(join(dir, 'new.yaml')).mode & 0o777).toBe(0o600)
    writeFileSync(join(dir, 'old.yaml'), 'x')
    chmodSync(join(dir, 'old.yaml'), 0o640)
    await writeFileAtomic(join(dir, 'old.yaml'), 'plain', { secret: true })
    expect(statSync(join(dir, 'old.yaml')).mode & 0o777).toBe(0o640)
    expect(readdirSync(dir).sort()).toEqual(['new.yaml', 'old.yaml'])
  })

  it('writes a FIFO directly and leaves it a FIFO', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] })
    const chunks: Buffer[] = []
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    // Listen before writing: `cat` may exit before the write's promise settles.
    const exited = new Promise((resolve) => reader.once('close', resolve))
    await writeFileAtomic(fifo, 'through the pipe\n')
    await exited
    expect(Buffer.concat(chunks).toString()).toBe('through the pipe\n')
    expect(lstatSync(fifo).isFIFO()).toBe(true)
    expect(readdirSync(dir)).toEqual(['pipe'])
  })

  it.skipIf(process.getuid?.() !== 0)(
    'writes a character device directly and never replaces it',
    async () => {
      const dir = tempDir()
      const device = join(dir, 'null')
      // The same device as /dev/null (1,3), made here so the test touches nothing outside its folder.
      execFileSync('mknod', ['-m', '666', device, 'c', '1', '3'])
      const before = statSync(device)
      await writeFileAtomic(device, 'discarded', { secret: true })
      const after = lstatSync(device)
      expect(after.isCharacterDevice()).toBe(true)
      expect(after.rdev).toBe(before.rdev)
      expect(after.ino).toBe(before.ino)
      expect(readdirSync(dir)).toEqual(['null'])
    },
  )

  it('refuses a socket, a directory and a dangling symlink with E_IO', async () => {
    const dir = tempDir()
    const socket = join(dir, 'sock')
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(socket, resolve))
    try {
      await expect(writeFileAtomic(socket, 'x')).rejects.toMatchObject({
        code: 'E_IO',
        message: /is a socket/,
      })
      expect(lstatSync(socket).isSocket()).toBe(true)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
    mkdirSync(join(dir, 'sub'))
    await expect(writeFileAtomic(join(dir, 'sub'), 'x')).rejects.toMatchObject({ message: /is a directory/ })
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'))
    await expect(writeFileAtomic(join(dir, 'dangling'), 'x')).rejects.toMatchObject({
      code: 'E_IO',
      message: /symbolic link to a missing file/,
    })
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'sub'])
  })

  it('writes through a symlink: the link stays, its target is replaced keeping the mode', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'real'))
    const target = join(dir, 'real', 'secret.yaml')
    writeFileSync(target, 'old')
    chmodSync(target, 0o640)
    symlinkSync('real/secret.yaml', join(dir, 'link.yaml'))
    await writeFileAtomic(join(dir, 'link.yaml'), 'new', { secret: true })
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(dir, 'link.yaml'))).toBe('real/secret.yaml')
    expect(readFileSync(target, 'utf8')).toBe('new')
    expect(statSync(target).mode & 0o777).toBe(0o640)
  })

  it.skipIf(process.getuid?.() !== 0)('keeps the owner and group of a file root rewrites', async () => {
    const dir = tempDir()
    const file = join(dir, 'owned.yaml')
    writeFileSync(file, 'old')
    chownSync(file, 1234, 2345)
    await writeFileAtomic(file, 'new')
    expect(statSync(file)).toMatchObject({ uid: 1234, gid: 2345 })
  })

  it('escapes control characters of the file name in its errors', async () => {
    const dir = tempDir()
    const error = await writeFileAtomic(join(dir, 'no\u001b[31mdir', 'x'), 'x').catch((e: unknown) => e)
    expect((error as Error).message).toContain('no\\x1b[31mdir')
    expect((error as Error).message).not.toContain('\u001b')
  })

  it('keeps the mode of an existing file', async () => {
    const dir = tempDir()
    const file = join(dir, 'key.txt')
    writeFileSync(file, 'old')
    chmodSync(file, 0o600)
    await writeFileAtomic(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('fails with E_IO and leaves nothing behind when the directory is missing', async () => {
    const dir = tempDir()
    await expect(writeFileAtomic(join(dir, 'missing', 'x'), 'data')).rejects.toMatchObject({ code: 'E_IO' })
    expect(readdirSync(dir)).toEqual([])
  })
})
