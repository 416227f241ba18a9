import type { Command } from 'commander'
import { collect, notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal unseal`: offline recovery of a SealedSecret with the controller's private keys. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('unseal')
    .summary('recover the Secret from a SealedSecret with private keys (offline)')
    .argument('[file]', 'SealedSecret manifest; - or omitted for stdin')
    .option(
      '--key <pem>',
      'private key PEM or key Secret manifest (repeatable, e.g. after key renewal)',
      collect,
    )
    .option('--raw <value>', 'unseal one base64 value instead of a manifest; prints the plaintext bytes')
    .option('--name <name>', 'with --raw: Secret name (strict scope)')
    .option('--namespace <namespace>', 'with --raw: Secret namespace')
    .option('--scope <scope>', 'with --raw: strict | namespace-wide | cluster-wide', 'strict')
    .option('--format <format>', 'output format: yaml | json')
    .option('-o, --output <file>', 'write to FILE atomically instead of stdout')
    .action(() => notImplemented('unseal'))
  withExamples(command, [
    'gitseal unseal db.sealed.yaml --key sealed-secrets-key.yaml',
    'gitseal unseal --raw AgB4... --key tls.key --namespace prod --name db',
  ])
}
