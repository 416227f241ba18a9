/**
 * `gitseal/eso` — not implemented yet: every function throws `E_NOT_IMPLEMENTED` until its issue lands.
 */
import { GitsealError } from '../core/errors.js'

/** Placeholder until the eso backend lands. */
export function notImplemented(): never {
  throw new GitsealError('E_NOT_IMPLEMENTED', 'gitseal/eso is not implemented yet')
}
