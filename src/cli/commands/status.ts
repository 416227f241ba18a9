import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal status`: inventory of secret-bearing files. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('status')
    .summary('list secret-bearing files: how each is protected, for whom, and what is stale')
    .argument('[path]', 'directory (default: the repository)')
    .option('--json', 'print as JSON')
    .action(() => notImplemented('status'))
  withExamples(command, ['gitseal status', 'gitseal status clusters/prod --json'])
}
