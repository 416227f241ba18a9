/**
 * `gitseal/sealed` — not implemented yet: every function throws `E_NOT_IMPLEMENTED` until its issue lands.
 */
import { GitsealError } from '../core/errors.js'

/** Placeholder until the sealed backend lands. */
export function notImplemented(): never {
  throw new GitsealError('E_NOT_IMPLEMENTED', 'gitseal/sealed is not implemented yet')
}
