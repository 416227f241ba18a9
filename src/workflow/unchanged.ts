/**
 * Stable rewrites: protecting the same input again must not rewrite the output. Every backend
 * encrypts with fresh randomness (session keys, IVs), so `protect -o FILE` first opens FILE with
 * the keys at hand and, when it already holds exactly these Secrets for the same recipients, keeps
 * it byte for byte — as `sops edit` leaves a file alone when nothing changed. When only some values
 * changed, a backend that can (`rewriteDocument`, `rewriteText`; sops) keeps what it can reuse.
 */
import type { AnyBackend, BackendRegistry, RevealKeys, RewriteContext } from '../core/backend.js'
import { documentValue, parseManifest } from '../core/manifest.js'
import type { Manifest } from '../core/manifest.js'
import { readManifestEntries } from '../core/secret.js'
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
    if (owner.keepsStringData === true && !sameKeys(revealed.stringDataKeys, entry.secret.stringDataKeys))
      return false
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

/** What the owner's rewrite methods get: the options protect would use, the keys at hand, the path. */
function rewriteContext({ options, keys, file }: RewriteCheck): RewriteContext<unknown> {
  return { options, keys, file }
}

/**
 * The documents of a rewrite of `existing` that keeps what the owner can reuse of each of its
 * documents (`Backend.rewriteDocument`; sops: the data key and the ciphertext of unchanged values,
 * as `sops edit` does), so a one-value change is a one-line diff. `undefined` when that cannot be
 * done safely (the owner cannot rewrite, no key for the file, other recipients or encryption rules,
 * other documents): protect then protects anew as usual.
 */
export async function rewriteKeepingCiphertext(
  check: RewriteCheck,
): Promise<{ value: unknown; backend?: string }[] | undefined> {
  const { existing, file, input, owner } = check
  if (owner.rewriteDocument === undefined) return undefined
  const manifest = readableManifest(existing, file)
  if (manifest === undefined) return undefined
  const wanted = readManifestEntries(input)
  if (manifest.documents.length !== wanted.length) return undefined
  const documents: { value: unknown; backend?: string }[] = []
  for (const [index, entry] of wanted.entries()) {
    if (entry.kind === 'other') {
      documents.push({ value: entry.value })
      continue
    }
    const doc = manifest.documents[index]
    if (doc === undefined) return undefined
    const present = documentValue(manifest, doc)
    if (!reusable(check, present)) return undefined
    try {
      const value = await owner.rewriteDocument(present, entry.secret, rewriteContext(check))
      if (value === undefined) return undefined
      documents.push({ value, backend: owner.name })
    } catch {
      return undefined // no key for it, or it does not open: protect anew
    }
  }
  return documents
}

/**
 * Whether `present`, a document of the existing file, is the owner's and written with the options
 * protect would use (the same recipients, key groups and encryption rules, as the owner's
 * `protectedWith` judges). Only then may the owner reuse it.
 */
function reusable({ backends, owner, options }: RewriteCheck, present: unknown): boolean {
  const info = backends.describe(present)
  return info?.backend === owner.name && owner.protectedWith?.(info.details, options) === true
}

/**
 * The rewrite of `existing` for `input`, a file holding one Secret protected from its own text (see
 * `Backend.protectText`), by the owner's `rewriteText`: `existing` itself when its plaintext — values,
 * order and comments — is what `input` holds; otherwise `input`'s text protected reusing what the
 * owner can of `existing`. `undefined` when `existing` cannot be reused (the owner cannot rewrite
 * text, no key for it, other recipients or rules, not one document): protect then protects anew.
 */
export async function rewriteText(check: RewriteCheck): Promise<string | undefined> {
  const { existing, file, input, owner } = check
  if (owner.rewriteText === undefined) return undefined
  const manifest = readableManifest(existing, file)
  const doc = manifest?.documents[0]
  if (manifest?.format !== input.format || manifest.documents.length !== 1 || doc === undefined)
    return undefined
  if (!reusable(check, documentValue(manifest, doc))) return undefined
  try {
    return await owner.rewriteText(existing, input.text, input.format, rewriteContext(check))
  } catch {
    return undefined // no key for it, or it does not open: protect anew
  }
}
