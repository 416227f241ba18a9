import type { Command } from 'commander'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
// Types only: the actions (and the eso module, and the AWS SDK it loads) are imported when a command runs.
import type {
  ExternalSecretFlags,
  PushFlags,
  PushSecretFlags,
  StoreFlags,
  VerifyFlags,
} from './eso-action.js'

const NAMING_HELP = {
  keyTemplate:
    'remote name template: {namespace}, {name}, {key} (default {namespace}/{name}, or …/{key} with --per-key)',
  prefix: 'prefix for remote secret names, e.g. prod/',
  perKey: 'one remote secret per key (default: one JSON secret per Secret, a property per key)',
  namespace: 'namespace for Secrets that have none',
}

function addNaming(command: Command, extract = true): Command {
  command
    .option('--key-template <template>', NAMING_HELP.keyTemplate)
    .option('--prefix <prefix>', NAMING_HELP.prefix)
    .option('--per-key', NAMING_HELP.perKey)
    .option('--namespace <namespace>', NAMING_HELP.namespace)
  if (extract)
    command.option('--extract', 'reference the JSON secret with dataFrom.extract instead of data[]')
  return command
}

function addExternalSecretFlags(command: Command, storeDefault?: string): Command {
  return command
    .option(
      '--store <name>',
      `SecretStore / ClusterSecretStore name${storeDefault === undefined ? ' (required)' : ` (default: ${storeDefault})`}`,
    )
    .option('--store-kind <kind>', 'SecretStore | ClusterSecretStore', 'SecretStore')
    .option('--api-version <v>', 'v1 | v1beta1 (v1beta1 only for ESO < 0.17)', 'v1')
    .option('--refresh-interval <duration>', 'Go duration', '1h')
    .option('--creation-policy <policy>', 'Owner | Orphan | Merge | None | CreateOrMerge', 'Owner')
    .option('--deletion-policy <policy>', 'Retain | Delete | Merge', 'Retain')
    .option(
      '--null-byte-policy <policy>',
      'Ignore | Fail: write nullBytePolicy (ESO >= 2.3; Ignore stops drift on 2.3–2.6)',
    )
}

function addAws(command: Command): Command {
  return command
    .option('--region <region>', 'AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)')
    .option(
      '--endpoint <url>',
      'Secrets Manager endpoint override (default: AWS_ENDPOINT_URL_SECRETS_MANAGER)',
    )
    .option('--profile <name>', 'AWS shared-config profile (default: AWS_PROFILE)')
    .option('--timeout <seconds>', 'give up on one AWS request after this long (default: 30)')
}

function addOutput(command: Command): Command {
  return command
    .option('--format <format>', 'yaml | json (default: the input format)')
    .option('-o, --output <file>', 'write to FILE atomically instead of stdout')
}

/** `gitseal eso ...`: External Secrets Operator manifests and AWS Secrets Manager. */
export function register(program: Command, ctx: CommandContext): void {
  const eso = program
    .command('eso')
    .summary('External Secrets Operator: manifests, and values pushed to AWS Secrets Manager')
  withExamples(eso, [
    'gitseal eso store aws --region eu-west-1 -o secretstore.yaml',
    'gitseal eso externalsecret secret.yaml --store aws -o externalsecret.yaml',
  ])
  registerExternalSecret(eso, ctx)
  registerStore(eso, ctx)
  registerPush(eso, ctx)
  registerVerify(eso, ctx)
  registerPushSecret(eso, ctx)
}

/** `gitseal eso externalsecret`. */
function registerExternalSecret(eso: Command, ctx: CommandContext): void {
  withExamples(
    addOutput(
      addNaming(
        addExternalSecretFlags(
          eso
            .command('externalsecret')
            .description(
              'an ExternalSecret that recreates each Secret (name, type, labels, annotations) from a secret store; ' +
                'defaults the API server would add are written out so Argo CD stays in sync',
            )
            .argument('[file]', 'Secret manifest; - or omitted for stdin'),
        ),
      ),
    ).action(async (file: string | undefined, flags: ExternalSecretFlags) => {
      const { externalSecretAction } = await import('./eso-action.js')
      await externalSecretAction(ctx, file, flags)
    }),
    [
      'gitseal eso externalsecret secret.yaml --store aws -o externalsecret.yaml',
      'gitseal eso externalsecret secret.yaml --store aws --store-kind ClusterSecretStore --per-key --prefix prod/',
    ],
  )
}

