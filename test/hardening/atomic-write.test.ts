/**
 * Atomic writes under SIGKILL: a child process rewrites a file over and over and is killed at a
 * random moment; the file must always be the old or the new content, never a truncated mix.
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  chownSync,
  linkSync,
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
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeFileAtomic } from '../../src/io/atomic-write.js'
import { runBin } from '../support/cli.js'

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

/**
 * Start a child that writes a 4 MiB secret to `file` over and over (with `env`), and send it
 * `signal` at a random moment, `rounds` times; `check` runs after each round.
 */
async function killWhileWritingSecret(
  file: string,
  env: Record<string, string>,
  signal: NodeJS.Signals,
  check: () => void,
  rounds = 6,
): Promise<void> {
  const script = `
    import { writeFileAtomic } from ${JSON.stringify(atomicWrite)}
    const contents = ['A', 'B'].map((l) => l.repeat(4 * 1024 * 1024) + '\\n')
    await writeFileAtomic(${JSON.stringify(file)}, contents[0], { secret: true })
    process.stdout.write('ready\\n')
    for (let i = 1; ; i++) await writeFileAtomic(${JSON.stringify(file)}, contents[i % 2], { secret: true })
  `
  for (let round = 0; round < rounds; round++) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    })
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60))
    child.kill(signal)
    const exitSignal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, killedBy) => resolve(killedBy)),
    )
    // The writer died of the signal itself (a handler that swallowed it would keep it running).
    expect(exitSignal).toBe(signal)
    check()
  }
}

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
    await killWhileWritingSecret(file, { TMPDIR: privateTmp }, 'SIGKILL', () => {
      expect(readdirSync(work)).toEqual(['plain.yaml'])
    })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // What a crash leaves is in the private 0700 directories under TMPDIR.
    expect(readdirSync(privateTmp).length).toBeGreaterThan(0)
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
    await expect(writeFileAtomic(join(dir, 'dangling'), 'x', { followSymlink: true })).rejects.toMatchObject({
      code: 'E_IO',
      message: /symbolic link to a missing file/,
    })
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'sub'])
  })

  it('refuses to write an output through a symlink: to a file, to /dev/null, to a directory, dangling', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'victim'), 'old')
    mkdirSync(join(dir, 'sub'))
    const links = {
      'to-file': join(dir, 'victim'),
      'to-null': '/dev/null',
      'to-dir': 'sub',
      dangling: 'missing',
    }
    for (const [name, target] of Object.entries(links)) {
      symlinkSync(target, join(dir, name))
      for (const secret of [false, true]) {
        await expect(writeFileAtomic(join(dir, name), 'new', { secret }), name).rejects.toMatchObject({
          code: 'E_IO',
          message: /is a symbolic link; refusing to write an output through it/,
        })
      }
      expect(readlinkSync(join(dir, name))).toBe(target)
    }
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('old')
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'sub', 'to-dir', 'to-file', 'to-null', 'victim'])
  })

  it('writes to /dev/stdout and /dev/fd/N directly, appending (a pipe has no real path)', () => {
    const dir = tempDir()
    const file = join(dir, 'out.txt')
    writeFileSync(file, 'kept\n')
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(atomicWrite)}
      await writeFileAtomic('/dev/stdout', 'one\\n')
      await writeFileAtomic('/dev/fd/1', 'two\\n')
    `
    // Through a shell pipe (realpath fails on pipe:[…]; Node's own stdio is a socket, which
    // /dev/stdout cannot reopen) and into a file opened for append (>>).
    const run = (redirect: string): string =>
      execFileSync(
        'sh',
        ['-c', `"$0" --input-type=module -e "$1" ${redirect}`, process.execPath, script, file],
        {
          encoding: 'utf8',
        },
      )
    const piped = run('| cat')
    expect(piped).toBe('one\ntwo\n')
    run('>> "$2"')
    expect(readFileSync(file, 'utf8')).toBe('kept\none\ntwo\n')
    expect(lstatSync(file).isFile()).toBe(true)
  })

  it('writes through a symlink when told to (-i): the link stays, its target is replaced keeping the mode', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'real'))
    const target = join(dir, 'real', 'secret.yaml')
    writeFileSync(target, 'old')
    chmodSync(target, 0o640)
    symlinkSync('real/secret.yaml', join(dir, 'link.yaml'))
    await writeFileAtomic(join(dir, 'link.yaml'), 'new', { secret: true, followSymlink: true })
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

  it('refuses a file with other hard links (the old content would stay under them) and changes nothing', async () => {
    const dir = tempDir()
    const file = join(dir, 'secret.yaml')
    writeFileSync(file, 'old')
    linkSync(file, join(dir, 'other-name.yaml'))
    await expect(writeFileAtomic(file, 'new', { secret: true })).rejects.toMatchObject({
      code: 'E_IO',
      message: /has 1 other hard link/,
    })
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir).sort()).toEqual(['other-name.yaml', 'secret.yaml'])
  })

  it('encrypt -i on the built CLI refuses a hard-linked plaintext file, leaving both names as they were', async () => {
    const dir = tempDir()
    const file = join(dir, 'secret.yaml')
    writeFileSync(file, 'password: hunter2-but-longer\n')
    linkSync(file, join(dir, 'backup.yaml'))
    const recipient = await identityToRecipient(await generateIdentity())
    const result = runBin(['encrypt', '-i', file, '--age', recipient], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/hard link/)
    expect(result.stderr).not.toContain('hunter2')
    expect(readFileSync(file, 'utf8')).toBe('password: hunter2-but-longer\n')
    expect(statSync(file).nlink).toBe(2)
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

/**
 * A secret's temp file when TMPDIR is on another file system (a tmpfs in /dev/shm here, the
 * usual /tmp-on-tmpfs laptop): rename cannot cross file systems, so the private directory goes to
 * the cache dir when that is on the target's file system, and beside the target (with a warning)
 * only when neither is.
 */
describe.skipIf(!existsSync('/dev/shm'))(
  'writeFileAtomic of a secret with TMPDIR on another file system',
  () => {
    const shmDirs: string[] = []
    const shmDir = () => {
      const dir = mkdtempSync('/dev/shm/gitseal-atomic-')
      shmDirs.push(dir)
      return dir
    }
    afterEach(() => {
      for (const dir of shmDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    })

    it('is on another file system (the premise of these tests)', () => {
      expect(statSync(shmDir()).dev).not.toBe(statSync(tempDir()).dev)
    })

    it('writes the temp file under the cache dir when that is on the target file system, even when killed', async () => {
      const dir = tempDir()
      const work = join(dir, 'work')
      const cache = join(dir, 'cache')
      mkdirSync(work)
      const tmp = shmDir()
      const file = join(work, 'plain.yaml')
      await killWhileWritingSecret(file, { TMPDIR: tmp, XDG_CACHE_HOME: cache }, 'SIGKILL', () => {
        expect(readdirSync(work)).toEqual(['plain.yaml'])
        // Nothing is written on the other file system first.
        expect(readdirSync(tmp)).toEqual([])
      })
      const leftovers = join(cache, 'gitseal', 'tmp')
      expect(statSync(leftovers).mode & 0o777).toBe(0o700)
      for (const name of readdirSync(leftovers)) {
        expect(name).toMatch(/^gitseal-write-/)
        expect(statSync(join(leftovers, name)).mode & 0o777).toBe(0o700)
      }
      expect(statSync(file).mode & 0o777).toBe(0o600)
    }, 60_000)

    it('falls back to a private directory beside the target, saying so, when neither is', async () => {
      const dir = tempDir()
      const tmp = shmDir()
      const warnings: string[] = []
      vi.stubEnv('TMPDIR', tmp)
      vi.stubEnv('XDG_CACHE_HOME', tmp)
      try {
        await writeFileAtomic(join(dir, 'plain.yaml'), 'secret', {
          secret: true,
          warn: (m) => warnings.push(m),
        })
      } finally {
        vi.unstubAllEnvs()
      }
      expect(readFileSync(join(dir, 'plain.yaml'), 'utf8')).toBe('secret')
      expect(readdirSync(dir)).toEqual(['plain.yaml'])
      expect(readdirSync(tmp)).toEqual([])
      expect(warnings).toEqual([expect.stringContaining('set TMPDIR to a directory on its file system')])
    })

    it('decrypt -o on the built CLI: plaintext out 0600, only the target in its directory, the fallback named on stderr', () => {
      const dir = tempDir()
      const tmp = shmDir()
      const real = (p: string) =>
        fileURLToPath(new URL(`../../fixtures/sops-real/sops-age-js/${p}`, import.meta.url))
      const key = join(dir, 'key.txt')
      writeFileSync(key, readFileSync(real('keys/age.txt')), { mode: 0o600 })
      const result = runBin(['decrypt', real('secret.enc.yaml'), '-o', 'plain.yaml'], {
        cwd: dir,
        env: { ...process.env, TMPDIR: tmp, XDG_CACHE_HOME: tmp, SOPS_AGE_KEY_FILE: key, NO_COLOR: '1' },
      })
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stderr).toContain('plain.yaml: the temp dir and the cache dir are on other file systems')
      expect(readFileSync(join(dir, 'plain.yaml'), 'utf8')).toContain('secret: this is a secret')
      expect(statSync(join(dir, 'plain.yaml')).mode & 0o777).toBe(0o600)
      expect(readdirSync(dir).sort()).toEqual(['key.txt', 'plain.yaml'])
    })
  },
)

describe('writeFileAtomic of a secret on a termination signal', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const)(
    'removes the private temp directory on %s and still dies of the signal',
    async (signal) => {
      const dir = tempDir()
      const privateTmp = join(dir, 'tmp')
      const work = join(dir, 'work')
      mkdirSync(privateTmp)
      mkdirSync(work)
      await killWhileWritingSecret(
        join(work, 'plain.yaml'),
        { TMPDIR: privateTmp },
        signal,
        () => {
          expect(readdirSync(privateTmp)).toEqual([])
          expect(readdirSync(work)).toEqual(['plain.yaml'])
        },
        4,
      )
    },
    60_000,
  )
})
