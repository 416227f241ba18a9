import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal decrypt`: open a SOPS file with age identities. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('decrypt')
    .summary('decrypt a SOPS file with your age identities')
    .argument('[file]', 'SOPS-encrypted file; - for stdin')
    .option('-i, --in-place', 'replace the file with its plaintext (atomically)')
    .option('-o, --output <file>', 'write to FILE')
    .option('--extract <path>', 'print one value or subtree, e.g. \'["data"]["password"]\'')
    .option('--input-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--output-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--ignore-mac', 'do not verify the MAC (for recovering damaged files)')
    .action(() => notImplemented('decrypt'))
  withExamples(command, [
    'gitseal decrypt secret.enc.yaml',
    'SOPS_AGE_KEY_FILE=key.txt gitseal decrypt secret.enc.yaml --extract \'["stringData"]["password"]\'',
  ])
}
