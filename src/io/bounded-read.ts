/**
 * Reading input with a size limit enforced while reading: `gitseal seal < /dev/zero` must stop at
 * the limit with a clear error, not grow to gigabytes first and compare sizes afterwards.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'
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
 * Collect a byte stream, failing as soon as it passes `maxBytes` (the rest is never read); with
 * `truncate`, its first `maxBytes + 1` bytes instead (the scanner fails such input closed).
 * @throws GitsealError `E_TOO_LARGE` naming `name`.
 */
export async function readStreamBounded(
  stream: AsyncIterable<Uint8Array | string>,
  name: string,
  maxBytes = MAX_INPUT_BYTES,
  options: { truncate?: boolean } = {},
): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    total += bytes.byteLength
    if (total > maxBytes) {
      if (options.truncate !== true) throw tooLarge(name, maxBytes)
      // The first maxBytes + 1 bytes: enough for the caller to tell the input was larger.
      chunks.push(bytes.subarray(0, bytes.byteLength - (total - maxBytes - 1)))
      total = maxBytes + 1
      break
    }
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
 * The chunks of one bounded read: the buffer to read into next, and when the file has ended. Shared
 * by the asynchronous and the synchronous read, which differ only in how they call the system.
 */
class BoundedChunks {
  readonly #chunks: Buffer[] = []
  readonly #info: Stats
  readonly #name: string
  readonly #maxBytes: number
  #total = 0
  #size: number

  /** @throws GitsealError `E_TOO_LARGE` when a regular file's size is already over the limit. */
  constructor(info: Stats, name: string, maxBytes: number) {
    if (info.isFile() && info.size > maxBytes) throw tooLarge(name, maxBytes)
    this.#info = info
    this.#name = name
    this.#maxBytes = maxBytes
    // A regular file's size is known: one buffer one byte larger (to see growth) usually reads it all,
    // instead of a megabyte allocated for every small file.
    this.#size = info.isFile() ? info.size + 1 : 64 * 1024
  }

  /** A fresh buffer, not from the shared pool: callers own (and may transfer) the returned bytes. */
  nextBuffer(): Buffer {
    return Buffer.allocUnsafeSlow(Math.min(this.#size, this.#maxBytes + 1 - this.#total))
  }

  /**
   * Keep what one read put in `buffer`; true once the file has ended.
   * @throws GitsealError `E_TOO_LARGE` past the limit.
   */
  add(buffer: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return true
    this.#total += bytesRead
    if (this.#total > this.#maxBytes) throw tooLarge(this.#name, this.#maxBytes)
    this.#chunks.push(buffer.subarray(0, bytesRead))
    this.#size = 1024 * 1024
    // All of a regular file's stated size read, and no more in the byte to spare: its end.
    return this.#info.isFile() && this.#total === this.#info.size && bytesRead < buffer.byteLength
  }

  bytes(): Uint8Array {
    const [only] = this.#chunks
    if (this.#chunks.length === 1 && only !== undefined) {
      return new Uint8Array(only.buffer, only.byteOffset, this.#total)
    }
    return new Uint8Array(Buffer.concat(this.#chunks, this.#total))
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
    const chunks = new BoundedChunks(await handle.stat(), name, maxBytes)
    for (;;) {
      const buffer = chunks.nextBuffer()
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null)
      if (chunks.add(buffer, bytesRead)) return chunks.bytes()
    }
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
    const chunks = new BoundedChunks(fstatSync(fd), name, maxBytes)
    for (;;) {
      const buffer = chunks.nextBuffer()
      if (chunks.add(buffer, readSync(fd, buffer, 0, buffer.byteLength, null))) return chunks.bytes()
    }
  } finally {
    closeSync(fd)
  }
}
