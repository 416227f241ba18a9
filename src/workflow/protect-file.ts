/**
 * Protect the Secrets of one manifest with the backend policy chose: the shared core of
 * `protect`, `new secret` and `convert`. Pure apart from the backend itself: text in, text out.
 */
import type { AnyBackend, BackendRegistry, RevealKeys } from '../core/backend.js'
import { GitsealError } from '../core/errors.js'
import { documentValue, stringifyObjects } from '../core/manifest.js'
import type { Manifest, ManifestFormat } from '../core/manifest.js'
import { isSecretObject, readManifestEntries } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import type { LoadedConfig } from '../config/discover.js'
import { decideProtection, policyPath } from '../config/policy.js'
import type { PolicyDecision } from '../config/policy.js'

/** Where the protected file will live, passed to each backend's `options` with the policy's parameters. */
export interface ProtectTarget {
  /** Absolute path of the file being written (sops picks `.sops.yaml` creation_rules by it). */
  targetFile: string
  /** Path relative to the config directory, `/`-separated. */
  policyPath: string
  /** Directory of `gitseal.yaml`: relative cert paths in the config are relative to it. */
  configDir: string
  /** The gitseal.yaml the decision came from (`--config` or found), when there is one. */
  configFile?: string
  /** 1-based line in that file of the rule that decided, when a rule did (messages point at it). */
  ruleLine?: number
}

/**
 * The backend called `name` in `backends`.
 * @throws GitsealError `E_USAGE` naming the available backends when there is none by that name.
 */
export function requireBackend(backends: BackendRegistry, name: string): AnyBackend {
  const backend = backends.get(name)
  if (backend === undefined) {
    const known = backends.backends.map((b) => b.name)
    throw new GitsealError('E_USAGE', `backend "${name}" is not available`, {
      hint:
        known.length > 0
          ? `Available backends: ${known.join(', ')}.`
          : 'No backend is available in this build.',
    })
  }
  return backend
}

/** Parameters a backend receives: the policy's, plus where the file goes. */
export function protectParams(decision: PolicyDecision, target: ProtectTarget): Record<string, unknown> {
  return { ...decision.params, ...target }
}

/** A document to write and, when a backend made it, that backend's name (for its layout). */
export interface OutputDocument {
  value: unknown
  backend?: string
}

/**
 * The text of `documents` in `format`: each backend's own layout where it has one (a SealedSecret as
 * `seal` writes it), generic YAML/JSON otherwise; YAML documents separated by `---`.
 */
export function renderDocuments(
  backends: BackendRegistry,
  documents: readonly OutputDocument[],
  format: ManifestFormat,
): string {
  return documents
    .map((document, index) => {
      const backend = document.backend === undefined ? undefined : backends.get(document.backend)
      const text = backend?.serialize?.(document.value, format) ?? stringifyObjects([document.value], format)
      return format === 'yaml' && index > 0 && !text.startsWith('---') ? `---\n${text}` : text
    })
    .join('')
}

/**
 * What `backend` protects with: the policy's and the target's parameters, completed by the backend
 * (`resolveParams`) and read into its own typed options. Opaque here: only handed back to `backend`.
 * @throws GitsealError `E_BAD_CONFIG` (from the backend) for a wrong parameter.
 */
async function backendOptions(
  backend: AnyBackend,
  decision: PolicyDecision,
  target: ProtectTarget,
): Promise<unknown> {
  const params = protectParams(decision, target)
  return backend.options(backend.resolveParams ? await backend.resolveParams(params) : params)
}

/** Protect Secrets with `decision`'s backend, returning the documents to write (in order). */
export async function protectSecrets(
  backends: BackendRegistry,
  secrets: readonly Secret[],
  decision: PolicyDecision,
  target: ProtectTarget,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const backend = requireBackend(backends, decision.backend)
  const options = await backendOptions(backend, decision, target)
  const out: unknown[] = []
  for (const secret of secrets) {
    out.push(...(await backend.protect(secret, { options, ...(signal ? { signal } : {}) })))
  }
  return out
}

/**
 * True when `manifest` holds one document and it is a Secret (not a List of one): a backend that
 * protects text may then take the file as written, comments and all.
 */
function isSoleSecret(manifest: Manifest): boolean {
  const [document, ...others] = manifest.documents
  if (document === undefined || others.length > 0) return false
  const value = documentValue(manifest, document)
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Secret'
}

/**
 * Protect every Secret of `manifest`; other documents pass through unchanged.
 * @throws GitsealError `E_ALREADY_ENCRYPTED` when the file is already protected, `E_NOT_A_SECRET` when it holds no Secret.
 */
