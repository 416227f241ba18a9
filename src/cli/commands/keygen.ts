import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal keygen`: a controller-compatible key pair for dev clusters and tests. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('keygen')
    .summary('create a sealed-secrets controller key pair, certificate and key Secret')
    .requiredOption('--out <dir>', 'directory to write tls.key, tls.crt and the key Secret manifest')
    .action(() => notImplemented('keygen'))
  withExamples(command, ['gitseal keygen --out ./dev-keys'])
}
