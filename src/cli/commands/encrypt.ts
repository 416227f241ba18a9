import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal encrypt`: SOPS-encrypt a file for the age recipients `.sops.yaml` names. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('encrypt')
    .summary('encrypt a file in the SOPS format with age (sops-compatible)')
    .argument('[file]', 'file to encrypt (yaml, json, dotenv, ini or binary); - for stdin')
    .option('-i, --in-place', 'replace the file (atomically)')
    .option('-o, --output <file>', 'write to FILE')
    .option('-a, --age <recipients>', 'comma-separated age recipients (overrides .sops.yaml)')
    .option('--config <file>', '.sops.yaml to use (no upward search)')
    .option('--input-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--output-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--filename-override <path>', 'path used for .sops.yaml rules and type detection (stdin)')
    .option('--encrypted-regex <re>', 'encrypt only values whose key path matches')
    .option('--unencrypted-regex <re>', 'leave values whose key path matches in the clear')
    .option('--encrypted-suffix <s>', 'encrypt only keys ending with the suffix')
    .option('--unencrypted-suffix <s>', 'leave keys ending with the suffix in the clear')
    .option('--encrypted-comment-regex <re>', 'encrypt values after a matching comment')
    .option('--unencrypted-comment-regex <re>', 'leave values after a matching comment in the clear')
    .option('--mac-only-encrypted', 'compute the MAC over encrypted values only')
    .action(() => notImplemented('encrypt'))
  withExamples(command, [
    'gitseal encrypt -i apps/api/overlays/prod/secret.yaml',
    'gitseal encrypt secret.yaml --age age1... --encrypted-regex "^(data|stringData)$" -o secret.enc.yaml',
  ])
}
