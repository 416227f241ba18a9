/** The GitsealError a call throws, for tests that assert its code, message and hint. */
import { GitsealError } from '../../src/core/errors.js'

/** The GitsealError `fn` throws; any other error is rethrown, and returning fails the test. */
export function errorOf(fn: () => unknown): GitsealError {
  try {
    fn()
  } catch (error) {
    if (error instanceof GitsealError) return error
    throw error
  }
  throw new Error('expected a GitsealError')
}

/** {@link errorOf} for an async call. */
export async function errorOfAsync(fn: () => Promise<unknown>): Promise<GitsealError> {
  try {
    await fn()
  } catch (error) {
    if (error instanceof GitsealError) return error
    throw error
  }
  throw new Error('expected a GitsealError')
}
