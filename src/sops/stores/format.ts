/** Which sops store a file name selects; apart from the stores so the scanner can ask without loading them. */
import type { SopsFormat } from './types.js'

/**
 * The format sops infers from a file name: case-sensitive `.yaml`/`.yml`, `.json`, `.env`, `.ini`;
 * anything else is binary.
 */
export function formatForPath(path: string): SopsFormat {
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml'
  if (path.endsWith('.json')) return 'json'
  if (path.endsWith('.env')) return 'dotenv'
  if (path.endsWith('.ini')) return 'ini'
  return 'binary'
}
