import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal updatekeys`: re-wrap the data key for the recipients `.sops.yaml` now names. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('updatekeys')
    .summary('re-wrap data keys for the recipients .sops.yaml now lists (files and directories)')
    .description(
      'For every SOPS file given (directories are searched for files with sops metadata), wrap the ' +
        'existing data key for the age recipients of the matching .sops.yaml creation rule. Values and ' +
        'the data key are unchanged (use rotate for a new data key).',
    )
    .argument('<paths...>', 'SOPS files, or directories to search for them')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--config <file>', '.sops.yaml to use')
    .action(async (paths: string[], flags: { yes?: boolean; config?: string }) => {
      const { sopsFilesUnder, planUpdate } = await import('./updatekeys-plan.js')
      const files = await sopsFilesUnder(paths.map((p) => ctx.path(p)))
      let changed = 0
      for (const path of files) {
        const plan = await planUpdate(ctx, path, flags.config)
        if (!plan) {
          ctx.info(`${path}: recipients already up to date`)
          continue
        }
        ctx.info(plan.diff)
        if (!flags.yes) {
          const { confirm } = await import('./updatekeys-plan.js')
          if (!(await confirm(ctx, `Update ${path}?`))) continue
        }
        await plan.apply()
        changed++
      }
      ctx.info(`${String(changed)} file(s) updated`)
    })
  withExamples(command, ['gitseal updatekeys --yes clusters/', 'gitseal updatekeys secret.enc.yaml'])
}