/** `gitseal eso store aws`. */
function registerStore(eso: Command, ctx: CommandContext): void {
  const store = eso.command('store').description('SecretStore / ClusterSecretStore manifests')
  withExamples(store, ['gitseal eso store aws --region eu-west-1 -o secretstore.yaml'])
  withExamples(
    addOutput(
      store
        .command('aws')
        .description('a SecretStore for AWS Secrets Manager or Parameter Store')
        .option('--name <name>', 'store name (default aws-secrets-manager / aws-parameter-store)')
        .option('--namespace <namespace>', 'namespace of a SecretStore')
        .option('--region <region>', 'AWS region (required)')
        .option('--service <service>', 'SecretsManager | ParameterStore', 'SecretsManager')
        .option(
          '--auth <auth>',
          'jwt | secret (default: the controller credentials, e.g. IRSA / pod identity)',
        )
        .option('--service-account <name>', 'with --auth jwt: the ServiceAccount whose token is exchanged')
        .option('--audience <aud>', 'with --auth jwt: token audience (repeatable)', collect)
        .option(
          '--access-key-ref <secret:key>',
          'with --auth secret: access key id',
          'awssm-secret:access-key',
        )
        .option(
          '--secret-key-ref <secret:key>',
          'with --auth secret: secret key',
          'awssm-secret:secret-access-key',
        )
        .option('--session-token-ref <secret:key>', 'with --auth secret: session token')
        .option(
          '--auth-namespace <namespace>',
          'namespace of the auth Secret / ServiceAccount (ClusterSecretStore)',
        )
        .option('--role <arn>', 'IAM role to assume')
        .option('--prefix <prefix>', 'prefix ESO adds to every remote key')
        .option('--cluster-wide', 'emit a ClusterSecretStore')
        .option('--api-version <v>', 'v1 | v1beta1', 'v1'),
    ).action(async (flags: StoreFlags) => {
      const { storeAction } = await import('./eso-action.js')
      await storeAction(ctx, flags)
    }),
    [
      'gitseal eso store aws --region eu-west-1 --auth jwt --service-account external-secrets',
      'gitseal eso store aws --region us-east-1 --cluster-wide --auth secret --auth-namespace eso',
    ],
  )
}

/** `gitseal eso push`. */
function registerPush(eso: Command, ctx: CommandContext): void {
  withExamples(
    addAws(
      addOutput(
        addNaming(
          addExternalSecretFlags(
            eso
              .command('push')
              .description(
                'write the Secret values to AWS Secrets Manager (create, or a new version only when a value changed), ' +
                  'then write the ExternalSecret that reads them back',
              )
              .argument('[file]', 'Secret manifest; - or omitted for stdin'),
            'aws-secrets-manager',
          ),
        ),
      ),
    )
      .option('--kms-key-id <key>', 'KMS key for new secrets')
      .option('--tags <k=v,...>', 'tags for the remote secrets (repeatable)', collect)
      .option(
        '--for-pushsecret',
        'tag managed-by=external-secrets so an ESO PushSecret may later update them',
      )
      .option('--description <text>', 'description for new secrets')
      .option('--dry-run', 'show which remote secrets would change (names only); write nothing')
      .option('--json', 'print the result as JSON')
      .action(async (file: string | undefined, flags: PushFlags) => {
        const { pushAction } = await import('./eso-action.js')
        await pushAction(ctx, file, flags)
      }),
    [
      'gitseal eso push secret.yaml --region eu-west-1 --prefix prod/ --dry-run',
      'gitseal eso push secret.yaml --region eu-west-1 --store aws -o externalsecret.yaml',
    ],
  )
}

/** `gitseal eso verify`. */
function registerVerify(eso: Command, ctx: CommandContext): void {
  withExamples(
    addAws(
      eso
        .command('verify')
        .description('check that every remote key an ExternalSecret references exists (no values printed)')
        .argument('<files...>', 'ExternalSecret manifests'),
    )
      .option('--prefix <prefix>', 'the SecretStore prefix, prepended to every key')
      .option('--json', 'print the result as JSON')
      .action(async (files: string[], flags: VerifyFlags) => {
        const { verifyAction } = await import('./eso-action.js')
        await verifyAction(ctx, files, flags)
      }),
    ['gitseal eso verify apps/*/externalsecret.yaml --region eu-west-1'],
  )
}

/** `gitseal eso pushsecret`. */
function registerPushSecret(eso: Command, ctx: CommandContext): void {
  withExamples(
    addOutput(
      addNaming(
        eso
          .command('pushsecret')
          .description('a PushSecret manifest that pushes the Secret from the cluster to the store')
          .argument('[file]', 'Secret manifest; - or omitted for stdin')
          .option('--store <name>', 'SecretStore / ClusterSecretStore name')
          .option('--store-kind <kind>', 'SecretStore | ClusterSecretStore', 'SecretStore')
          .option('--refresh-interval <duration>', 'Go duration', '1h')
          .option('--update-policy <policy>', 'Replace | IfNotExists', 'Replace')
          .option('--deletion-policy <policy>', 'None | Delete', 'None'),
        false,
      ),
    ).action(async (file: string | undefined, flags: PushSecretFlags) => {
      const { pushSecretAction } = await import('./eso-action.js')
      await pushSecretAction(ctx, file, flags)
    }),
    ['gitseal eso pushsecret secret.yaml --store aws'],
  )
}
