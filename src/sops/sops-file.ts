/**
 * Encrypt and decrypt whole files the way sops does: load with the file's store, walk the tree,
 * check the MAC, wrap/unwrap the data key, and write the file back in the same store.
 */
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'
import { decodeUtf8Strict } from '../core/utf8.js'
import { MAX_YAML_TOKENS, tooManyYamlTokens } from '../core/yaml-tokens.js'
import { MAX_INPUT_BYTES } from '../io/bounded-read.js'
import type { AgeIdentity } from './age.js'
import { encryptValue } from './cipher.js'
import type { Stash } from './cipher.js'
import { checkRules, formatLastModified, goRfc3339, macAad, verifyMac } from './mac.js'
import { newDataKey, recoverDataKey, wrapForGroups } from './data-key.js'
import { SOPS_FORMAT_VERSION, parseMetadata, serializeMetadata } from './metadata.js'
import type { KeyGroup, SopsMetadata } from './metadata.js'
import { binaryBytes, loadBinaryBytes } from './stores/binary.js'
import { storeFor } from './stores/index.js'
import type { LoadedFile, SopsFormat } from './stores/index.js'
import { Mapping } from './tree.js'
import { decryptBranches, encryptBranches, encryptedLeafBytes } from './walk.js'
import type { EncryptionRules } from './walk.js'

/** Options shared by every operation that opens an encrypted file. */
export interface OpenOptions {
  /** The file's format (see `formatForPath`). */
  format: SopsFormat
  /** Name used in messages (the path the user typed). */
  file?: string
  /** Identities to try (see `loadAgeIdentities`). */
  identities: readonly AgeIdentity[]
  /** Identity sources looked at, listed when no identity matches. */
  identitySources?: readonly string[]
  /** Skip MAC verification (recovery of damaged files only). */
  ignoreMac?: boolean
  /** A data key recovered another way (e.g. from a PGP master key with gpg); age is then skipped. */
  dataKey?: Uint8Array
}

/** An opened (decrypted, verified) file, kept to re-encrypt it with the same data key. */
export interface OpenedFile {
  format: SopsFormat
  file: string
  loaded: LoadedFile
  /** Plaintext documents. */
  branches: Mapping[]
  metadata: SopsMetadata
  dataKey: Uint8Array
  /** Nonces of the values as they were, so unchanged values keep their ciphertext. */
  stash: Stash
}

/** Options for {@link encrypt}. */
export interface EncryptOptions {
  format: SopsFormat
  file?: string
  /** Age recipients, one key group (comma-separated lists are split). */
  recipients?: readonly string[]
  /** Several key groups (Shamir); overrides `recipients`. */
  keyGroups?: readonly (readonly string[])[]
  /** Shares needed with several groups (default: all). */
  shamirThreshold?: number
  rules?: EncryptionRules
  /** Output format (default: the input format). */
  outputFormat?: SopsFormat
  /** Time recorded as `lastmodified` (default: now). */
  now?: Date
}

/** Parse input for a format; bytes keep binary files exact, other formats are UTF-8 text. */
function load(format: SopsFormat, input: string | Uint8Array, file: string): LoadedFile {
  if (typeof input === 'string') return storeFor(format).load(input, file)
  if (format === 'binary') return loadBinaryBytes(input, file)
  return storeFor(format).load(decodeUtf8Strict(input, file, 'E_SOPS_BAD_FORMAT'), file)
}

function split(recipients: readonly string[]): string[] {
  return recipients
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter((r) => r !== '')
}

function seal(
  loaded: LoadedFile,
  branches: Mapping[],
  dataKey: Uint8Array,
  metadata: Omit<SopsMetadata, 'mac' | 'lastModified' | 'version'>,
  stash: Stash | undefined,
  lastModified: string,
  emitWith: LoadedFile['emit'] = (b, m) => loaded.emit(b, m),
): string {
  const mac = encryptBranches(branches, dataKey, metadata.rules, stash)
  const full: SopsMetadata = {
    ...metadata,
    lastModified,
    mac: encryptValue(mac, dataKey, macAad(lastModified), stash),
    version: SOPS_FORMAT_VERSION,
  }
  return emitWith(branches, serializeMetadata(full))
}

/** `work`, with a value error of cipher.ts (which knows no file: a lone surrogate) naming `file`. */
function naming<T>(file: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (!(error instanceof GitsealError) || error.file !== undefined || error.code !== 'E_BAD_MANIFEST')
      throw error
    const options = { file, cause: error, ...(error.hint === undefined ? {} : { hint: error.hint }) }
    throw new GitsealError(error.code, `${printable(file)}: ${error.message}`, options)
  }
}

/**
 * Encrypt a plaintext file's text for age recipients, byte-compatible with sops 3.13.
 * @throws GitsealError `E_ALREADY_ENCRYPTED` when the input already has sops metadata,
 * `E_SOPS_BAD_FORMAT` for unparsable input, `E_NO_IDENTITY`/`E_BAD_KEY` for missing/bad recipients.
 */
