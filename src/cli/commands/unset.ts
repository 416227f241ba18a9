import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal unset`: remove one key of a SOPS file by path. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('unset')
    .summary('remove one key from a SOPS file (sops path syntax)')
    .argument('<file>', 'SOPS-encrypted file')
    .argument('<path>', 'e.g. \'["stringData"]["old"]\'')
    .option('--idempotent', 'succeed when the key does not exist')
    .action(async (file: string, path: string, flags: { idempotent?: boolean }) => {
      const { openForUpdate } = await import('./sops-update.js')
      const { editPath } = await import('../../sops/sops-edit.js')
      const { opened, write } = await openForUpdate(ctx, file)
      const text = await editPath(opened, path, undefined)
      if (text === undefined) {
        if (flags.idempotent) return
        const { GitsealError } = await import('../../core/errors.js')
        throw new GitsealError('E_BAD_PATH', `${file}: ${path} does not exist`, {
          hint: 'Use --idempotent to ignore this.',
        })
      }
      await write(text)
    })
  withExamples(command, ['gitseal unset secret.enc.yaml \'["stringData"]["old"]\''])
}
