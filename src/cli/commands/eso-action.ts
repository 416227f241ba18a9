/**
 * What the `gitseal eso ...` commands do, loaded only when one runs (see eso.ts for the flags):
 * read Secrets, call the eso library, write manifests atomically, talk to AWS.
 */
import { existsSync } from 'node:fs'
import { GitsealError } from '../../core/errors.js'
import { printable } from '../../core/printable.js'
import { printJson, readManifestInput, writeOutput } from '../context.js'
import type { CommandContext } from '../context.js'
import type { RefCheck } from '../../eso/index.js'

type Eso = typeof import('../../eso/index.js')
type PushResult = import('../../eso/index.js').PushResult
type PushAction = import('../../eso/index.js').PushAction
type SecretLayout = import('../../eso/index.js').SecretLayout
type AwsClientOptions = import('../../eso/index.js').AwsClientOptions
type Secret = import('../../core/secret.js').Secret
type ManifestFormat = import('../../core/manifest.js').ManifestFormat

/** `--format` and `-o`. */
export interface OutputFlags {
  output?: string
  format?: string
}
/** How remote secret names are derived (see `RemoteNamingOptions`). */
export interface NamingFlags {
  keyTemplate?: string
  prefix?: string
  perKey?: boolean
  extract?: boolean
  namespace?: string
}
/** Flags of `eso externalsecret`. */
export interface ExternalSecretFlags extends OutputFlags, NamingFlags {
  store?: string
  storeKind?: string
  apiVersion?: string
  refreshInterval?: string
  creationPolicy?: string
  deletionPolicy?: string
  nullBytePolicy?: string
}
/** Where Secrets Manager is. */
export interface AwsFlags {
  region?: string
  endpoint?: string
  profile?: string
  timeout?: string
}
/** Flags of `eso push`. */
export interface PushFlags extends ExternalSecretFlags, AwsFlags {
  kmsKeyId?: string
  tags?: string[]
  forPushsecret?: boolean
  description?: string
  dryRun?: boolean
  json?: boolean
}

/** Flags of `eso store aws`. */
export interface StoreFlags extends OutputFlags {
  name?: string
  namespace?: string
  region?: string
  service?: string
  auth?: string
  serviceAccount?: string
  audience?: string[]
  accessKeyRef: string
  secretKeyRef: string
  sessionTokenRef?: string
  authNamespace?: string
  role?: string
  prefix?: string
  clusterWide?: boolean
  apiVersion?: string
}
/** Flags of `eso pushsecret`. */
export interface PushSecretFlags extends OutputFlags, NamingFlags {
  store?: string
  storeKind?: string
  refreshInterval?: string
  updatePolicy?: string
  deletionPolicy?: string
}

/** Flags of `eso verify`. */
export interface VerifyFlags extends AwsFlags {
  prefix?: string
  json?: boolean
}

/** `eso externalsecret`: one ExternalSecret per Secret; other documents pass through. */
export async function externalSecretAction(
  ctx: CommandContext,
  file: string | undefined,
  flags: ExternalSecretFlags,
): Promise<void> {
  const eso = await import('../../eso/index.js')
  const { secrets, others, format } = await readSecretsInput(ctx, file, flags)
  const store = requireStore(flags)
  const options = externalSecretOptions(ctx, flags, store)
  const planned = secrets.map((secret) => ({ secret, layout: eso.planRemoteSecrets(secret, options) }))
  eso.assertDistinctRemotes(planned.map((p) => p.layout))
  const docs = planned.map(({ secret, layout }) => eso.externalSecretFromLayout(secret, layout, options))
  await emit(ctx, flags, [...docs, ...others], format)
}

/** `eso store aws`: a SecretStore / ClusterSecretStore. */
export async function storeAction(ctx: CommandContext, flags: StoreFlags): Promise<void> {
  const eso = await import('../../eso/index.js')
  const doc = eso.toSecretStore(storeOptions(ctx, flags))
  await emit(ctx, flags, [doc], 'yaml')
}