export async function encrypt(text: string | Uint8Array, options: EncryptOptions): Promise<string> {
  const file = options.file ?? '<input>'
  const loaded = load(options.format, text, file)
  if (loaded.metadata !== undefined) {
    throw new GitsealError('E_ALREADY_ENCRYPTED', `${file}: already encrypted (it has a sops entry)`, {
      file,
      hint: 'Use gitseal edit or gitseal set to change it, or gitseal updatekeys to change its recipients.',
    })
  }
  const groups = options.keyGroups?.map(split) ?? [split(options.recipients ?? [])]
  // The binary store ignores encryption rules, as sops does.
  const rules: EncryptionRules = options.format === 'binary' ? {} : { ...(options.rules ?? {}) }
  checkRules(rules)
  const hasRule = Object.entries(rules).some(
    ([k, v]) => k !== 'macOnlyEncrypted' && v !== undefined && v !== '',
  )
  if (!hasRule && options.format !== 'binary') rules.unencryptedSuffix = '_unencrypted'
  // Before any work: the values alone, encrypted, already pass what gitseal reads back.
  const atLeast = encryptedLeafBytes(loaded.branches, rules)
  if (atLeast > MAX_INPUT_BYTES) {
    throw unreadableAgain(file, `be over ${String(atLeast)} bytes, more than the ${String(MAX_INPUT_BYTES)}`)
  }
  const dataKey = newDataKey()
  const threshold = groups.length > 1 ? (options.shamirThreshold ?? groups.length) : 0
  const keyGroups = await wrapForGroups(dataKey, groups, threshold)
  const out =
    options.outputFormat && options.outputFormat !== options.format
      ? storeFor(options.outputFormat)
      : undefined
  const encrypted = naming(file, () =>
    seal(
      loaded,
      loaded.branches,
      dataKey,
      { keyGroups, shamirThreshold: threshold, rules },
      undefined,
      formatLastModified(options.now ?? new Date()),
      out ? (b, m) => out.emitFresh(b, m) : (b, m) => loaded.emit(b, m),
    ),
  )
  return readableAgain(encrypted, file, options.outputFormat ?? options.format)
}

/**
 * `encrypted`, unless it is larger than gitseal reads back (32 MiB): each value grows about eight
 * times when encrypted, and 10 MB of short values made a 77 MB file that no command could open.
 * YAML must also stay within the token budget (an `ENC[…]` value counts 8 for 2 in plaintext).
 * @throws GitsealError `E_TOO_LARGE` naming the file.
 */
function readableAgain(encrypted: string, file: string, format: SopsFormat): string {
  const size = Buffer.byteLength(encrypted)
  const tooMany = format === 'yaml' && tooManyYamlTokens(encrypted)
  if (size <= MAX_INPUT_BYTES && !tooMany) return encrypted
  const what = tooMany
    ? `hold more than the ${String(MAX_YAML_TOKENS)} YAML tokens`
    : `be ${String(size)} bytes, more than the ${String(MAX_INPUT_BYTES)}`
  throw unreadableAgain(file, what)
}

/** The refusal of an input whose encrypted form would `what` (more than gitseal reads back). */
function unreadableAgain(file: string, what: string): GitsealError {
  return new GitsealError(
    'E_TOO_LARGE',
    `${file}: encrypted, it would ${what} gitseal reads: it could not be decrypted again`,
    {
      file,
      hint: 'Split it over several files: each value grows about eight times when encrypted (a whole binary file by a third).',
    },
  )
}

/**
 * Open an encrypted file: recover the data key, decrypt every value, verify the MAC.
 * @throws GitsealError `E_SOPS_NO_METADATA`, `E_NO_IDENTITY`, `E_SOPS_DECRYPT` (tampered value),
 * `E_SOPS_MAC_MISMATCH` (MAC missing, changed, or values reordered/changed).
 */
export async function openSops(text: string | Uint8Array, options: OpenOptions): Promise<OpenedFile> {
  const file = options.file ?? '<input>'
  const loaded = load(options.format, text, file)
  if (loaded.metadata === undefined) {
    throw new GitsealError(
      'E_SOPS_NO_METADATA',
      `${file}: sops metadata not found (is the file encrypted?)`,
      {
        file,
        hint: `Encrypt it first with gitseal encrypt, or pass --input-type if it is not ${options.format}.`,
      },
    )
  }
  const metadata = parseMetadata(loaded.metadata, file)
  const dataKey =
    options.dataKey ??
    (await recoverDataKey(
      metadata.keyGroups,
      metadata.shamirThreshold,
      options.identities,
      options.identitySources ?? [],
      file,
    ))
  const stash: Stash = new Map()
  const computed = decryptBranches(loaded.branches, dataKey, metadata.rules, stash)
  if (!options.ignoreMac) verifyMac(metadata, dataKey, computed, file, stash)
  return { format: options.format, file, loaded, branches: loaded.branches, metadata, dataKey, stash }
}

