/**
 * The `sops` backend: a Secret becomes the same Secret with `data`/`stringData` values
 * `ENC[AES256_GCM,…]` and a `sops` block, readable by sops 3.x and Flux's kustomize-controller.
 */
import { parseDocument } from 'yaml'
import type { Backend, ProtectContext, ProtectionInfo, RevealKeys, RewriteContext } from '../core/backend.js'
import { mayHaveSopsKey } from '../core/document-text.js'
import { GitsealError } from '../core/errors.js'
import { stringifyObjects } from '../core/manifest.js'
import { parseSecretObject, secretToObject } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import type { AgeIdentity } from './age.js'
import { parseMetadata } from './metadata.js'
import { decrypt, encrypt, openSops, reencrypt, samePlaintext } from './sops-file.js'
import type { Plain } from './tree.js'
import { sopsParams } from '../config/policy-params.js'
import { sopsOptions, sopsProtectedWith } from './protect-options.js'
import type { SopsOptions } from './protect-options.js'

/** Flux's idiom: only `data` and `stringData` values are encrypted, so the manifest stays reviewable. */
export { DEFAULT_ENCRYPTED_REGEX } from './protect-options.js'

function plainOf(document: unknown): unknown {
  const withToJson = document as { toJSON?: () => unknown } | null
  return withToJson !== null && typeof withToJson === 'object' && typeof withToJson.toJSON === 'function'
    ? withToJson.toJSON()
    : document
}

function yamlOf(document: unknown): string {
  return stringifyObjects([document], 'yaml')
}

/** The age identities `keys` carries, as sops' decrypt takes them. */
function identitiesOf(keys: RevealKeys): AgeIdentity[] {
  return (keys.identities ?? []).map((identity) => ({ identity, source: 'reveal keys' }))
}

/**
 * The sops backend. `protect` params: `recipients` (age recipients, list or comma-separated),
 * or `keyGroups` (list of lists) with `shamirThreshold`; `encryptedRegex` (default
 * `^(data|stringData)$`); `macOnlyEncrypted`. `reveal` keys: `identities` (AGE-SECRET-KEY-1… strings).
 */
export const sopsBackend: Backend<SopsOptions> = {
  name: 'sops',
  params: sopsParams,
  mayDescribe: mayHaveSopsKey, // describe claims only documents with SOPS metadata

  // Loaded when protecting: it reads `.sops.yaml`, which describing and revealing never need.
  resolveParams: async (params) => (await import('./resolve-params.js')).resolveSopsParams(params),
  options: sopsOptions,
  protectedWith: sopsProtectedWith,

  async protect(secret: Secret, context: ProtectContext<SopsOptions>): Promise<unknown[]> {
    // Values stay under stringData or data as written, as `gitseal encrypt` and sops keep them.
    const text = await encrypt(yamlOf(secretToObject(secret, { asWritten: true })), {
      format: 'yaml',
      ...context.options,
      file: secret.name ?? 'Secret',
    })
    // A yaml node, not a plain object: serialising it keeps sops' quoting (`lastmodified: "…"`),
    // which go-yaml needs to read the timestamp as a string; JSON.stringify still gives plain data.
    return [parseDocument(text).contents]
  },

  // The file's own text through the encrypt path: comments, key order and stringData stay as
  // `gitseal encrypt` (and sops) keep them.
  async protectText(
    text: string,
    format: 'yaml' | 'json',
    context: ProtectContext<SopsOptions>,
  ): Promise<string> {
    return encrypt(text, { format, ...context.options, file: context.options.file ?? 'Secret' })
  },

  // As `sops edit`: the file's data key is kept, and so is the ciphertext of every value (and
  // comment) that did not change, so a one-value change is a one-line diff.
  async rewriteText(existing, text, format, context: RewriteContext<SopsOptions>) {
    const opened = await openSops(existing, {
      format,
      file: context.file,
      identities: identitiesOf(context.keys),
    })
    return samePlaintext(opened, text) ? existing : reencrypt(text, opened)
  },

  async rewriteDocument(existing, secret, context: RewriteContext<SopsOptions>) {
    const identities = identitiesOf(context.keys)
    const opened = await openSops(yamlOf(existing), { format: 'yaml', file: context.file, identities })
    const plaintext = yamlOf(secretToObject(secret, { asWritten: true }))
    return parseDocument(await reencrypt(plaintext, opened)).contents // a yaml node, as protect's
  },

  // Values stay under stringData or data as written: moving one is a change.
  keepsStringData: true,
  editCommand: 'gitseal edit',

  describe(document: unknown): ProtectionInfo | null {
    const plain = plainOf(document)
    if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return null
    const sops = (plain as Record<string, unknown>).sops
    if (sops === undefined || sops === null || typeof sops !== 'object' || Array.isArray(sops)) return null
    const record = sops as Record<string, unknown>
    if (!('mac' in record) || !('lastmodified' in record)) return null
    const md = parseMetadata(sops as Plain, 'document')
    const recipients = md.keyGroups.flatMap((g) => g.age.map((a) => a.recipient))
    const others = md.keyGroups.flatMap((g) => Object.keys(g.others))
    const kinds = [
      recipients.length > 0 ? `age ×${String(recipients.length)}` : '',
      ...new Set(others),
    ].filter(Boolean)
    return {
      backend: 'sops',
      summary: `sops ${md.version || '?'} (${kinds.join(', ')}${md.keyGroups.length > 1 ? `, ${String(md.keyGroups.length)} key groups` : ''}), last modified ${md.lastModified}`,
      details: {
        recipients,
        keyGroups: md.keyGroups.length,
        shamirThreshold: md.shamirThreshold,
        lastModified: md.lastModified,
        version: md.version,
        rules: md.rules,
      },
    }
  },

  async reveal(documents: unknown[], keys: RevealKeys): Promise<Secret> {
    const identities = identitiesOf(keys)
    const document = documents.find((d) => sopsBackend.describe(d) !== null)
    if (document === undefined) {
      throw new GitsealError('E_SOPS_NO_METADATA', 'no sops-encrypted document to reveal', {
        hint: 'Pass the encrypted Secret (with its sops block).',
      })
    }
    const plaintext = await decrypt(yamlOf(document), { format: 'yaml', file: 'document', identities })
    const object = parseDocument(plaintext).toJS() as Record<string, unknown>
    return parseSecretObject(object)
  },
}
