/**
 * The sops backend in the repository workflow: rules without recipients defer to `.sops.yaml`
 * (found from the target file upwards, as sops does) and convert's key files become age identities.
 */
import { readTextBounded } from '../io/bounded-read.js'
import { dirname, join } from 'node:path'
import type { BackendParams } from '../core/backend.js'
import { GitsealError } from '../core/errors.js'
import type { AgeIdentity } from '../sops/age.js'

// A missing file is "no config"; anything else (too large, unreadable) is an error, not a silent default.
const readText = (path: string): Promise<string | undefined> =>
  readTextBounded(path).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined
    throw error
  })

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
  const { loadSopsConfig } = await import('../sops/config-discover.js')
  const { findCreationRule, pathForRules, ruleRecipients } = await import('../sops/config.js')
  const from =
    typeof params.sopsConfigFrom === 'string' ? join(params.sopsConfigFrom, '.sops.yaml') : targetFile
  const found = await loadSopsConfig(from, { readFile: readText })
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

/** Age identities from key files (as given to `--key`) and every source sops reads (env, keys.txt). */
async function ageIdentitiesFor(
  keyFiles: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<AgeIdentity[]> {
  const { loadAgeIdentities, parseIdentityText } = await import('../sops/identities.js')
  const fromFiles = (
    await Promise.all(
      keyFiles.map(async (file) =>
        parseIdentityText((await readText(file)) ?? '').map((identity) => ({ identity, source: file })),
      ),
    )
  ).flat()
  const { identities } = await loadAgeIdentities({
    env,
    home: env.HOME ?? '',
    platform: process.platform,
    readFile: readText,
  })
  return [...fromFiles, ...identities]
}

/** Keys for `reveal` from convert's flags: `identities` for sops, the files and env for the others. */
export async function revealKeys(
  keyFiles: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<BackendParams> {
  // The sops backend's reveal takes key strings; ssh identities (objects) are for the codec only.
  const identities = (await ageIdentitiesFor(keyFiles, env))
    .map((entry) => entry.identity)
    .filter((identity): identity is string => typeof identity === 'string')
  return { keyFiles, env, identities }
}