/** `eso pushsecret`: one PushSecret per Secret. */
export async function pushSecretAction(
  ctx: CommandContext,
  file: string | undefined,
  flags: PushSecretFlags,
): Promise<void> {
  const eso = await import('../../eso/index.js')
  const { oneOf } = await import('../../eso/options.js')
  const { secrets, others, format } = await readSecretsInput(ctx, file, flags)
  const store = requireStore(flags)
  const docs = secrets.map((secret) =>
    eso.toPushSecret(secret, {
      ...naming(flags),
      store,
      storeKind: oneOf(flags.storeKind, ['SecretStore', 'ClusterSecretStore'] as const, '--store-kind'),
      refreshInterval: flags.refreshInterval,
      updatePolicy: oneOf(flags.updatePolicy, ['Replace', 'IfNotExists'] as const, '--update-policy'),
      deletionPolicy: oneOf(flags.deletionPolicy, ['None', 'Delete'] as const, '--deletion-policy'),
      aws: true,
      onWarning: (message) => {
        ctx.warn(message)
      },
    }),
  )
  await emit(ctx, flags, [...docs, ...others], format)
}

function requireStore(flags: { store?: string }): string {
  if (flags.store === undefined) {
    throw new GitsealError('E_USAGE', 'no store given', {
      hint: 'Pass --store NAME (the SecretStore to read from).',
    })
  }
  return flags.store
}

function naming(flags: NamingFlags): import('../../eso/index.js').RemoteNamingOptions {
  return {
    keyTemplate: flags.keyTemplate,
    prefix: flags.prefix,
    perKey: flags.perKey,
    extract: flags.extract,
    namespace: flags.namespace,
  }
}

function externalSecretOptions(
  ctx: CommandContext,
  flags: ExternalSecretFlags,
  store: string,
): import('../../eso/index.js').ExternalSecretOptions {
  // Values are checked by the builder (oneOf), which names the flag and the allowed values.
  return {
    ...naming(flags),
    store,
    storeKind: flags.storeKind as 'SecretStore',
    apiVersion: flags.apiVersion as 'v1',
    refreshInterval: flags.refreshInterval,
    creationPolicy: flags.creationPolicy as 'Owner',
    deletionPolicy: flags.deletionPolicy as 'Retain',
    nullBytePolicy: flags.nullBytePolicy as 'Ignore' | undefined,
    onWarning: (message) => {
      ctx.warn(message)
    },
  }
}

function storeOptions(
  ctx: CommandContext,
  flags: StoreFlags,
): import('../../eso/index.js').SecretStoreOptions {
  const ref = (value: string, flag: string): { name: string; key: string; namespace?: string } => {
    const [name, key, ...rest] = value.split(':')
    if (!name || !key || rest.length > 0) {
      throw new GitsealError('E_USAGE', `${flag} "${value}" must be SECRET:KEY`, {
        hint: `e.g. ${flag} awssm-secret:access-key`,
      })
    }
    return { name, key, ...(flags.authNamespace === undefined ? {} : { namespace: flags.authNamespace }) }
  }
  let auth: import('../../eso/index.js').AwsStoreAuth | undefined
  if (flags.auth === 'jwt') {
    if (flags.serviceAccount === undefined) {
      throw new GitsealError('E_USAGE', '--auth jwt needs --service-account NAME')
    }
    auth = {
      kind: 'jwt',
      serviceAccount: flags.serviceAccount,
      namespace: flags.authNamespace,
      audiences: flags.audience,
    }
  } else if (flags.auth === 'secret') {
    auth = {
      kind: 'secret',
      accessKeyId: ref(flags.accessKeyRef, '--access-key-ref'),
      secretAccessKey: ref(flags.secretKeyRef, '--secret-key-ref'),
      sessionToken:
        flags.sessionTokenRef === undefined ? undefined : ref(flags.sessionTokenRef, '--session-token-ref'),
    }
  } else if (flags.auth !== undefined) {
    throw new GitsealError('E_USAGE', `unknown --auth "${flags.auth}"`, { hint: 'Use jwt or secret.' })
  }
  return {
    name: flags.name,
    namespace: flags.namespace,
    region: flags.region ?? '',
    service: flags.service as 'SecretsManager',
    auth,
    role: flags.role,
    prefix: flags.prefix,
    clusterWide: flags.clusterWide,
    apiVersion: flags.apiVersion as 'v1',
    onWarning: (message) => {
      ctx.warn(message)
    },
  }
}

