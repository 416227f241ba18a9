import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal hook install|uninstall`: the pre-commit hook. */
export function register(program: Command, _ctx: CommandContext): void {
  const hook = program
    .command('hook')
    .summary('install the git pre-commit hook that runs `gitseal scan --staged`')
  withExamples(
    hook
      .command('install')
      .description('install the pre-commit hook, chaining an existing one')
      .option('--force', 'replace an existing gitseal hook')
      .action(() => notImplemented('hook install')),
    ['gitseal hook install'],
  )
  hook
    .command('uninstall')
    .description('remove the gitseal pre-commit hook (restores a chained hook)')
    .action(() => notImplemented('hook uninstall'))
}
