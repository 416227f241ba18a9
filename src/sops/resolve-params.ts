/**
 * The sops backend's parameters completed from `.sops.yaml`: a gitseal.yaml rule without recipients
 * defers to the creation rule for the target file (found from the file upwards, as sops does).
 */
import { dirname, join } from 'node:path'
import type { BackendParams } from '../core/backend.js'
import { GitsealError } from '../core/errors.js'
import { readTextIfExists } from '../io/bounded-read.js'

/**
 * sops parameters for protecting `params.targetFile`: `age` is an alias of `recipients`; with
 * neither (nor `keyGroups`), the `.sops.yaml` creation rule for the file gives recipients and rules.
 * The config is the one nearest the file, or with `params.sopsConfigFrom` (a directory, from
 * `--sops-config-lookup cwd`) the one found from there upwards, as sops does.
 * @throws GitsealError `E_NO_CREATION_RULE` naming the file when no `.sops.yaml` rule matches.
 */
export async function resolveSopsParams(params: BackendParams): Promise<BackendParams> {
  if (params.age !== undefined && params.recipients === undefined)
    return { ...params, recipients: params.age }
  if (params.recipients !== undefined || params.keyGroups !== undefined) return params
  const targetFile = typeof params.targetFile === 'string' ? params.targetFile : undefined
  if (targetFile === undefined) return params
  const { loadSopsConfig } = await import('./config-discover.js')
  const { findCreationRule, pathForRules, ruleRecipients } = await import('./config.js')
  const from =
    typeof params.sopsConfigFrom === 'string' ? join(params.sopsConfigFrom, '.sops.yaml') : targetFile
  const found = await loadSopsConfig(from, { readFile: readTextIfExists })
  const rule = found && findCreationRule(found.config, pathForRules(dirname(found.path), targetFile))
  if (!found || !rule) {
    throw new GitsealError(
      'E_NO_CREATION_RULE',
      `${targetFile}: no .sops.yaml creation rule matches, and the gitseal.yaml rule names no age recipients`,
      {
        file: targetFile,
        hint: 'Add age: [age1…] to the gitseal.yaml rule, or a creation rule to .sops.yaml.',
      },
    )
  }
  return {
    ...params,
    keyGroups: ruleRecipients(rule, found.path),
    ...(rule.shamirThreshold === undefined ? {} : { shamirThreshold: rule.shamirThreshold }),
    ...(params.encryptedRegex === undefined && rule.rules.encryptedRegex !== undefined
      ? { encryptedRegex: rule.rules.encryptedRegex }
      : {}),
  }
}
