import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal unset`: remove one key of a SOPS file by path. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('unset')
    .summary('remove one key from a SOPS file (sops path syntax)')
    .argument('<file>', 'SOPS-encrypted file')
    .argument('<path>', 'e.g. \'["stringData"]["old"]\'')
    .action(() => notImplemented('unset'))
  withExamples(command, ['gitseal unset secret.enc.yaml \'["stringData"]["old"]\''])
}
