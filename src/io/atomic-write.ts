/**
 * Atomic file replacement: the reader sees the old file or the complete new one, never a
 * truncated one, and a failed write leaves the old file untouched.
 *
 * Only a regular file (or a missing one) is ever replaced. What else may sit at the target:
 * - a symlink is refused: an output path (`-o report.sarif`) may be a link committed in the
 *   repository being worked on, pointing at any file the user can write. Only an in-place edit of
 *   a file the user named (`-i`, {@link AtomicWriteOptions.followSymlink}) writes through one: its
 *   final target is replaced, the link stays (as sops does); a dangling link is refused. The
 *   system's stream links (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`) are written directly;
 * - a character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written directly,
 *   never replaced: renaming over `/dev/null` as root would break every program on the machine;
 * - a directory, block device or socket is refused;
 * - a file with other hard links is refused: a rename would leave the old content (often the
 *   plaintext being encrypted in place) under the other names.
 *
 * Plaintext (`secret`) goes through a private temp directory away from the target, so that a
 * crash leaves no plaintext beside it (see {@link AtomicWriteOptions.secret}).
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import type { Stats } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { lstat, mkdir, open, realpath, rename, rm, stat, unlink } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'
import { onTerminationSignal } from './signals.js'

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its own mode. Default 0o644, 0o600 when `secret`. */
  mode?: number
  /** Force this mode even when the file exists (e.g. 0o600 for private keys). */
  forceMode?: boolean
  /**
   * The data is plaintext secret: a new file gets 0600, and the temp file is written in a private
   * 0700 directory away from the target, so a crash never leaves plaintext beside it: under the OS
   * temp dir (`TMPDIR`), else under the user's cache dir (`$XDG_CACHE_HOME` or `~/.cache`, in
   * `gitseal/tmp`), whichever is on the target's file system (rename cannot cross file systems).
   * Only when neither is, the private directory is made beside the target, and `warn` says so.
   */ secret?: boolean
  /** Told when a secret's temp file has to be written beside the target (see `secret`). */
  warn?: (message: string) => void
  /**
   * Write through a symbolic link at `path` (replace the file it leads to, keep the link): for
   * rewriting a file the user named in place (`-i`). Default: a link is refused (`E_IO`).
   */
  followSymlink?: boolean
}

function ioError(path: string, what: string, cause?: unknown, hint?: string): GitsealError {
  return new GitsealError('E_IO', `${printable(path)}: ${what}`, {
    cause,
    file: path,
    hint: hint ?? 'Check that the directory exists and is writable; the original file was left unchanged.',
  })
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path)
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw ioError(path, `cannot write file: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, cause)
  }
}

// The process's own streams, links the system makes (never a file of a repository): `-o /dev/stdout`.
const STREAM_LINK = /^\/dev\/(?:stdout|stderr|fd\/\d+)$/

/**
 * The path to write and what is there now: symlinks resolved (when followed), special files sorted
 * out. `stream`: a link to one of the process's streams, written directly.
 */
async function resolveTarget(
  path: string,
  followSymlink: boolean,
): Promise<{ target: string; existing: Stats | undefined; stream?: true }> {
  const link = await lstatOrUndefined(path)
  if (link === undefined || !link.isSymbolicLink()) return { target: path, existing: link }
  if (STREAM_LINK.test(path)) return { target: path, existing: link, stream: true }
  if (!followSymlink) {
    throw ioError(
      path,
      'is a symbolic link; refusing to write an output through it (a link in a repository could point at any file)',
      undefined,
      'Remove the link, or name the file it points to; the link and its target were left unchanged.',
    )
  }
  let target: string
  try {
    target = await realpath(path)
  } catch (cause) {
    throw ioError(
      path,
      'is a symbolic link to a missing file; refusing to write through it',
      cause,
      'Remove the link or point it at a file.',
    )
  }
  return { target, existing: await stat(target) }
}

/**
 * Write straight into a character device or FIFO: no temp file, no rename, no chmod. `flags`: a
 * stream link is followed and appended to (a shell's `>>` keeps its content); anything else is
 * opened without following a link that may have replaced it since it was looked at.
 */
async function writeSpecial(
  path: string,
  data: string | Uint8Array,
  flags = constants.O_NOFOLLOW,
): Promise<void> {
  let handle
  try {
    handle = await open(path, constants.O_WRONLY | flags)
    await handle.writeFile(data)
  } catch (cause) {
    throw ioError(path, `cannot write: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, cause)
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/**
 * Write `data` to `path` through a temp file: write, fsync, rename, fsync dir. An existing file
 * keeps its mode (unless `forceMode`) and, where the process may set it, its owner and group.
 * @throws GitsealError `E_IO` naming the file; the temp file is removed and `path` is unchanged.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { target, existing, stream } = await resolveTarget(path, options.followSymlink === true)
  if (stream) return writeSpecial(target, data, constants.O_APPEND)
  if (existing !== undefined && !existing.isFile()) {
    if (existing.isCharacterDevice() || existing.isFIFO()) return writeSpecial(target, data)
    const kind = existing.isDirectory()
      ? 'a directory'
      : existing.isBlockDevice()
        ? 'a block device'
        : 'a socket'
    throw ioError(
      path,
      `is ${kind}; gitseal writes only regular files, character devices and FIFOs`,
      undefined,
      'Choose a file path for the output.',
    )
  }
  if (existing !== undefined && existing.nlink > 1) {
    throw ioError(
      path,
      `has ${existing.nlink - 1} other hard link(s); replacing it would leave the old content under the other names`,
      undefined,
      'Find them with `find / -xdev -samefile <file>`, remove them (or copy the file to break the link), then run the command again; the file was left unchanged.',
    )
  }
  let mode = options.mode ?? (options.secret ? 0o600 : 0o644)
  if (!options.forceMode && existing !== undefined) mode = existing.mode & 0o7777
  // An existing target keeps its mode, as sops and a shell's `>` leave it (the user chose that
  // file and may share it on purpose); plaintext every user can read is said out loud.
  if (options.secret && existing?.isFile() === true && (mode & 0o004) !== 0)
    options.warn?.(
      `${printable(path)} keeps its mode ${(mode & 0o777).toString(8).padStart(4, '0')}: the plaintext is readable by every user of this machine (chmod 600 it, or write to a new file)`,
    )
  const directory = dirname(target)
  if (options.secret) await writeThroughPrivateDir(path, target, data, mode, existing, options.warn)
  else {
    const temp = join(directory, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
    await writeTemp(path, temp, data, mode, existing)
    await moveInto(path, temp, target, false)
  }
  await syncDirectory(directory)
}

/**
 * Where a secret's private temp directory may go, in order: the OS temp dir, the user's cache dir,
 * and last the target's own directory (`beside`).
 */
