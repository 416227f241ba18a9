import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal set`: set one value of a SOPS file by path. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('set')
    .summary('set one value in a SOPS file (sops path syntax)')
    .argument('<file>', 'SOPS-encrypted file')
    .argument('<path>', 'e.g. \'["stringData"]["password"]\'')
    .argument('[value]', 'JSON value (use --value-stdin for secrets, so they stay out of shell history)')
    .option('--value-stdin', 'read the value from stdin')
    .option('--value-file <file>', 'read the value from a file')
    .action(() => notImplemented('set'))
  withExamples(command, [
    'printf \'"s3cr3t"\' | gitseal set secret.enc.yaml \'["stringData"]["password"]\' --value-stdin',
  ])
}
