/**
 * Atomic file replacement: the reader sees the old file or the complete new one, never a
 * truncated one, and a failed write leaves the old file untouched.
 *
 * Only a regular file (or a missing one) is ever replaced. What else may sit at the target:
 * - a symlink is written through: its final target is replaced, the link stays (as sops does);
 *   a dangling link is refused;
 * - a character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written directly,
 *   never replaced: renaming over `/dev/null` as root would break every program on the machine;
 * - a directory, block device or socket is refused.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import type { Stats } from 'node:fs'
import { lstat, mkdtemp, open, realpath, rename, rm, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its own mode. Default 0o644, 0o600 when `secret`. */
  mode?: number
  /** Force this mode even when the file exists (e.g. 0o600 for private keys). */
  forceMode?: boolean
  /**
   * The data is plaintext secret: a new file gets 0600, and the temp file is written in a private
   * 0700 directory under the OS temp dir, so a crash never leaves plaintext beside the target.
   * Only when that directory is on another file system (rename cannot cross it) is the temp
   * file made beside the target, 0600, for the moment between write and rename.
   */
  secret?: boolean
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

/** The path to write and what is there now: symlinks resolved, special files sorted out. */
async function resolveTarget(path: string): Promise<{ target: string; existing: Stats | undefined }> {
  const link = await lstatOrUndefined(path)
  if (link === undefined || !link.isSymbolicLink()) return { target: path, existing: link }
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

/** Write straight into a character device or FIFO: no temp file, no rename, no chmod. */
async function writeSpecial(path: string, data: string | Uint8Array): Promise<void> {
  let handle
  try {
    handle = await open(path, constants.O_WRONLY)
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
  const { target, existing } = await resolveTarget(path)
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
  let mode = options.mode ?? (options.secret ? 0o600 : 0o644)
  if (!options.forceMode && existing !== undefined) mode = existing.mode & 0o7777
  const directory = dirname(target)
  const name = `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`
  const privateDir = options.secret ? await mkdtemp(join(tmpdir(), 'gitseal-write-')) : undefined
  try {
    let moved = false
    if (privateDir !== undefined) {
      const temp = join(privateDir, name)
      await writeTemp(path, temp, data, mode, existing)
      // On another file system rename fails (EXDEV): then a temp file beside the target it is.
      moved = await moveInto(path, temp, target, true)
    }
    if (!moved) {
      const temp = join(directory, name)
      await writeTemp(path, temp, data, mode, existing)
      await moveInto(path, temp, target, false)
    }
  } finally {
    if (privateDir !== undefined) await rm(privateDir, { recursive: true, force: true })
  }
  await syncDirectory(directory)
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