/** Read FILE's Secrets (at least one), keeping other documents to pass through. */
async function readSecretsInput(
  ctx: CommandContext,
  file: string | undefined,
  flags: OutputFlags,
): Promise<{ secrets: Secret[]; others: unknown[]; format: ManifestFormat }> {
  const { manifest, input } = await readManifestInput(ctx, file)
  const { readManifestEntries } = await import('../../core/secret.js')
  const entries = readManifestEntries(manifest)
  const secrets = entries.flatMap((entry) => (entry.kind === 'secret' ? [entry.secret] : []))
  if (secrets.length === 0) {
    throw new GitsealError('E_NOT_A_SECRET', `${input.name}: no Secret found`, {
      hint: 'The input must contain at least one `kind: Secret` (apiVersion v1).',
      file: input.name,
    })
  }
  const others = entries.flatMap((entry) => (entry.kind === 'other' ? [entry.value] : []))
  const format = flags.format === undefined ? manifest.format : (flags.format as ManifestFormat)
  return { secrets, others, format }
}

async function emit(
  ctx: CommandContext,
  flags: OutputFlags,
  docs: unknown[],
  fallback: ManifestFormat,
): Promise<void> {
  const { oneOf } = await import('../../eso/options.js')
  const format = oneOf(flags.format ?? fallback, ['yaml', 'json'], '--format')
  const { stringifyObjects } = await import('../../core/manifest.js')
  await writeOutput(ctx, flags.output, stringifyObjects(docs, format))
}

/** Region, endpoint, credentials and profile from flags and the standard AWS environment variables. */
async function awsOptions(
  ctx: CommandContext,
  flags: AwsFlags,
): Promise<import('../../eso/index.js').AwsClientOptions> {
  const { awsFromEnv } = await import('../aws-env.js')
  return awsFromEnv(ctx, flags)
}

/** `eso push`: values to Secrets Manager, then the ExternalSecrets. */
export async function pushAction(
  ctx: CommandContext,
  file: string | undefined,
  flags: PushFlags,
): Promise<void> {
  const eso: Eso = await import('../../eso/index.js')
  const { secrets, format } = await readSecretsInput(ctx, file, flags)
  const store = requireStore({ store: flags.store ?? 'aws-secrets-manager' })
  const esOptions = externalSecretOptions(ctx, flags, store)
  // Plan everything (and build every ExternalSecret) before the first request: bad input fails early.
  const planned = secrets.map((secret) => {
    const layout = eso.planRemoteSecrets(secret, { ...naming(flags), onWarning: esOptions.onWarning })
    return { layout, externalSecret: eso.externalSecretFromLayout(secret, layout, esOptions) }
  })
  const layouts = planned.map((p) => p.layout)
  eso.assertDistinctRemotes(layouts)
  const tags = parseTags(flags.tags ?? [])
  const aws = await awsOptions(ctx, flags)
  const offline = () => {
    reportOfflinePlan(
      ctx,
      flags,
      layouts.flatMap((layout) => layout.remotes),
    )
  }
  // No credentials anywhere gitseal can see: plan offline instead of failing on the first request.
  if (flags.dryRun && aws.credentials === undefined && aws.profile === undefined && !hasAwsChain(ctx)) {
    offline()
    return
  }
  const results = await pushLayouts(ctx, eso, layouts, flags, { ...aws, tags })
  // A profile with a region but no credentials (or an expired SSO session): plan offline as above.
  if (results === 'no credentials') {
    offline()
    return
  }
  await reportPushed(
    ctx,
    flags,
    actionsOf(results),
    planned.map((p) => p.externalSecret),
    format,
  )
}

/**
 * Push every layout over one connection; `'no credentials'` for a dry run that found none.
 * @throws the first push's failure, after saying what did reach AWS before it.
 */
