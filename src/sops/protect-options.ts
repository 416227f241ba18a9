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

/** What the sops backend encrypts with: recipients, Shamir threshold and rules, and for which file. */
export type SopsOptions = Required<Pick<EncryptOptions, 'keyGroups' | 'rules'>> &
  Pick<EncryptOptions, 'shamirThreshold'> & {
    /** The file being written (`targetFile`), named in sops' messages; undefined outside `protect`. */
    file: string | undefined
  }

/**
 * Read the raw `params` into {@link SopsOptions}: `targetFile`; `keyGroups` (a list of recipient lists), else
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
  // Recipients as sops takes them: a list, or comma-separated, or a list of comma-separated ones.
  const strings = (value: unknown, key: string): string[] => {
    if (value === undefined) return []
    const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [undefined]
    if (!list.every((v) => typeof v === 'string')) throw bad(key, 'a string or a list of strings')
    return list
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '')
  }
  const { keyGroups, recipients, shamirThreshold, encryptedRegex, macOnlyEncrypted, targetFile } = params
  if (keyGroups !== undefined && !Array.isArray(keyGroups))
    throw bad('keyGroups', 'a list of recipient lists')
  if (shamirThreshold !== undefined && !(Number.isInteger(shamirThreshold) && Number(shamirThreshold) > 0))
    throw bad('shamirThreshold', 'a positive integer')
  if (encryptedRegex !== undefined && typeof encryptedRegex !== 'string')
    throw bad('encryptedRegex', 'a regular expression (a string)')
  if (macOnlyEncrypted !== undefined && typeof macOnlyEncrypted !== 'boolean')
    throw bad('macOnlyEncrypted', 'true or false')
  if (targetFile !== undefined && typeof targetFile !== 'string') throw bad('targetFile', 'a path (a string)')
  return {
    file: targetFile,
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

/**
 * Whether a sops document, as the backend describes it (`details`), was encrypted with what `options`
 * would use: the same age recipients (as a set), as many key groups, and the same encryption rules.
 * Only then may `protect -o` keep it, or its data key and ciphertext.
 */
export function sopsProtectedWith(
  details: Record<string, unknown> | undefined,
  options: SopsOptions,
): boolean {
  if (details === undefined) return false
  const present = new Set(Array.isArray(details.recipients) ? details.recipients : [])
  const wanted = new Set(options.keyGroups.flat())
  if (wanted.size === 0 || wanted.size !== present.size || ![...wanted].every((r) => present.has(r)))
    return false
  if (details.keyGroups !== options.keyGroups.length) return false
  const rules = (details.rules ?? {}) as Record<string, unknown>
  const { encryptedRegex, macOnlyEncrypted, ...otherRules } = rules
  return (
    encryptedRegex === options.rules.encryptedRegex &&
    (macOnlyEncrypted === true) === (options.rules.macOnlyEncrypted === true) &&
    Object.values(otherRules).every((rule) => rule === undefined)
  )
}
