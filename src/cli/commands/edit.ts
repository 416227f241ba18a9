import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal edit`: decrypt to a private temp file, run $EDITOR, re-encrypt if changed. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('edit')
    .summary('edit a SOPS file in $EDITOR; unchanged values keep their ciphertext')
    .argument('<file>', 'SOPS-encrypted file (created if it does not exist)')
    .action(() => notImplemented('edit'))
  withExamples(command, ['EDITOR=vim gitseal edit secret.enc.yaml'])
}
