/** Stable finding ids for baselines. */
import { createHash } from 'node:crypto'

/**
 * Fingerprint of a finding: SHA-256 over rule id, file and secret (not the line, which drifts),
 * shortened to 32 hex digits. The secret only enters the hash together with rule and path.
 */
export function fingerprintOf(ruleId: string, file: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${secret}`).digest('hex').slice(0, 32)
}
