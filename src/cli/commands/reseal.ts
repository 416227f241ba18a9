import type { Command } from 'commander'
import { collect, notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal reseal`: decrypt with old keys, seal for a new cert, one atomic write. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('reseal')
    .summary('re-encrypt a SealedSecret for a new certificate, offline')
    .argument('<file>', 'SealedSecret manifest')
    .option('--key <pem>', 'private key able to open the current values (repeatable)', collect)
    .option('--cert <path|url>', 'the new certificate')
    .option('-o, --output <file>', 'write to FILE instead of replacing the input')
    .action(() => notImplemented('reseal'))
  withExamples(command, ['gitseal reseal db.sealed.yaml --key old-key.yaml --cert new-cert.pem'])
}