export async function protectManifest(
  backends: BackendRegistry,
  manifest: Manifest,
  decision: PolicyDecision,
  target: ProtectTarget,
  settings: { signal?: AbortSignal; format?: ManifestFormat } = {},
): Promise<string> {
  const backend = requireBackend(backends, decision.backend)
  const described = manifest.documents.flatMap((doc) => {
    const value = documentValue(manifest, doc)
    const info = backends.describe(value)
    return info === null ? [] : [{ info, inPlace: isSecretObject(value) }]
  })
  // A Secret a backend claims is protected in place (sops: still a Secret, its values ciphertext):
  // protecting it again would encrypt the ciphertext and drop the data key that opens it. Its `data`
  // values are not base64, so its entries are not read: that would fail as "not valid base64"
  // instead of saying it is protected.
  const inPlace = described.some((claim) => claim.inPlace)
  const entries = inPlace ? [] : readManifestEntries(manifest)
  if (inPlace || !entries.some((entry) => entry.kind === 'secret')) {
    const protectedBy = described.find((claim) => claim.inPlace === inPlace)?.info
    if (protectedBy) {
      const same = protectedBy.backend === decision.backend
      throw new GitsealError(
        'E_ALREADY_ENCRYPTED',
        `${manifest.file}: already protected (${protectedBy.backend})${same ? ', as the policy asks: nothing to do' : ''}`,
        {
          file: manifest.file,
          hint: same
            ? `To change a value, edit the plaintext and protect it with -o ${manifest.file}${editHint(backends, protectedBy.backend, manifest.file)}`
            : `To move it to another backend, run: gitseal convert ${manifest.file} --to ${decision.backend}`,
        },
      )
    }
    throw new GitsealError('E_NOT_A_SECRET', `${manifest.file}: holds no Kubernetes Secret to protect`, {
      file: manifest.file,
      hint: 'protect takes Secret manifests (kind: Secret, apiVersion: v1).',
    })
  }
  const { signal, format = manifest.format } = settings
  const context = { options: await backendOptions(backend, decision, target), ...(signal ? { signal } : {}) }
  if (backend.protectText !== undefined && format === manifest.format && isSoleSecret(manifest))
    return backend.protectText(manifest.text, format, context)
  const documents: OutputDocument[] = []
  for (const entry of entries) {
    if (entry.kind === 'secret') {
      const protectedDocs = await backend.protect(entry.secret, context)
      documents.push(...protectedDocs.map((value) => ({ value, backend: decision.backend })))
    } else documents.push({ value: entry.value })
  }
  return renderDocuments(backends, documents, format)
}

/** `, or run: <the backend's edit command> FILE` when the backend has one. */
function editHint(backends: BackendRegistry, backendName: string, file: string): string {
  const command = backends.get(backendName)?.editCommand
  return command === undefined ? '' : `, or run: ${command} ${file}`
}

/**
 * Policy decision and target for writing `targetFile`. With `override` (`--backend`) a file outside the
 * config's directory is fine: no rule could apply to it anyway.
 * @throws GitsealError `E_NO_POLICY` / `E_BAD_PATH` as {@link decideProtection} and {@link policyPath} do.
 */
export function resolveProtection(
  loaded: LoadedConfig,
  targetFile: string,
  override: string | undefined,
): { decision: PolicyDecision; target: ProtectTarget } {
  let relative: string
  try {
    relative = policyPath(loaded.dir, targetFile)
  } catch (error) {
    if (override === undefined) throw error
    return {
      decision: { backend: override, params: {}, rule: undefined },
      target: { targetFile, policyPath: targetFile, configDir: loaded.dir, ...configFileOf(loaded) },
    }
  }
  const decision = decideProtection(loaded.config, relative, override)
  return {
    decision,
    target: {
      targetFile,
      policyPath: relative,
      configDir: loaded.dir,
      ...configFileOf(loaded),
      ...(decision.rule === undefined ? {} : { ruleLine: decision.rule.line }),
    },
  }
}

function configFileOf(loaded: LoadedConfig): { configFile?: string } {
  return loaded.found ? { configFile: loaded.config.file } : {}
}

/**
 * What `protect -o FILE` writes over FILE's current text `existing` without encrypting anew:
 * `existing` itself when it already protects `manifest`'s Secrets unchanged (same values, same
 * recipients, and for a file protected from its text the same comments and order), or the backend's
 * rewrite reusing what it can (`Backend.rewriteText`/`rewriteDocument`; sops keeps its data key and
 * the ciphertext of unchanged values, as `sops edit` does).
 * `undefined` when neither can be proven (no key at hand, other recipients): protect encrypts anew.
 */
export async function rewriteExisting(
  backends: BackendRegistry,
  existing: string,
  manifest: Manifest,
  decision: PolicyDecision,
  target: ProtectTarget,
  keys: RevealKeys,
): Promise<string | undefined> {
  // Input that is already protected, or not a valid Secret, gets protectManifest's error.
  if (manifest.documents.some((doc) => backends.describe(documentValue(manifest, doc)) !== null))
    return undefined
  readManifestEntries(manifest)
  const unchanged = await import('./unchanged.js')
  const backend = requireBackend(backends, decision.backend)
  const check = {
    backends,
    existing,
    file: target.targetFile,
    input: manifest,
    owner: backend,
    options: await backendOptions(backend, decision, target),
    keys,
  }
  // A file protected from its text compares as text: a changed comment is a change.
  if (backend.protectText !== undefined && isSoleSecret(manifest)) return unchanged.rewriteText(check)
  if (await unchanged.protectsSameSecrets(check)) return existing
  const documents = await unchanged.rewriteKeepingCiphertext(check)
  return documents && renderDocuments(backends, documents, manifest.format)
}
