import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal edit`: decrypt to a private temp file, run the editor, re-encrypt if changed. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('edit')
    .summary('edit a SOPS file in $EDITOR; unchanged values keep their ciphertext')
    .description(
      'Decrypt FILE into a file readable only by you (0600, in a private 0700 directory), open ' +
        '$SOPS_EDITOR, $VISUAL or $EDITOR, and re-encrypt it if it changed: same data key, unchanged values ' +
        'keep their ciphertext. The plaintext is removed on every exit path, including Ctrl-C.',
    )
    .argument('<file>', 'SOPS-encrypted file')
    .action(async (file: string) => {
      const { openForUpdate } = await import('./sops-update.js')
      const { plaintextOf, reencrypt } = await import('../../sops/sops-file.js')
      const { editInTempFile } = await import('./edit-session.js')
      const { opened, write } = await openForUpdate(ctx, file)
      const before = plaintextOf(opened)
      const after = await editInTempFile(ctx, file, before)
      if (after === before) {
        ctx.info(`${file}: not modified`)
        return
      }
      await write(await reencrypt(after, opened))
    })
  withExamples(command, ['EDITOR=vim gitseal edit secret.enc.yaml'])
}
