/** Shared test helpers for the eso tests. */
import { parseSecretObject } from '../../src/core/secret.js'
import type { Secret } from '../../src/core/secret.js'

/** A validated Secret from the fields of a Secret object (apiVersion and kind added). */
export function secretOf(object: Record<string, unknown>): Secret {
  return parseSecretObject({ apiVersion: 'v1', kind: 'Secret', ...object })
}
