/**
 * `convert`: reveal a protected manifest with its own backend, protect the Secrets with another.
 * The plaintext exists only in memory between the two steps.
 */
import type { BackendRegistry, RevealKeys } from '../core/backend.js'
import { GitsealError, isGitsealError } from '../core/errors.js'
import { documentValue } from '../core/manifest.js'
import type { Manifest } from '../core/manifest.js'
import { isSecretObject, parseSecretObject } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import type { PolicyDecision } from '../config/policy.js'
import { protectSecrets, renderDocuments } from './protect-file.js'
import type { OutputDocument, ProtectTarget } from './protect-file.js'

/** What each built-in backend needs to reveal, for messages; third-party backends get a generic line. */
const KEY_NEEDED: Readonly<Record<string, string>> = {
  sealed:
    "the sealed-secrets controller's private key: pass --key FILE (e.g. from `kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml`)",
  sops: 'an age identity for one of the recipients: pass --key keys.txt, or set SOPS_AGE_KEY_FILE / SOPS_AGE_KEY',
  eso: 'nothing gitseal can use: the values live in the remote store (e.g. AWS Secrets Manager), not in Git',
}

/** What `backend` needs to read its documents back. */
export function keyNeeded(backend: string): string {
  return KEY_NEEDED[backend] ?? `the ${backend} backend's key: pass --key FILE`
}

/**
 * Reveal every Secret of `manifest` (plaintext Secrets are taken as they are) and protect them with
 * `decision`'s backend. Other documents pass through.
 * @throws GitsealError when a document's backend cannot reveal (naming the key needed), or the file is already `to`.
 */
export async function convertManifest(
  backends: BackendRegistry,
  manifest: Manifest,
  decision: PolicyDecision,
  target: ProtectTarget,
  keys: RevealKeys,
  signal?: AbortSignal,
): Promise<string> {
  const out: OutputDocument[] = []
  const mine = (values: unknown[]): OutputDocument[] =>
    values.map((value) => ({ value, backend: decision.backend }))
  let converted = 0
  for (const doc of manifest.documents) {
    const value = documentValue(manifest, doc)
    const info = backends.describe(value)
    if (info === null) {
      if (isSecretObject(value)) {
        out.push(
          ...mine(await protectSecrets(backends, [parseSecretObject(value)], decision, target, signal)),
        )
        converted++
      } else out.push({ value })
      continue
    }
    if (info.backend === decision.backend) {
      throw new GitsealError('E_USAGE', `${manifest.file}: already protected by ${info.backend}`, {
        file: manifest.file,
        hint: `Choose another --to than ${info.backend}.`,
      })
    }
    const secret = await reveal(backends, manifest.file, info.backend, info.summary, value, keys)
    out.push(...mine(await protectSecrets(backends, [secret], decision, target, signal)))
    converted++
  }
  if (converted === 0) {
    throw new GitsealError(
      'E_NOT_A_SECRET',
      `${manifest.file}: holds no Secret or protected Secret to convert`,
      {
        file: manifest.file,
      },
    )
  }
  return renderDocuments(backends, out, manifest.format)
}

async function reveal(
  backends: BackendRegistry,
  file: string,
  backendName: string,
  summary: string,
  document: unknown,
  keys: RevealKeys,
): Promise<Secret> {
  const backend = backends.get(backendName)
  if (backend?.reveal === undefined) {
    throw new GitsealError(
      'E_USAGE',
      `${file}: the ${backendName} backend cannot reveal its values (${summary})`,
      {
        file,
        hint: `Converting needs ${keyNeeded(backendName)}. Create the Secret again with \`gitseal new secret\` instead.`,
      },
    )
  }
  try {
    return await backend.reveal([document], keys)
  } catch (error) {
    if (isGitsealError(error) && error.category === 'crypto') {
      throw new GitsealError(
        error.code,
        `${file}: cannot read the ${backendName} values (${summary}): ${error.message}`,
        {
          cause: error,
          file,
          hint: `Converting needs ${keyNeeded(backendName)}.`,
        },
      )
    }
    throw error
  }
}
