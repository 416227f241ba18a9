/** Pick a sops store by format name or by file name, as sops does. */
import { GitsealError } from '../../core/errors.js'
import { binaryStore } from './binary.js'
import { dotenvStore } from './dotenv.js'
import { iniStore } from './ini.js'
import { jsonStore } from './json.js'
import type { SopsFormat, Store } from './types.js'
import { yamlStore } from './yaml.js'

export type { LoadedFile, SopsFormat, Store } from './types.js'
export { formatForPath } from './format.js'

const STORES: Record<SopsFormat, Store> = {
  yaml: yamlStore,
  json: jsonStore,
  dotenv: dotenvStore,
  ini: iniStore,
  binary: binaryStore,
}

/**
 * The store for a `--input-type`/`--output-type` name.
 * @throws GitsealError `E_UNKNOWN_FORMAT` for anything but yaml, json, dotenv, ini, binary.
 */
export function storeFor(format: string): Store {
  if (!Object.hasOwn(STORES, format)) {
    throw new GitsealError('E_UNKNOWN_FORMAT', `unknown sops file type '${format}'`, {
      hint: 'Use one of yaml, json, dotenv, ini, binary.',
    })
  }
  return STORES[format as SopsFormat]
}
