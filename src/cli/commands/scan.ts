import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal scan`: the secret-leak gate. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('scan')
    .summary('find plaintext secrets; sealed, SOPS and ExternalSecret files pass')
    .argument('[paths...]', 'files or directories (default: .)')
    .option('--staged', 'scan what is staged for commit (the index)')
    .option('--git <range>', 'scan lines added in a commit range, e.g. origin/main..HEAD')
    .option('--stdin', 'scan standard input')
    .option('--format <format>', 'text | json | sarif | junit', 'text')
    .option('--baseline <file>', 'report only findings not in this baseline')
    .action(() => notImplemented('scan'))
  withExamples(command, [
    'gitseal scan .',
    'gitseal scan --staged',
    'gitseal scan --git origin/main..HEAD --format sarif > gitseal.sarif',
  ])
}
