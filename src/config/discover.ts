/**
 * Finding and reading `gitseal.yaml` on disk: walk up from a directory to the repository root.
 * The caller passes the starting directory; nothing here reads `process.cwd()`.
 */
import { dirname, resolve } from 'node:path'
import { findUp } from '../io/find-up.js'
import { readFileText } from '../io/read-file.js'
import { CONFIG_FILE_NAME, emptyConfig } from './model.js'
import type { GitsealConfig } from './model.js'
import type { PolicyBackends } from './policy-params.js'

/**
 * The nearest `gitseal.yaml` from `startDir` upwards, stopping at the repository root (the first
 * directory holding `.git`) or the filesystem root; `undefined` when there is none.
 */
export function findConfigFile(startDir: string): Promise<string | undefined> {
  return Promise.resolve(findUp(startDir, [CONFIG_FILE_NAME]))
}

/** Where a config came from: the parsed file and the directory its relative paths are resolved against. */
export interface LoadedConfig {
  config: GitsealConfig
  /** Directory of the config file (or `startDir` when there is none): policy paths and cert paths are relative to it. */
  dir: string
  /** False when no file was found and the config is empty. */
  found: boolean
}

/**
 * Load `configPath` when given (it must exist), else the nearest `gitseal.yaml` from `startDir`.
 * @throws GitsealError `E_NOT_FOUND` for a missing explicit file, `E_BAD_CONFIG` for an invalid one.
 */
export async function loadGitsealConfig(options: {
  startDir: string
  configPath?: string
  /** The backends its policy may name (see {@link parseGitsealConfig}); the built-in ones by default. */
  backends?: PolicyBackends
}): Promise<LoadedConfig> {
  const file = options.configPath ?? (await findConfigFile(options.startDir))
  if (file === undefined) return { config: emptyConfig(), dir: resolve(options.startDir), found: false }
  const text = await readFileText(file)
  const { parseGitsealConfig } = await import('./gitseal-config.js') // the YAML library: only when needed
  return {
    config: parseGitsealConfig(text, file, options.backends),
    dir: dirname(resolve(file)),
    found: true,
  }
}
