/** Reading user files with errors that name the file and say what to do. */
import { GitsealError, isGitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'
import { MAX_INPUT_BYTES, readFileBounded, readFileBoundedSync } from './bounded-read.js'

/**
 * Read a whole file as bytes, at most `maxBytes` (default 32 MiB, checked while reading, so
 * `/dev/zero` or a FIFO stops there). Errors name the file as `displayName` (the path the user typed).
 * @throws GitsealError `E_NOT_FOUND` when missing, `E_TOO_LARGE`, `E_IO` for other failures.
 */
export async function readFileBytes(
  path: string,
  displayName = path,
  maxBytes = MAX_INPUT_BYTES,
): Promise<Uint8Array> {
  try {
    return await readFileBounded(path, displayName, maxBytes)
  } catch (cause) {
    if (isGitsealError(cause)) throw cause
    throw fileError(displayName, cause)
  }
}

/** {@link readFileBytes}, read synchronously (many small files: see `readFileBoundedSync`). */
export function readFileBytesSync(path: string, displayName = path, maxBytes = MAX_INPUT_BYTES): Uint8Array {
  try {
    return readFileBoundedSync(path, displayName, maxBytes)
  } catch (cause) {
    if (isGitsealError(cause)) throw cause
    throw fileError(displayName, cause)
  }
}

/** Read a whole file as UTF-8 text (see {@link readFileBytes}). */
export async function readFileText(path: string, displayName = path): Promise<string> {
  return new TextDecoder().decode(await readFileBytes(path, displayName))
}

/** A GitsealError for a failed read of `path` (control characters in the name escaped). */
function fileError(file: string, cause: unknown): GitsealError {
  const path = printable(file)
  const code = (cause as NodeJS.ErrnoException).code
  if (code === 'ENOENT') {
    return new GitsealError('E_NOT_FOUND', `${path}: no such file`, {
      cause,
      file,
      hint: 'Check the path.',
    })
  }
  if (code === 'EISDIR')
    return new GitsealError('E_IO', `${path}: is a directory, expected a file`, { cause, file })
  if (code === 'EACCES') {
    return new GitsealError('E_IO', `${path}: permission denied`, {
      cause,
      file,
      hint: 'Check the file permissions.',
    })
  }
  return new GitsealError('E_IO', `${path}: cannot read file: ${code ?? String(cause)}`, {
    cause,
    file,
  })
}
