/**
 * Keys for `convert`'s reveal: its key files become age identities, with every source sops reads.
 */
import { readTextIfExists as readText } from '../io/bounded-read.js'
import type { RevealKeys } from '../core/backend.js'
import type { AgeIdentity } from '../sops/age.js'

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
): Promise<RevealKeys> {
  // The sops backend's reveal takes key strings; ssh identities (objects) are for the codec only.
  const identities = (await ageIdentitiesFor(keyFiles, env))
    .map((entry) => entry.identity)
    .filter((identity): identity is string => typeof identity === 'string')
  return { keyFiles, env, identities }
}
