/**
 * Atomic file replacement: the reader sees the old file or the complete new one, never a
 * truncated one, and a failed write leaves the old file untouched.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { GitsealError } from '../core/errors.js'

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its own mode. Default 0o644 (minus umask). */
  mode?: number
  /** Force this mode even when the file exists (e.g. 0o600 for private keys). */
  forceMode?: boolean
}

/**
 * Write `data` to `path` through a temp file in the same directory: write, fsync, rename, fsync dir.
 * @throws GitsealError `E_IO` naming the file; the temp file is removed and `path` is unchanged.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const directory = dirname(path)
  const temp = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  let mode = options.mode ?? 0o644
  if (!options.forceMode) {
    try {
      mode = (await stat(path)).mode & 0o7777
    } catch {
      // New file: use the requested mode.
    }
  }
  let handle
  try {
    // O_EXCL: never follow or reuse something an attacker put at the temp path.
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
    await handle.writeFile(data)
    await handle.chmod(mode)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temp, path)
  } catch (cause) {
    await handle?.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw new GitsealError(
      'E_IO',
      `${path}: cannot write file: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      {
        cause,
        file: path,
        hint: 'Check that the directory exists and is writable; the original file was left unchanged.',
      },
    )
  }
  await syncDirectory(directory)
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
