import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal updatekeys`: re-wrap the data key for the recipients `.sops.yaml` now names. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('updatekeys')
    .summary('re-wrap data keys for the recipients .sops.yaml now lists (files and directories)')
    .argument('<paths...>', 'SOPS files, or directories to search for them')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--config <file>', '.sops.yaml to use')
    .action(() => notImplemented('updatekeys'))
  withExamples(command, ['gitseal updatekeys --yes clusters/'])
}
