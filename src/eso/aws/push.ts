/**
 * Push a Secret's values to AWS Secrets Manager: CreateSecret for a new name, PutSecretValue only
 * when the value changed (so re-running creates no version), with a ClientRequestToken derived from
 * the content so retries of the same change are idempotent.
 */
import { scrypt } from 'node:crypto'
import { GitsealError } from '../../core/errors.js'
import type { Secret } from '../../core/secret.js'
import { planRemoteSecrets } from '../layout.js'
import type { RemoteNamingOptions, RemoteSecretPlan, SecretLayout } from '../layout.js'
import type { WarningSink } from '../options.js'
import { connectSecretsManager } from './client.js'
import type { AwsClientOptions, SecretsManagerConnection } from './client.js'
import { awsErrorName, isScheduledForDeletion, mapAwsError } from './errors.js'

/** Options for {@link pushToAws}. */
export interface PushOptions extends RemoteNamingOptions, AwsClientOptions {
  /** KMS key for new secrets (existing secrets keep theirs). */
  kmsKeyId?: string | undefined
  /** Extra tags; `managed-by` is set by gitseal. */
  tags?: Record<string, string> | undefined
  /** Tag `managed-by=external-secrets`, which ESO's AWS PushSecret requires before it updates a secret. */
  forPushSecret?: boolean | undefined
  /** Description for new secrets. */
  description?: string | undefined
  /** Read only: report what would change, send no write request. */
  dryRun?: boolean | undefined
  signal?: AbortSignal | undefined
  /** Reuse a connection (e.g. for many Secrets); otherwise one is opened and closed. */
  connection?: SecretsManagerConnection | undefined
  onWarning?: WarningSink | undefined
}

/** What happened (or would happen, with `dryRun`) to one remote secret. Names only, no values. */
export interface PushAction {
  name: string
  action: 'create' | 'update' | 'unchanged'
  /** Tags added to an existing secret. */
  tagsAdded: string[]
  /** Secret keys stored in this remote secret. */
  keys: string[]
  /** New AWSCURRENT version id (not with `dryRun` or `unchanged`). */
  versionId?: string | undefined
}

/** Result of {@link pushToAws}. */
export interface PushResult {
  layout: SecretLayout
  actions: PushAction[]
  dryRun: boolean
}

// Tag keys and values (TagResource limits): key 1–128, value 0–256, no `aws:` prefix, ≤ 50 tags.
const MAX_TAGS = 50
const PARALLEL = 4

/**
 * Store every value of `secret` in Secrets Manager under the names {@link planRemoteSecrets} gives.
 * @throws GitsealError `E_AWS_*` (exit 4) naming the remote secret; `E_USAGE`/`E_BAD_SECRET` for input.
 */
export async function pushToAws(secret: Secret, options: PushOptions): Promise<PushResult> {
  return pushLayout(planRemoteSecrets(secret, options), options)
}

/** {@link pushToAws} for a layout already planned. */
export async function pushLayout(layout: SecretLayout, options: PushOptions): Promise<PushResult> {
  const tags = desiredTags(options)
  const connection = options.connection ?? (await connectSecretsManager(options))
  try {
    const actions: PushAction[] = new Array<PushAction>(layout.remotes.length)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < layout.remotes.length) {
        const index = next++
        const remote = layout.remotes[index]
        if (remote) actions[index] = await pushOne(connection, remote, tags, options)
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL, layout.remotes.length) }, worker))
    return { layout, actions, dryRun: options.dryRun === true }
  } finally {
    if (!options.connection) connection.close()
  }
}

function desiredTags(options: PushOptions): Record<string, string> {
  const tags: Record<string, string> = { ...(options.tags ?? {}) }
  tags['managed-by'] = options.forPushSecret ? 'external-secrets' : 'gitseal'
  if (options.forPushSecret) tags['pushed-by'] = 'gitseal'
  const entries = Object.entries(tags)
  if (entries.length > MAX_TAGS) throw new GitsealError('E_USAGE', `at most ${MAX_TAGS} tags per secret`)
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || value.length > 256 || key.toLowerCase().startsWith('aws:')) {
      throw new GitsealError('E_USAGE', `invalid tag "${key}"`, {
        hint: 'Tag keys are 1–128 characters and may not start with aws:; values at most 256.',
      })
    }
  }
  return tags
}

async function pushOne(
  connection: SecretsManagerConnection,
  remote: RemoteSecretPlan,
  tags: Record<string, string>,
  options: PushOptions,
): Promise<PushAction> {
  const keys = remote.refs.map((ref) => ref.secretKey)
  // Two rounds: a CreateSecret that loses a race (ResourceExistsException) continues as an update.
  for (let round = 0; round < 2; round++) {
    const described = await describeRemote(connection, remote, options.signal)
    if (described === undefined) {
      if (options.dryRun === true) return { name: remote.name, action: 'create', tagsAdded: [], keys }
      const created = await createRemote(connection, remote, tags, options, round === 0)
      if (created === 'exists') continue
      return { name: remote.name, action: 'create', tagsAdded: [], keys, versionId: created.versionId }
    }
    return updateRemote(connection, remote, described, tags, options, keys)
  }
  throw new GitsealError('E_AWS', `AWS Secrets Manager "${remote.name}": created and deleted concurrently`, {
    hint: 'Another process is changing this secret; run the command again.',
  })
}

