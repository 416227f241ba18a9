import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { KeyFlags } from './encrypt-settings.js'

/** `gitseal edit`: decrypt to a private temp file, run the editor, re-encrypt if changed. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('edit')
    .summary('edit a SOPS file in $EDITOR; unchanged values keep their ciphertext')
    .description(
      'Decrypt FILE into a file readable only by you (0600, in a private 0700 directory), open ' +
        '$SOPS_EDITOR, $VISUAL or $EDITOR, and re-encrypt it if it changed: same data key, unchanged values ' +
        'keep their ciphertext. The plaintext is removed on every exit path, including Ctrl-C. A FILE that ' +
        'does not exist is created and encrypted for the recipients .sops.yaml (or --age) names.',
    )
    .argument('<file>', 'SOPS-encrypted file (created if it does not exist)')
    .option('-a, --age <recipients>', 'for a new file: comma-separated age recipients (overrides .sops.yaml)')
    .option('--config <file>', 'for a new file: .sops.yaml to use')
    .action(async (file: string, flags: KeyFlags) => {
      const { existsSync } = await import('node:fs')
      const { editInTempFile } = await import('./edit-session.js')
      if (!existsSync(ctx.path(file))) {
        await createNew(ctx, file, flags, editInTempFile)
        return
      }
      const { openForUpdate } = await import('./sops-update.js')
      const { plaintextOf, reencrypt } = await import('../../sops/sops-file.js')
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

async function createNew(
  ctx: CommandContext,
  file: string,
  flags: KeyFlags,
  edit: (ctx: CommandContext, file: string, text: string) => Promise<string>,
): Promise<void> {
  const path = ctx.path(file)
  const { encryptSettings } = await import('./encrypt-settings.js')
  // Settings first: no point editing a file that cannot be encrypted.
  const settings = await encryptSettings(ctx, file, path, flags)
  const { formatOf } = await import('./sops-common.js')
  const format = await formatOf(path, undefined)
  const text = await edit(ctx, file, '')
  if (text.trim() === '') {
    ctx.info(`${file}: empty, not created`)
    return
  }
  const { encrypt } = await import('../../sops/sops-file.js')
  const { writeFileAtomic } = await import('../../io/atomic-write.js')
  await writeFileAtomic(path, await encrypt(text, { format, file, ...settings }), { followSymlink: true })
}
