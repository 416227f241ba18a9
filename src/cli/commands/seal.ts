import type { Command } from 'commander'
import { collect, notImplemented, readManifestInput } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal seal`: a Kubernetes Secret → SealedSecret, as `kubeseal` does (offline with --cert). */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('seal')
    .summary('seal a Secret into a SealedSecret for a cluster (kubeseal-compatible)')
    .description(
      'Seal every Secret in FILE (or stdin) into a SealedSecret that only the cluster holding the ' +
        "controller's private key can open. Other documents are passed through unchanged.",
    )
    .argument('[file]', 'Secret manifest (YAML or JSON, multi-document); - or omitted for stdin')
    .option('--cert <path|url>', 'controller certificate: PEM file or http(s):// URL')
    .option('--cluster <name>', 'cluster from gitseal.yaml (repeatable)', collect)
    .option(
      '--scope <scope>',
      'strict | namespace-wide | cluster-wide (default: from the input, else strict)',
    )
    .option('--format <format>', 'output format: yaml | json (default: the input format)')
    .option('-o, --output <file>', 'write to FILE atomically instead of stdout')
    .option('--merge-into <file>', 'update an existing SealedSecret file in place with the sealed keys')
    .option('--name <name>', 'override the Secret name')
    .option('--namespace <namespace>', 'override / set the Secret namespace')
    .option('--raw', 'seal one value (from --from-file or stdin) and print it as base64')
    .option('--from-file <file>', 'with --raw: the file whose bytes are sealed')
    .action(async (file: string | undefined) => {
      const { manifest } = await readManifestInput(ctx, file)
      const { readSecrets } = await import('../../core/secret.js')
      readSecrets(manifest)
      notImplemented('seal')
    })
  withExamples(command, [
    'gitseal seal secret.yaml --cert prod.pem -o secret.sealed.yaml',
    'kubectl create secret generic db --from-literal=pw=s3cr3t --dry-run=client -o yaml | gitseal seal --cluster prod',
    'gitseal seal --raw --from-file pw.txt --namespace prod --name db --cert prod.pem',
    'gitseal seal new-keys.yaml --merge-into db.sealed.yaml --cert prod.pem',
  ])
}
