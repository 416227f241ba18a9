import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal init`: interactive set-up of a repository. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('init')
    .summary('set up gitseal in a repository: clusters, age key, .sops.yaml, gitseal.yaml, hook')
    .option('-y, --yes', 'accept defaults; never prompt')
    .option('--backend <backend>', 'sealed | sops | eso')
    .action(() => notImplemented('init'))
  withExamples(command, ['gitseal init', 'gitseal init --yes --backend sops'])
}
