import type { Command } from 'commander'
import { collect, notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal new secret`: build a Secret like kubectl and protect it at once. */
export function register(program: Command, _ctx: CommandContext): void {
  const command = program
    .command('new')
    .summary('create a new protected Secret (like `kubectl create secret`)')
  withExamples(
    command
      .command('secret')
      .description('build a Secret and protect it by policy; the plaintext never touches disk')
      .argument('<name>', 'Secret name')
      .option('-n, --namespace <namespace>', 'namespace')
      .option('--type <type>', 'Secret type', 'Opaque')
      .option('--from-literal <key=value>', 'a value (repeatable)', collect)
      .option('--from-file <key=path>', 'a value read from a file (repeatable)', collect)
      .option('--from-env-file <file>', 'values from a KEY=VALUE file')
      .option('-o, --output <file>', 'write to FILE')
      .action(() => notImplemented('new secret')),
    ['gitseal new secret db -n prod --from-literal user=app -o apps/db/overlays/prod/db.sealed.yaml'],
  )
}
