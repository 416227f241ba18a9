/** Find `.sops.yaml` for a file: from the file's directory upwards (sops starts at the cwd). */
import { dirname, join } from 'node:path'
import { parseSopsConfig } from './config.js'
import type { SopsConfig } from './config.js'

/** How to read files; returns undefined when the file does not exist. */
export type ReadText = (path: string) => Promise<string | undefined>

/**
 * Load the `.sops.yaml` that governs `filePath` (absolute): `configPath` when given, else the
 * nearest one in the file's directory or above (at most 100 levels, as sops).
 * @returns undefined when there is none (or, as sops, when it has no creation rules).
 * @throws GitsealError `E_BAD_CONFIG` for an invalid config, `E_NOT_FOUND` for a missing `configPath`.
 */
export async function loadSopsConfig(
  filePath: string,
  options: { readFile: ReadText; configPath?: string },
): Promise<{ config: SopsConfig; path: string } | undefined> {
  if (options.configPath !== undefined) {
    const text = await options.readFile(options.configPath)
    if (text === undefined) {
      const { GitsealError } = await import('../core/errors.js')
      throw new GitsealError('E_NOT_FOUND', `${options.configPath}: no such file`, {
        hint: 'Check --config.',
      })
    }
    return { config: parseSopsConfig(text, options.configPath), path: options.configPath }
  }
  let dir = dirname(filePath)
  for (let i = 0; i < 100; i++) {
    const candidate = join(dir, '.sops.yaml')
    const text = await options.readFile(candidate)
    if (text !== undefined) {
      const config = parseSopsConfig(text, candidate)
      return config.creationRules.length > 0 ? { config, path: candidate } : undefined
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return undefined
}
