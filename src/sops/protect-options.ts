/**
 * The sops backend's protect options, typed: the raw parameters (the policy rule's, completed from
 * `.sops.yaml` by resolve-params.ts) read once into what `encrypt` takes, and every wrong one refused
 * with `E_BAD_CONFIG` naming the config file and the key — never silently replaced by a default.
 */
import type { BackendParams } from '../core/backend.js'
import { GitsealError } from '../core/errors.js'
import type { EncryptOptions } from './sops-file.js'

/** The `encrypted_regex` a rule without one gets: a Secret's values, not its metadata. */
export const DEFAULT_ENCRYPTED_REGEX = '^(data|stringData)$'

/** What the sops backend encrypts with: recipients, Shamir threshold and rules. */
export type SopsOptions = Required<Pick<EncryptOptions, 'keyGroups' | 'rules'>> &
  Pick<EncryptOptions, 'shamirThreshold'>

/**
 * Read the raw `params` into {@link SopsOptions}: `keyGroups` (a list of recipient lists), else
 * `recipients` (a list, or comma-separated); `shamirThreshold`; `encryptedRegex` (default
 * {@link DEFAULT_ENCRYPTED_REGEX}); `macOnlyEncrypted`.
 * @throws GitsealError `E_BAD_CONFIG` naming the config file and the key.
 */
export function sopsOptions(params: BackendParams): SopsOptions {
  const configFile = typeof params.configFile === 'string' ? params.configFile : 'gitseal.yaml'
  const bad = (key: string, what: string): GitsealError =>
    new GitsealError('E_BAD_CONFIG', `${configFile}: sops parameter "${key}" must be ${what}`, {
      hint: 'Fix the sops parameters in gitseal.yaml.',
    })
  const strings = (value: unknown, key: string): string[] => {
    if (value === undefined) return []
    if (typeof value === 'string')
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value
    throw bad(key, 'a string or a list of strings')
  }
  const { keyGroups, recipients, shamirThreshold, encryptedRegex, macOnlyEncrypted } = params
  if (keyGroups !== undefined && !Array.isArray(keyGroups))
    throw bad('keyGroups', 'a list of recipient lists')
  if (shamirThreshold !== undefined && !(Number.isInteger(shamirThreshold) && Number(shamirThreshold) > 0))
    throw bad('shamirThreshold', 'a positive integer')
  if (encryptedRegex !== undefined && typeof encryptedRegex !== 'string')
    throw bad('encryptedRegex', 'a regular expression (a string)')
  if (macOnlyEncrypted !== undefined && typeof macOnlyEncrypted !== 'boolean')
    throw bad('macOnlyEncrypted', 'true or false')
  return {
    keyGroups: Array.isArray(keyGroups)
      ? keyGroups.map((group: unknown, i) => strings(group, `keyGroups[${String(i)}]`))
      : [strings(recipients, 'recipients')],
    rules: {
      encryptedRegex: encryptedRegex ?? DEFAULT_ENCRYPTED_REGEX,
      ...(macOnlyEncrypted === true ? { macOnlyEncrypted: true } : {}),
    },
    ...(shamirThreshold === undefined ? {} : { shamirThreshold: Number(shamirThreshold) }),
  }
}
