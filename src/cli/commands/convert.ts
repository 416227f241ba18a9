import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal convert`: migrate a file between backends. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('convert')
    .summary('migrate a protected file to another backend in one atomic step')
    .argument('<file>', 'SealedSecret, SOPS file or Secret')
    .requiredOption('--to <backend>', 'sealed | sops | eso')
    .option('-o, --output <file>', 'write to FILE instead of replacing the input')
    .action(() => notImplemented('convert'))
  withExamples(command, ['gitseal convert db.sealed.yaml --to sops --key prod-key.yaml'])
}
