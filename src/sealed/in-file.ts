/** Error messages that name the file they are about. */
import { GitsealError } from '../core/errors.js'

/** Run `fn`, prefixing a GitsealError's message with `file` when it does not name it yet. */
export function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof GitsealError && !error.message.startsWith(file)) {
      throw new GitsealError(error.code, `${file}: ${error.message}`, {
        file,
        cause: error,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      })
    }
    throw error
  }
}