async function pushLayouts(
  ctx: CommandContext,
  eso: Eso,
  layouts: readonly SecretLayout[],
  flags: PushFlags,
  aws: AwsClientOptions & { tags: Record<string, string> },
): Promise<(PushResult | undefined)[] | 'no credentials'> {
  const connection = await eso.connectSecretsManager(aws)
  const pushOptions = {
    ...aws,
    connection,
    kmsKeyId: flags.kmsKeyId,
    forPushSecret: flags.forPushsecret,
    description: flags.description,
    dryRun: flags.dryRun,
    onWarning: (message: string) => {
      ctx.warn(message)
    },
  }
  const results: (PushResult | undefined)[] = []
  try {
    const failure = await pushAll(layouts, (layout) => eso.pushLayout(layout, pushOptions), results)
    if (failure !== undefined && flags.dryRun && noCredentialsFound(failure.reason)) return 'no credentials'
    if (failure !== undefined) {
      // Say what did reach AWS before the failure (a re-run is idempotent); no ExternalSecret is written.
      const describeAction = actionDescriber(flags.dryRun === true)
      if (!flags.json) for (const action of actionsOf(results)) ctx.info(describeAction(action))
      throw failure.reason
    }
  } finally {
    connection.close()
  }
  return results
}

/** After a push: the ExternalSecrets written (not in a dry run) and what happened, as text or JSON. */
async function reportPushed(
  ctx: CommandContext,
  flags: PushFlags,
  actions: ReturnType<typeof actionsOf>,
  docs: Record<string, unknown>[],
  format: ManifestFormat,
): Promise<void> {
  if (!flags.dryRun && (flags.output !== undefined || !flags.json)) await emit(ctx, flags, docs, format)
  if (flags.json) {
    const written = flags.dryRun
      ? {}
      : flags.output === undefined
        ? { externalSecrets: docs }
        : { output: flags.output }
    printJson(ctx, { dryRun: flags.dryRun === true, actions, ...written })
    return
  }
  const describeAction = actionDescriber(flags.dryRun === true)
  const say = (line: string): void => {
    if (flags.dryRun) ctx.io.stdout(`${printable(line)}\n`)
    else ctx.info(line)
  }
  for (const action of actions) say(describeAction(action))
  if (flags.dryRun) say('dry run: nothing was written')
}

/** `--dry-run` without credentials: what would be created or updated, AWS not asked. */
function reportOfflinePlan(
  ctx: CommandContext,
  flags: PushFlags,
  remotes: readonly { name: string; refs: readonly unknown[] }[],
): void {
  if (flags.json) {
    printJson(ctx, {
      dryRun: true,
      offline: true,
      actions: remotes.map((r) => ({ name: r.name, action: 'create or update', keys: r.refs.length })),
    })
    return
  }
  for (const remote of remotes)
    ctx.io.stdout(`would create or update ${printable(remote.name)} (${String(remote.refs.length)} key(s))\n`)
  ctx.io.stdout(
    'dry run, offline: no AWS credentials, so AWS was not asked what exists; nothing was written\n',
  )
}

/** True for the SDK finding no credentials at all (not for credentials AWS refused). */
function noCredentialsFound(error: unknown): boolean {
  if (!(error instanceof GitsealError) || error.code !== 'E_AWS_AUTH') return false
  const cause: unknown = error.cause
  return cause instanceof Error && cause.name === 'CredentialsProviderError'
}

/**
 * Push up to 4 layouts at a time into `results` (by index); after the first failure no new one is
 * started, and every push in flight finishes. Returns the first failure, if any.
 */
