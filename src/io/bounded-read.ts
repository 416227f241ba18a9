/**
 * Reading input with a size limit enforced while reading: `gitseal seal < /dev/zero` must stop at
 * the limit with a clear error, not grow to gigabytes first and compare sizes afterwards.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'

/** Largest input gitseal reads (files, stdin): 32 MiB, far above the API server's 1 MiB Secret limit. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024

/** The `E_TOO_LARGE` error for `name` (a path, `<stdin>` or a URL). */
export function tooLarge(name: string, maxBytes: number): GitsealError {
  return new GitsealError(
    'E_TOO_LARGE',
    `${printable(name)}: larger than ${maxBytes} bytes; stopped reading`,
    {
      file: name,
      hint: `gitseal reads at most ${maxBytes} bytes of input; a Kubernetes Secret holds at most 1 MiB. Check that this is the file you meant.`,
    },
  )
}

/**
 * Collect a byte stream, failing as soon as it passes `maxBytes` (the rest is never read).
 * @throws GitsealError `E_TOO_LARGE` naming `name`.
 */
export async function readStreamBounded(
  stream: AsyncIterable<Uint8Array | string>,
  name: string,
  maxBytes = MAX_INPUT_BYTES,
): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    total += bytes.byteLength
    if (total > maxBytes) throw tooLarge(name, maxBytes)
    chunks.push(bytes)
  }
  return new Uint8Array(Buffer.concat(chunks, total))
}

/** {@link readFileBounded} decoded as UTF-8 (configuration files: `.sops.yaml`, `gitseal.yaml`). */
export async function readTextBounded(
  path: string,
  name = path,
  maxBytes = MAX_INPUT_BYTES,
): Promise<string> {
  return new TextDecoder().decode(await readFileBounded(path, name, maxBytes))
}

/**
 * {@link readTextBounded}, or undefined when there is no such file (a missing `.sops.yaml` or key
 * file is "none"); anything else (too large, unreadable) is thrown, never taken as a silent default.
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readTextBounded(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined
    throw error
  }
}

/**
 * Read a whole file, regular or not (`/dev/zero`, a FIFO, `/dev/stdin`), never more than
 * `maxBytes`: a regular file is refused from its size before reading, anything else while reading.
 * Errors from the file system are thrown as they come (callers turn them into GitsealErrors).
 * @throws GitsealError `E_TOO_LARGE` naming `name`.
 */
export async function readFileBounded(
  path: string,
  name: string,
  maxBytes = MAX_INPUT_BYTES,
): Promise<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY)
  try {
    const info = await handle.stat()
    if (info.isFile() && info.size > maxBytes) throw tooLarge(name, maxBytes)
    const chunks: Buffer[] = []
    let total = 0
    // A regular file's size is known: one buffer one byte larger (to see growth) usually reads it all,
    // instead of a megabyte allocated for every small file.
    let size = info.isFile() ? info.size + 1 : 64 * 1024
    for (;;) {
      // Not from the shared pool: callers own (and may transfer) the returned bytes.
      const buffer = Buffer.allocUnsafeSlow(Math.min(size, maxBytes + 1 - total))
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxBytes) throw tooLarge(name, maxBytes)
      chunks.push(buffer.subarray(0, bytesRead))
      // All of a regular file's stated size read, and no more in the byte to spare: its end.
      if (info.isFile() && total === info.size && bytesRead < buffer.byteLength) break
      size = 1024 * 1024
    }
    const [only] = chunks
    if (chunks.length === 1 && only !== undefined) return new Uint8Array(only.buffer, only.byteOffset, total)
    return new Uint8Array(Buffer.concat(chunks, total))
  } finally {
    await handle.close()
  }
}

/**
 * {@link readFileBounded} without the thread pool: `status` reads thousands of small files, and an
 * awaited open, stat, read and close each cost more than the read itself (five times the system
 * time of `scan`, which reads synchronously too).
 * @throws GitsealError `E_TOO_LARGE` naming `name`.
 */
export function readFileBoundedSync(path: string, name: string, maxBytes = MAX_INPUT_BYTES): Uint8Array {
  const fd = openSync(path, constants.O_RDONLY)
  try {
    const info = fstatSync(fd)
    if (info.isFile() && info.size > maxBytes) throw tooLarge(name, maxBytes)
    const chunks: Buffer[] = []
    let total = 0
    let size = info.isFile() ? info.size + 1 : 64 * 1024
    for (;;) {
      const buffer = Buffer.allocUnsafeSlow(Math.min(size, maxBytes + 1 - total))
      const bytesRead = readSync(fd, buffer, 0, buffer.byteLength, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxBytes) throw tooLarge(name, maxBytes)
      chunks.push(buffer.subarray(0, bytesRead))
      if (info.isFile() && total === info.size && bytesRead < buffer.byteLength) break
      size = 1024 * 1024
    }
    const [only] = chunks
    if (chunks.length === 1 && only !== undefined) return new Uint8Array(only.buffer, only.byteOffset, total)
    return new Uint8Array(Buffer.concat(chunks, total))
  } finally {
    closeSync(fd)
  }
}