function privateDirParents(directory: string): { parent: string; beside: boolean }[] {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return [
    { parent: tmpdir(), beside: false },
    { parent: join(cache, 'gitseal', 'tmp'), beside: false },
    { parent: directory, beside: true },
  ]
}

/** The device of `path`, or of its nearest existing ancestor (the cache dir may not exist yet). */
async function deviceOf(path: string): Promise<number | undefined> {
  for (let at = path; ; at = dirname(at)) {
    try {
      return (await stat(at)).dev
    } catch {
      if (dirname(at) === at) return undefined
    }
  }
}

/**
 * Write a secret through a temp file in a fresh 0700 directory on the target's file system (see
 * {@link AtomicWriteOptions.secret}), removed afterwards and on a termination signal.
 */
async function writeThroughPrivateDir(
  path: string,
  target: string,
  data: string | Uint8Array,
  mode: number,
  existing: Stats | undefined,
  warn: ((message: string) => void) | undefined,
): Promise<void> {
  const directory = dirname(target)
  const device = await deviceOf(directory)
  const name = `.${basename(target)}.tmp`
  // A signal must not leave the plaintext behind: remove it, then let the signal do its work.
  let privateDir: string | undefined
  const stopListening = onTerminationSignal(() => {
    // Retried: a write still in flight on libuv's thread pool may add the temp file meanwhile.
    if (privateDir !== undefined) {
      try {
        rmSync(privateDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 10 })
      } catch {
        // Nothing more can be done on the way out; the directory is private (0700).
      }
    }
    // Unregistered, so the signal then ends the process (unless a caller still holds it).
    stopListening()
  })
  try {
    for (const { parent, beside } of privateDirParents(directory)) {
      // Skip a parent on another file system before any plaintext is written there.
      if (!beside && (await deviceOf(parent)) !== device) continue
      try {
        if (!beside) await mkdir(parent, { recursive: true, mode: 0o700 })
        // Synchronous, so a signal never finds the directory made but not yet known to the handler.
        privateDir = mkdtempSync(join(parent, beside ? '.gitseal-tmp-' : 'gitseal-write-'))
      } catch (cause) {
        if (!beside) continue
        const code = (cause as NodeJS.ErrnoException).code ?? String(cause)
        throw ioError(path, `cannot write file: ${code}`, cause)
      }
      if (beside) {
        warn?.(
          `${printable(path)}: the temp dir and the cache dir are on other file systems, so the plaintext ` +
            'is written in a private directory beside it until renamed; set TMPDIR to a directory on its file system',
        )
      }
      try {
        const temp = join(privateDir, name)
        await writeTemp(path, temp, data, mode, existing)
        // Mount points of one file system still refuse a rename between them (EXDEV): try the next.
        if (await moveInto(path, temp, target, !beside)) return
      } finally {
        await rm(privateDir, { recursive: true, force: true })
        privateDir = undefined
      }
    }
  } finally {
    stopListening()
  }
}

/** Rename `temp` over `target`; false (temp left for the caller) on EXDEV when `crossDeviceOk`. */
async function moveInto(
  path: string,
  temp: string,
  target: string,
  crossDeviceOk: boolean,
): Promise<boolean> {
  try {
    await rename(temp, target)
    return true
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (crossDeviceOk && code === 'EXDEV') return false
    await unlink(temp).catch(() => undefined)
    throw ioError(path, `cannot write file: ${code ?? String(cause)}`, cause)
  }
}

async function writeTemp(
  path: string,
  temp: string,
  data: string | Uint8Array,
  mode: number,
  existing: Stats | undefined,
): Promise<void> {
  let handle
  try {
    // O_EXCL: never follow or reuse something an attacker put at the temp path.
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode & 0o777)
    if (
      existing !== undefined &&
      (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.())
    ) {
      // Keep the owner (root rewriting a user's file must not make it root's); only root or
      // the owner may, so a refusal leaves the file ours, as any editor would.
      await handle.chown(existing.uid, existing.gid).catch(() => undefined)
    }
    await handle.writeFile(data)
    await handle.chmod(mode)
    await handle.sync()
  } catch (cause) {
    await handle?.close().catch(() => undefined)
    handle = undefined
    await unlink(temp).catch(() => undefined)
    throw ioError(path, `cannot write file: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, cause)
  } finally {
    await handle?.close()
  }
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, constants.O_RDONLY)
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
}
