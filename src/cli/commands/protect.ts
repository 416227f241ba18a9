import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal protect`: the backend the gitseal.yaml policy names for the file's path. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('protect')
    .summary('protect files with the backend gitseal.yaml policy picks for their path')
    .argument('<files...>', 'Secret manifests')
    .option('-i, --in-place', 'replace each file with its protected form')
    .option('-o, --output <file>', 'write to FILE (one input only)')
    .option('--backend <backend>', 'sealed | sops | eso (overrides the policy)')
    .option('--config <file>', 'gitseal.yaml to use')
    .action(() => notImplemented('protect'))
  withExamples(command, ['gitseal protect -i apps/api/overlays/prod/secret.yaml'])
}