/**
 * The remote secret's description, or undefined when it does not exist.
 * @throws GitsealError `E_AWS_DELETED` when it is scheduled for deletion.
 */
async function describeRemote(
  connection: SecretsManagerConnection,
  remote: RemoteSecretPlan,
  signal: AbortSignal | undefined,
): Promise<DescribeOutput | undefined> {
  let described: DescribeOutput | undefined
  try {
    described = await connection.call<DescribeOutput>(
      'DescribeSecret',
      { SecretId: remote.name },
      remote.name,
      signal,
    )
  } catch (error) {
    if (!(error instanceof GitsealError && error.code === 'E_AWS_NOT_FOUND')) throw error
  }
  if (described?.DeletedDate !== undefined) throw mapAwsError(deletedError(), 'DescribeSecret', remote.name)
  return described
}

/**
 * Create the remote secret: its new version id, or `'exists'` when another writer created it first
 * and `mayRetry` (the caller then updates it instead).
 */
async function createRemote(
  connection: SecretsManagerConnection,
  remote: RemoteSecretPlan,
  tags: Record<string, string>,
  options: PushOptions,
  mayRetry: boolean,
): Promise<{ versionId: string | undefined } | 'exists'> {
  try {
    const created = await connection.call<{ VersionId?: string }>(
      'CreateSecret',
      {
        Name: remote.name,
        SecretString: remote.value,
        ClientRequestToken: await requestToken(remote, undefined),
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        ...(options.kmsKeyId === undefined ? {} : { KmsKeyId: options.kmsKeyId }),
        ...(options.description === undefined ? {} : { Description: options.description }),
      },
      remote.name,
      options.signal,
    )
    return { versionId: created.VersionId }
  } catch (error) {
    const cause = error instanceof GitsealError ? error.cause : error
    if (awsErrorName(cause) === 'ResourceExistsException' && mayRetry) return 'exists'
    if (isScheduledForDeletion(cause)) throw mapAwsError(cause, 'CreateSecret', remote.name)
    throw error
  }
}

/** Put the value when it changed and add missing tags (neither with `dryRun`). */
async function updateRemote(
  connection: SecretsManagerConnection,
  remote: RemoteSecretPlan,
  described: DescribeOutput,
  tags: Record<string, string>,
  options: PushOptions,
  keys: string[],
): Promise<PushAction> {
  const { signal } = options
  const dryRun = options.dryRun === true
  const { current, currentVersion } = await currentValue(connection, remote, signal)
  const existingTags = new Map((described.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']))
  const tagsAdded = Object.keys(tags).filter((key) => !existingTags.has(key))
  if (existingTags.get('managed-by') === 'external-secrets' && !options.forPushSecret) {
    options.onWarning?.(
      `remote secret "${remote.name}" is managed by an ESO PushSecret; gitseal overwrites its value`,
    )
  }
  const changed = current !== remote.value
  let versionId: string | undefined
  if (!dryRun && changed) {
    const put = await connection.call<{ VersionId?: string }>(
      'PutSecretValue',
      {
        SecretId: remote.name,
        SecretString: remote.value,
        ClientRequestToken: await requestToken(remote, currentVersion),
      },
      remote.name,
      signal,
    )
    versionId = put.VersionId
  }
  if (!dryRun && tagsAdded.length > 0) {
    await connection.call(
      'TagResource',
      {
        SecretId: remote.name,
        Tags: tagsAdded.map((Key) => ({ Key, Value: tags[Key] ?? '' })),
      },
      remote.name,
      signal,
    )
  }
  return { name: remote.name, action: changed ? 'update' : 'unchanged', tagsAdded, keys, versionId }
}

/** The remote secret's current value and version; both undefined for a secret without a value yet. */
async function currentValue(
  connection: SecretsManagerConnection,
  remote: RemoteSecretPlan,
  signal: AbortSignal | undefined,
): Promise<{ current: string | undefined; currentVersion: string | undefined }> {
  try {
    const got = await connection.call<{ SecretString?: string; VersionId?: string }>(
      'GetSecretValue',
      { SecretId: remote.name },
      remote.name,
      signal,
    )
    return { current: got.SecretString, currentVersion: got.VersionId }
  } catch (error) {
    // A secret created without a value has no AWSCURRENT version: that is an update.
    if (!(error instanceof GitsealError && error.code === 'E_AWS_NOT_FOUND')) throw error
    return { current: undefined, currentVersion: undefined }
  }
}

/** The DescribeSecret output fields gitseal reads. */
interface DescribeOutput {
  DeletedDate?: Date
  Tags?: { Key?: string; Value?: string }[]
}

function deletedError(): Error {
  const error = new Error('secret is scheduled for deletion')
  error.name = 'InvalidRequestException'
  return error
}

/**
 * ClientRequestToken (32–64 characters) for storing `remote.value` on top of `previousVersion`:
 * the same change always gets the same token, so a retried request cannot create a second version,
 * and A→B→A still makes a new version (the previous version differs). The token is logged by
 * CloudTrail, so it is a slow, salted hash (scrypt), never a fast hash of the value.
 */
export async function requestToken(
  remote: RemoteSecretPlan,
  previousVersion: string | undefined,
): Promise<string> {
  const salt = `gitseal-push-v1\0${remote.name}\0${previousVersion ?? ''}`
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(remote.value, salt, 32, { N: 1 << 13, r: 8, p: 1 }, (error, derived) => {
      if (error) reject(error)
      else resolve(derived)
    })
  })
  return key.toString('hex')
}
