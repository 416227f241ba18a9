import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal eso ...`: External Secrets Operator manifests and AWS Secrets Manager. */
export function register(program: Command, _ctx: CommandContext): void {
  const eso = program
    .command('eso')
    .summary('External Secrets Operator: manifests, and values pushed to AWS Secrets Manager')
  withExamples(
    eso
      .command('externalsecret')
      .description('an ExternalSecret that recreates the Secret from a secret store')
      .argument('<file>', 'Secret manifest')
      .requiredOption('--store <name>', 'SecretStore / ClusterSecretStore name')
      .option('--store-kind <kind>', 'SecretStore | ClusterSecretStore', 'SecretStore')
      .option('--api-version <v>', 'v1 | v1beta1 (v1beta1 only for ESO < 0.17)', 'v1')
      .option('-o, --output <file>', 'write to FILE')
      .action(() => notImplemented('eso externalsecret')),
    ['gitseal eso externalsecret secret.yaml --store aws -o externalsecret.yaml'],
  )
  const store = eso.command('store').description('SecretStore / ClusterSecretStore manifests')
  withExamples(
    store
      .command('aws')
      .description('a SecretStore for AWS Secrets Manager or Parameter Store')
      .option('--region <region>', 'AWS region')
      .option('--service <service>', 'SecretsManager | ParameterStore', 'SecretsManager')
      .option('--auth <auth>', 'jwt | secret (default: the controller credentials)')
      .option('--cluster-wide', 'emit a ClusterSecretStore')
      .option('-o, --output <file>', 'write to FILE')
      .action(() => notImplemented('eso store aws')),
    ['gitseal eso store aws --region eu-west-1 --auth jwt --service-account external-secrets'],
  )
  withExamples(
    eso
      .command('push')
      .description('write the Secret values to AWS Secrets Manager, then write the ExternalSecret')
      .argument('<file>', 'Secret manifest')
      .option('--region <region>', 'AWS region')
      .option('--endpoint <url>', 'Secrets Manager endpoint override')
      .option('--prefix <prefix>', 'prefix for remote secret names')
      .option('--dry-run', 'show what would change; write nothing')
      .action(() => notImplemented('eso push')),
    ['gitseal eso push secret.yaml --region eu-west-1 --prefix prod/ --dry-run'],
  )
  withExamples(
    eso
      .command('verify')
      .description('check that every remote key an ExternalSecret references exists (no values printed)')
      .argument('<files...>', 'ExternalSecret manifests')
      .option('--region <region>', 'AWS region')
      .option('--json', 'print the result as JSON')
      .action(() => notImplemented('eso verify')),
    ['gitseal eso verify apps/**/externalsecret.yaml --region eu-west-1'],
  )
  withExamples(
    eso
      .command('pushsecret')
      .description('a PushSecret manifest that pushes the Secret from the cluster to the store')
      .argument('<file>', 'Secret manifest')
      .requiredOption('--store <name>', 'SecretStore name')
      .option('-o, --output <file>', 'write to FILE')
      .action(() => notImplemented('eso pushsecret')),
    ['gitseal eso pushsecret secret.yaml --store aws'],
  )
}
