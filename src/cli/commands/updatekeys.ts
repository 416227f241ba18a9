import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { UpdateLookup } from './updatekeys-plan.js'

interface UpdateFlags extends UpdateLookup {
  yes?: boolean
}

/** `gitseal updatekeys`: re-wrap the data key for the recipients `.sops.yaml` now names. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('updatekeys')
    .summary('re-wrap data keys for the recipients .sops.yaml now lists (files and directories)')
    .description(
      'For every SOPS file given (directories are searched for files with sops metadata), wrap the ' +
        'existing data key for the age recipients of the matching creation rule of the .sops.yaml nearest ' +
        'the file (sops searches from the current directory; a warning says when that would differ). ' +
        'Values and the data key are unchanged (use rotate for a new data key).',
    )
    .argument('<paths...>', 'SOPS files, or directories to search for them')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--config <file>', '.sops.yaml to use (no upward search)')
    .option(
      '--sops-config-lookup <from>',
      "file (default): the .sops.yaml nearest each file; cwd: sops' lookup from the current directory",
    )
    .option('--verbose', 'say which .sops.yaml and creation rule were used')
    .action(async (paths: string[], flags: UpdateFlags) => {
      const { sopsFilesUnder, planUpdate } = await import('./updatekeys-plan.js')
      const { sopsConfigLookup } = await import('../sops-config-choice.js')
      sopsConfigLookup(flags.sopsConfigLookup) // a bad value fails before any file is looked at
      const files = await sopsFilesUnder(paths.map((p) => ctx.path(p)))
      let changed = 0
      for (const path of files) {
        const plan = await planUpdate(ctx, path, flags)
        if (!plan) {
          ctx.info(`${path}: recipients already up to date`)
          continue
        }
        for (const line of plan.diff.split('\n')) ctx.info(line) // each line escaped on its own
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
