/**
 * Stable rewrites: protecting the same input again must not rewrite the output. Every backend
 * encrypts with fresh randomness (session keys, IVs), so `protect -o FILE` first opens FILE with
 * the keys at hand and, when it already holds exactly these Secrets for the same recipients, keeps
 * it byte for byte — as `sops edit` leaves a file alone when nothing changed.
 */
import { describeDocument, getBackend } from '../core/backend.js'
import type { BackendParams } from '../core/backend.js'
import { documentValue, parseManifest } from '../core/manifest.js'
import type { Manifest } from '../core/manifest.js'
import { readManifestEntries } from '../core/secret.js'
import type { Secret } from '../core/secret.js'

/**
 * True when `existing` (the current text of the destination) protects, with `backend`, the same
 * Secrets as `input` — same names, types, labels and values, other documents equal — so rewriting
 * it would change ciphertext only. False whenever that cannot be proven (no key, other recipients).
 */
export async function protectsSameSecrets(
  existing: string,
  file: string,
  input: Manifest,
  backend: string,
  keys: BackendParams,
  sameRecipients: (details: Record<string, unknown> | undefined) => boolean,
): Promise<boolean> {
  const owner = getBackend(backend)
  if (owner?.reveal === undefined) return false
  let manifest: Manifest
  try {
    manifest = parseManifest(existing, file)
  } catch {
    return false
  }
  const wanted = readManifestEntries(input)
  const present = manifest.documents.map((doc) => documentValue(manifest, doc))
  if (present.length !== wanted.length) return false
  for (const [index, entry] of wanted.entries()) {
    const value = present[index]
    if (entry.kind === 'other') {
      if (JSON.stringify(value) !== JSON.stringify(entry.value)) return false
      continue
    }
    const info = describeDocument(value)
    if (info?.backend !== backend || !sameRecipients(info.details)) return false
    let revealed: Secret
    try {
      revealed = await owner.reveal([value], keys)
    } catch {
      return false // no key for it, or it does not open: rewrite it as usual
    }
    if (!sameSecret(revealed, entry.secret)) return false
    // sops keeps stringData/data as written: moving a value between them is a change.
    if (backend === 'sops' && !sameKeys(revealed.stringDataKeys, entry.secret.stringDataKeys)) return false
  }
  return true
}

/** Same identity, type, labels, user annotations and values (byte for byte). */
function sameSecret(a: Secret, b: Secret): boolean {
  const userAnnotations = (secret: Secret): string =>
    JSON.stringify(
      Object.entries(secret.annotations)
        .filter(([key]) => !key.startsWith('sealedsecrets.bitnami.com/'))
        .sort(),
    )
  if (a.name !== b.name || a.namespace !== b.namespace || (a.type ?? 'Opaque') !== (b.type ?? 'Opaque'))
    return false
  if (JSON.stringify(Object.entries(a.labels).sort()) !== JSON.stringify(Object.entries(b.labels).sort()))
    return false
  if (userAnnotations(a) !== userAnnotations(b) || a.data.size !== b.data.size) return false
  for (const [key, value] of a.data) {
    const other = b.data.get(key)
    if (other === undefined || Buffer.compare(Buffer.from(value), Buffer.from(other)) !== 0) return false
  }
  return true
}

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((key) => b.has(key))
}

/**
 * Whether a protected document's details name the recipients `params` would encrypt for: the sops
 * age recipients must match as a set; other backends' documents carry nothing to compare.
 */
export function recipientsMatch(
  backend: string,
  params: BackendParams,
  details: Record<string, unknown> | undefined,
): boolean {
  if (backend !== 'sops') return true
  const list = (value: unknown): string[] =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : Array.isArray(value)
        ? value.flatMap(list)
        : []
  const wanted = new Set(list(params.keyGroups ?? params.recipients))
  const present = new Set(list(details?.recipients))
  return wanted.size > 0 && sameKeys(wanted, present)
}
