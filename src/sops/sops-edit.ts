/** Path-level operations on an opened sops file: `--extract`, `set`, `unset`. */
import { GitsealError } from '../core/errors.js'
import type { OpenedFile } from './sops-file.js'
import { plaintextOf, reencrypt } from './sops-file.js'
import { storeFor } from './stores/index.js'
import type { SopsFormat } from './stores/index.js'
import { editYamlText } from './stores/yaml.js'
import { parseJsonTree } from './stores/json.js'
import { getAtPath, parseTreePath, setAtPath, unsetAtPath } from './tree-path.js'
import { Mapping, leafText } from './tree.js'
import type { Value } from './tree.js'

/**
 * The value at a sops path (`["a"]["b"]`): strings and scalars as their text, subtrees in
 * `outputFormat` (default: the file's format; binary files cannot be extracted from).
 * @throws GitsealError `E_BAD_PATH` for a bad or missing path.
 */
export function extractPath(opened: OpenedFile, path: string, outputFormat?: SopsFormat): string {
  const steps = parseTreePath(path)
  const branch = opened.branches[0] ?? new Mapping()
  const value = getAtPath(branch, steps)
  if (value === null) return 'null'
  if (value instanceof Mapping) {
    const format = outputFormat ?? (opened.format === 'binary' ? 'json' : opened.format)
    return storeFor(format).emitFresh([value], undefined)
  }
  if (Array.isArray(value)) {
    const format = outputFormat ?? (opened.format === 'binary' ? 'json' : opened.format)
    return storeFor(format === 'yaml' ? 'yaml' : 'json').emitFresh(
      [new Mapping([{ key: 'value', value }])],
      undefined,
    )
  }
  return leafText(value)
}

/**
 * Parse a `set` value: JSON, as sops does (`'"text"'`, `42`, `{"a": 1}`).
 * @throws GitsealError `E_USAGE` when it is not JSON.
 */
export function parseSetValue(text: string): Value {
  try {
    const wrapped = parseJsonTree(`{"v": ${text}}`, '<value>')
    return wrapped.get('v') ?? null
  } catch (cause) {
    throw new GitsealError('E_USAGE', 'the value must be JSON (quote strings: \'"s3cr3t"\')', { cause })
  }
}

/**
 * Set (`value` given) or remove (`value` undefined) one path and re-encrypt: same data key,
 * unchanged values keep their ciphertext, YAML formatting kept.
 * @returns the new file text, or undefined when unsetting a path that does not exist.
 */
export async function editPath(
  opened: OpenedFile,
  path: string,
  value: Value | undefined,
): Promise<string | undefined> {
  const steps = parseTreePath(path)
  let plaintext: string | undefined
  if (opened.format === 'yaml') {
    plaintext = editYamlText(plaintextOf(opened), steps, value, opened.file)
  } else {
    const branch = opened.branches[0] ?? new Mapping()
    if (value === undefined) {
      if (!unsetAtPath(branch, steps)) return undefined
    } else setAtPath(branch, steps, value)
    plaintext = storeFor(opened.format).emitFresh([branch], undefined)
  }
  return plaintext === undefined ? undefined : reencrypt(plaintext, opened)
}
