import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal rotate`: new data key, every value re-encrypted. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('rotate')
    .summary('generate a new data key and re-encrypt every value of a SOPS file')
    .argument('<file...>', 'SOPS-encrypted files')
    .option('-i, --in-place', 'replace the files (default for several files)')
    .option('--add-age <recipients>', 'also encrypt for these age recipients')
    .option('--rm-age <recipients>', 'stop encrypting for these age recipients')
    .action(() => notImplemented('rotate'))
  withExamples(command, ['gitseal rotate -i secret.enc.yaml'])
}