async function pushAll<L>(
  layouts: readonly L[],
  push: (layout: L) => Promise<PushResult>,
  results: (PushResult | undefined)[],
): Promise<PromiseRejectedResult | undefined> {
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && next < layouts.length) {
      const index = next++
      const layout = layouts[index]
      if (layout === undefined) continue
      try {
        results[index] = await push(layout)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const settled = await Promise.allSettled(Array.from({ length: Math.min(4, layouts.length) }, worker))
  return settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
}

function actionsOf(done: readonly (PushResult | undefined)[]) {
  return done.flatMap((result) =>
    result === undefined ? [] : result.actions.map((action) => ({ secret: result.layout.name, ...action })),
  )
}

function actionDescriber(dryRun: boolean): (action: PushAction) => string {
  const verb = dryRun
    ? { create: 'would create', update: 'would update', unchanged: 'unchanged' }
    : { create: 'created', update: 'updated', unchanged: 'unchanged' }
  return (action) => {
    const tagsNote = action.tagsAdded.length > 0 ? `, tags added: ${action.tagsAdded.join(', ')}` : ''
    const keys = `${action.keys.length} key${action.keys.length === 1 ? '' : 's'}`
    return `${verb[action.action]} ${action.name} (${keys}${tagsNote})`
  }
}

function parseTags(values: string[]): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const item of values.flatMap((value) => value.split(','))) {
    if (item === '') continue
    const at = item.indexOf('=')
    if (at <= 0) {
      throw new GitsealError('E_USAGE', `--tags "${item}" must be KEY=VALUE`, {
        hint: 'e.g. --tags team=payments,env=prod',
      })
    }
    tags[item.slice(0, at)] = item.slice(at + 1)
  }
  return tags
}

/** `eso verify`: every remote reference exists; exit 1 when one is missing. */
export async function verifyAction(ctx: CommandContext, files: string[], flags: VerifyFlags): Promise<void> {
  const eso = await import('../../eso/index.js')
  const { documentValue } = await import('../../core/manifest.js')
  const inputs = []
  for (const file of files) {
    const { manifest } = await readManifestInput(ctx, file)
    const documents = manifest.documents.map((doc) => documentValue(manifest, doc))
    if (!documents.some(eso.isExternalSecret)) ctx.warn(`${file}: no ExternalSecret found`)
    inputs.push({ file, documents })
  }
  // Stores anywhere in the given files supply prefixes (and tell which refs are not for this region).
  const stores = inputs.flatMap(({ documents }) => documents.filter(isSecretStore))
  const aws = await awsOptions(ctx, flags)
  const connection = await eso.connectSecretsManager(aws)
  const checks = []
  try {
    for (const { file, documents } of inputs) {
      const found = await eso.verifyExternalSecrets(documents, {
        ...aws,
        prefix: flags.prefix,
        stores,
        connection,
      })
      checks.push(...found.map((check) => ({ file, ...check })))
    }
  } finally {
    connection.close()
  }
  reportChecks(ctx, checks, flags.json === true)
}

/** A SecretStore or ClusterSecretStore of External Secrets. */
function isSecretStore(doc: unknown): boolean {
  const { kind, apiVersion } = (doc ?? {}) as { kind?: unknown; apiVersion?: unknown }
  return (
    (kind === 'SecretStore' || kind === 'ClusterSecretStore') &&
    typeof apiVersion === 'string' &&
    apiVersion.startsWith('external-secrets.io/')
  )
}

/** Print what `eso verify` found, a line per reference (or JSON); exit code 1 when one is missing. */
function reportChecks(ctx: CommandContext, checks: ({ file: string } & RefCheck)[], json: boolean): void {
  const failed = checks.filter(
    (c) => c.status === 'missing-secret' || c.status === 'missing-property' || c.status === 'deleted',
  )
  if (failed.length > 0) ctx.exitCode = 1
  if (json) {
    printJson(ctx, { ok: failed.length === 0, checks })
    return
  }
  for (const check of checks) {
    const ref = check.property === undefined ? check.key : `${check.key} property ${check.property}`
    const what = check.secretKey === undefined ? 'dataFrom' : check.secretKey
    const note = check.note === undefined ? '' : ` (${check.note})`
    // File, names and keys come from the files: one line, control characters escaped.
    ctx.io.stdout(
      `${printable(`${check.status.padEnd(16)} ${check.file}: ${check.externalSecret} ${what} <- ${ref}${note}`)}\n`,
    )
  }
  ctx.info(`${checks.length} reference(s) checked, ${failed.length} missing`)
}

/** True when the SDK's own chain may still find credentials (shared files, web identity, SSO, containers). */
function hasAwsChain(ctx: CommandContext): boolean {
  const env = ctx.io.env
  const home = env.HOME ?? env.USERPROFILE
  if (home !== undefined && ['credentials', 'config'].some((f) => existsSync(`${home}/.aws/${f}`)))
    return true
  return [
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_CONFIG_FILE',
  ].some((name) => env[name] !== undefined)
}