/** Options for {@link reencrypt}. */
export interface ReencryptOptions {
  /** A new data key, re-wrapped for the file's age recipients (`rotate`). */
  rotate?: boolean
  /** New recipient groups (`updatekeys`); the data key is kept unless `rotate`. */
  keyGroups?: readonly (readonly string[])[]
  shamirThreshold?: number
  now?: Date
  /** Keep `lastmodified` (and so the MAC's ciphertext) as they were: `updatekeys`, as sops. */
  keepLastModified?: boolean
}

/**
 * Encrypt the (possibly edited) plaintext `text` of an opened file again: same data key, rules and
 * recipients, unchanged values keep their ciphertext.
 * @throws GitsealError `E_SOPS_BAD_FORMAT` for unparsable text, `E_BAD_KEY` when rotating keys gitseal cannot re-wrap.
 */
export async function reencrypt(
  text: string | Uint8Array,
  opened: OpenedFile,
  options: ReencryptOptions = {},
): Promise<string> {
  const loaded = load(opened.format, text, opened.file)
  if (loaded.metadata !== undefined) {
    throw new GitsealError(
      'E_SOPS_BAD_FORMAT',
      `${opened.file}: the edited text must not contain a sops entry`,
    )
  }
  let { dataKey } = opened
  let keyGroups: KeyGroup[] = opened.metadata.keyGroups
  let shamirThreshold = opened.metadata.shamirThreshold
  if (options.rotate || options.keyGroups) {
    const groups = options.keyGroups ?? opened.metadata.keyGroups.map((g) => g.age.map((a) => a.recipient))
    if (!options.keyGroups && opened.metadata.keyGroups.some((g) => Object.keys(g.others).length > 0)) {
      throw new GitsealError(
        'E_BAD_KEY',
        `${opened.file}: has non-age master keys (pgp, kms, …) that gitseal cannot re-wrap`,
        {
          hint: 'Rotate this file with sops, or list only age recipients in .sops.yaml and run gitseal updatekeys.',
        },
      )
    }
    if (options.rotate) dataKey = newDataKey()
    shamirThreshold = groups.length > 1 ? (options.shamirThreshold ?? (shamirThreshold || groups.length)) : 0
    keyGroups = await wrapForGroups(dataKey, groups, shamirThreshold)
  }
  const encrypted = naming(opened.file, () =>
    seal(
      loaded,
      loaded.branches,
      dataKey,
      { keyGroups, shamirThreshold, rules: opened.metadata.rules },
      options.rotate ? undefined : opened.stash,
      // sops writes back the time it read, `Format(time.RFC3339)`: the offset kept, the fraction dropped.
      options.keepLastModified
        ? (goRfc3339(opened.metadata.lastModified) ?? opened.metadata.lastModified)
        : formatLastModified(options.now ?? new Date()),
    ),
  )
  return readableAgain(encrypted, opened.file, opened.format)
}

/**
 * Whether plaintext `text` (in the opened file's format) holds exactly what the opened file holds:
 * the same keys, values, order and comments, however each is quoted or indented. Writing it again
 * would change nothing but `lastmodified`, so a caller leaves the file alone (as `sops edit` does).
 * @throws GitsealError `E_SOPS_BAD_FORMAT` for unparsable text.
 */
export function samePlaintext(opened: OpenedFile, text: string | Uint8Array): boolean {
  const loaded = load(opened.format, text, opened.file)
  const store = storeFor(opened.format)
  return (
    loaded.metadata === undefined &&
    store.emitFresh(loaded.branches, undefined) === store.emitFresh(opened.branches, undefined)
  )
}

/** The plaintext of an opened file in its own format (or `outputFormat`). */
export function plaintextOf(opened: OpenedFile, outputFormat?: SopsFormat): string {
  if (outputFormat && outputFormat !== opened.format)
    return storeFor(outputFormat).emitFresh(opened.branches, undefined)
  return opened.loaded.emit(opened.branches, undefined)
}

/** The plaintext as bytes: exact for binary files whose data is not UTF-8. */
export function plaintextBytes(opened: OpenedFile, outputFormat?: SopsFormat): Uint8Array {
  if (opened.format === 'binary' && (outputFormat === undefined || outputFormat === 'binary')) {
    return binaryBytes(opened.branches[0])
  }
  return new TextEncoder().encode(plaintextOf(opened, outputFormat))
}

/** Options for {@link decrypt}. */
export interface DecryptOptions extends OpenOptions {
  outputFormat?: SopsFormat
}

/**
 * Decrypt a sops file's text to plaintext (in its own format unless `outputFormat`).
 * @throws GitsealError as {@link openSops}.
 */
export async function decrypt(text: string, options: DecryptOptions): Promise<string> {
  return plaintextOf(await openSops(text, options), options.outputFormat)
}
