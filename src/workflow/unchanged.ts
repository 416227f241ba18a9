/**
 * Stable rewrites: protecting the same input again must not rewrite the output. Every backend
 * encrypts with fresh randomness (session keys, IVs), so `protect -o FILE` first opens FILE with
 * the keys at hand and, when it already holds exactly these Secrets for the same recipients, keeps
 * it byte for byte — as `sops edit` leaves a file alone when nothing changed. When only some SOPS
 * values changed, the file keeps its data key and the ciphertext of the others, as `sops edit` does.
 */
import type { AnyBackend, BackendRegistry, RevealKeys } from '../core/backend.js'
import { documentValue, parseManifest, stringifyObjects } from '../core/manifest.js'
import type { Manifest } from '../core/manifest.js'
import { readManifestEntries, secretToObject } from '../core/secret.js'
import type { Secret } from '../core/secret.js'

/**
 * What a keep-or-rewrite check compares: the destination's current text and what protect would
 * write there (the plaintext, the backend policy chose and the options it would protect with).
 */
export interface RewriteCheck {
  backends: BackendRegistry
  /** The destination's current text. */
  existing: string
  /** The destination's path, for sops' messages. */
  file: string
  /** The plaintext manifest being protected. */
  input: Manifest
  /** The backend policy chose, and what its `options` read from the parameters (opaque here). */
  owner: AnyBackend
  options: unknown
  /** The keys at hand to open `existing`. */
  keys: RevealKeys
}

/** The age identities at hand, as sops' `openSops` takes them. */
function ageIdentities(keys: RevealKeys): { identity: string; source: string }[] {
  return (keys.identities ?? []).map((identity) => ({ identity, source: 'reveal keys' }))
}

/** The existing file as a manifest, or undefined when it does not parse (then it is rewritten whole). */
function readableManifest(existing: string, file: string): Manifest | undefined {
  try {
    return parseManifest(existing, file)
  } catch {
    return undefined
  }
}

/**
 * True when `existing` (the current text of the destination) protects, with `owner`, the same
 * Secrets as `input` — same names, types, labels and values, other documents equal — so rewriting
 * it would change ciphertext only. False whenever that cannot be proven (no key, other recipients:
 * `owner.protectedWith` says no for `options`, the options protect would use).
 */
export async function protectsSameSecrets(check: RewriteCheck): Promise<boolean> {
  const { backends, existing, file, input, owner, options, keys } = check
  const backend = owner.name
  if (owner.reveal === undefined) return false
  const manifest = readableManifest(existing, file)
  if (manifest === undefined) return false
  const wanted = readManifestEntries(input)
  const present = manifest.documents.map((doc) => documentValue(manifest, doc))
  if (present.length !== wanted.length) return false
  for (const [index, entry] of wanted.entries()) {
    const value = present[index]
    if (entry.kind === 'other') {
      if (JSON.stringify(value) !== JSON.stringify(entry.value)) return false
      continue
    }
    const info = backends.describe(value)
    if (info?.backend !== backend || owner.protectedWith?.(info.details, options) === false) return false
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
 * The documents of a SOPS rewrite of `existing` that keeps, as `sops edit` does, the data key and the
 * ciphertext of every value that did not change (new and changed values are encrypted afresh, the MAC
 * recomputed), so a one-value change is a one-line diff. `undefined` when that cannot be done safely
 * (no key for the file, other recipients or encryption rules, other documents): protect then
 * encrypts anew as usual.
 */
export async function sopsRewriteKeepingCiphertext(
  check: RewriteCheck,
): Promise<{ value: unknown; backend?: string }[] | undefined> {
  const { existing, file, input, keys } = check
  const manifest = readableManifest(existing, file)
  if (manifest === undefined) return undefined
  const wanted = readManifestEntries(input)
  if (manifest.documents.length !== wanted.length) return undefined
  const identities = ageIdentities(keys)
  const [{ openSops, reencrypt }, { parseDocument }] = await Promise.all([
    import('../sops/sops-file.js'),
    import('yaml'),
  ])
  const documents: { value: unknown; backend?: string }[] = []
  for (const [index, entry] of wanted.entries()) {
    if (entry.kind === 'other') {
      documents.push({ value: entry.value })
      continue
    }
    const doc = manifest.documents[index]
    if (doc === undefined) return undefined
    const present = documentValue(manifest, doc)
    if (!reusableSops(check, present)) return undefined
    try {
      const opened = await openSops(stringifyObjects([present], 'yaml'), { format: 'yaml', file, identities })
      const plaintext = stringifyObjects([secretToObject(entry.secret, { asWritten: true })], 'yaml')
      documents.push({ value: parseDocument(await reencrypt(plaintext, opened)).contents, backend: 'sops' })
    } catch {
      return undefined // no key for it, or it does not open: encrypt anew
    }
  }
  return documents
}

/**
 * Whether `present`, a document of the existing file, is the owner's (sops) and written with the
 * options protect would use (the same recipients, key groups and encryption rules, as the owner's
 * `protectedWith` judges). Only then may its data key and ciphertext be kept.
 */
function reusableSops({ backends, owner, options }: RewriteCheck, present: unknown): boolean {
  const info = backends.describe(present)
  return info?.backend === owner.name && owner.protectedWith?.(info.details, options) === true
}

/**
 * The rewrite of `existing` for `input`, a file holding one Secret protected from its own text (see
 * `Backend.protectText`): `existing` itself when its plaintext — values, order and comments — is
 * what `input` holds; otherwise `input`'s text encrypted with `existing`'s data key, unchanged values
 * and comments keeping their ciphertext, as `sops edit` does. `undefined` when `existing` cannot be
 * reused (no key for it, other recipients or rules, not one sops document): protect encrypts anew.
 */
export async function sopsRewriteText(check: RewriteCheck): Promise<string | undefined> {
  const { existing, file, input, keys } = check
  const manifest = readableManifest(existing, file)
  const doc = manifest?.documents[0]
  if (manifest?.format !== input.format || manifest.documents.length !== 1 || doc === undefined)
    return undefined
  if (!reusableSops(check, documentValue(manifest, doc))) return undefined
  const identities = ageIdentities(keys)
  const { openSops, reencrypt, samePlaintext } = await import('../sops/sops-file.js')
  try {
    const opened = await openSops(existing, { format: input.format, file, identities })
    return samePlaintext(opened, input.text) ? existing : await reencrypt(input.text, opened)
  } catch {
    return undefined // no key for it, or it does not open: encrypt anew
  }
}
