import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal hook install|uninstall`: the pre-commit hook. */
export function register(program: Command, ctx: CommandContext): void {
  const hook = program
    .command('hook')
    .summary('install the git pre-commit hook that runs `gitseal scan --staged`')
  withExamples(
    hook
      .command('install')
      .description(
        'install the pre-commit hook (in core.hooksPath when set); an existing hook is kept and run first',
      )
      .option('--force', 'replace an existing gitseal hook')
      .action(async (options: { force?: boolean }) => {
        const { installHook } = await import('./hook-action.js')
        await installHook(ctx, options.force === true)
      }),
    ['gitseal hook install', 'gitseal hook install --force'],
  )
  withExamples(
    hook
      .command('uninstall')
      .description('remove the gitseal pre-commit hook (restores a chained hook)')
      .action(async () => {
        const { uninstallHook } = await import('./hook-action.js')
        await uninstallHook(ctx)
      }),
    ['gitseal hook uninstall'],
  )
  withExamples(hook, [
    'gitseal hook install',
    'git commit  # the hook runs gitseal scan --staged',
    'gitseal hook uninstall',
  ])
}
