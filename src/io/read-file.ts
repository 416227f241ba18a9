/** Reading user files with errors that name the file and say what to do. */
import { readFile } from 'node:fs/promises'
import { GitsealError } from '../core/errors.js'

/**
 * Read a whole file as bytes. Errors name the file as `displayName` (the path the user typed).
 * @throws GitsealError `E_NOT_FOUND` when missing, `E_IO` for other failures.
 */
export async function readFileBytes(path: string, displayName = path): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (cause) {
    throw fileError(displayName, cause)
  }
}

/** Read a whole file as UTF-8 text (see {@link readFileBytes}). */
export async function readFileText(path: string, displayName = path): Promise<string> {
  return new TextDecoder().decode(await readFileBytes(path, displayName))
}

/** A GitsealError for a failed read of `path`. */
export function fileError(path: string, cause: unknown): GitsealError {
  const code = (cause as NodeJS.ErrnoException).code
  if (code === 'ENOENT') {
    return new GitsealError('E_NOT_FOUND', `${path}: no such file`, {
      cause,
      file: path,
      hint: 'Check the path.',
    })
  }
  if (code === 'EISDIR')
    return new GitsealError('E_IO', `${path}: is a directory, expected a file`, { cause, file: path })
  if (code === 'EACCES') {
    return new GitsealError('E_IO', `${path}: permission denied`, {
      cause,
      file: path,
      hint: 'Check the file permissions.',
    })
  }
  return new GitsealError('E_IO', `${path}: cannot read file: ${code ?? String(cause)}`, {
    cause,
    file: path,
  })
}
