import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal merge-driver`: git merge driver for SOPS files. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('merge-driver')
    .summary('git merge driver for SOPS files: three-way merge of the plaintext')
    .argument('<base>', '%O: common ancestor')
    .argument('<ours>', '%A: our version (the result is written here)')
    .argument('<theirs>', '%B: their version')
    .argument('[path]', '%P: path in the work tree')
    .action(() => notImplemented('merge-driver'))
  withExamples(command, ["git config merge.gitseal.driver 'gitseal merge-driver %O %A %B %P'"])
}
