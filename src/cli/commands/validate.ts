import type { Command } from 'commander'
import { collect, notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal validate`: check that every sealed value opens for its scope. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('validate')
    .summary('check that every value of a SealedSecret opens with the given keys')
    .argument('<file...>', 'SealedSecret manifests')
    .option('--key <pem>', 'private key PEM or key Secret manifest (repeatable)', collect)
    .option('--json', 'print the result as JSON')
    .action(() => notImplemented('validate'))
  withExamples(command, ['gitseal validate clusters/prod/*.sealed.yaml --key prod-key.yaml'])
}
