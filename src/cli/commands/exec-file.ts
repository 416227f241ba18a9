import { basename } from 'node:path'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal exec-file`: run a command on a private temporary copy of the decrypted file. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('exec-file')
    .summary('run a command with {} replaced by a private temporary plaintext copy of a SOPS file')
    .description(
      'Decrypt FILE into a 0600 file in a private 0700 directory, run COMMAND (through /bin/sh) with {} ' +
        'replaced by its path (passed as an argument, never parsed by the shell), and remove it afterwards, ' +
        'also on Ctrl-C, SIGTERM, SIGHUP and SIGQUIT. Exits with the command’s status.',
    )
    .argument('<file>', 'SOPS-encrypted file')
    .argument('<command>', 'command to run, e.g. "kubectl apply -f {}"')
    .option(
      '--filename <name>',
      'name of the temporary file (default: the file’s own name, with characters a shell reads as syntax as _)',
    )
    .option('--output-type <type>', 'yaml | json | dotenv | ini | binary')
    .action(async (file: string, commandLine: string, flags: { filename?: string; outputType?: string }) => {
      const { openForUpdate } = await import('./sops-update.js')
      const { formatOf } = await import('./sops-common.js')
      const { plaintextBytes } = await import('../../sops/sops-file.js')
      const { checkFileName, inertFileName, runShell, withFileArgument, withPrivateFile } =
        await import('./exec-support.js')
      if (flags.filename !== undefined) checkFileName(flags.filename)
      const { opened } = await openForUpdate(ctx, file)
      const outputType =
        flags.outputType === undefined ? undefined : await formatOf(undefined, flags.outputType)
      const bytes = plaintextBytes(opened, outputType)
      ctx.exitCode = await withPrivateFile(flags.filename ?? inertFileName(basename(file)), bytes, (path) =>
        runShell(ctx, withFileArgument(commandLine), { ...ctx.io.env }, [path]),
      )
    })
  withExamples(command, ['gitseal exec-file secret.enc.yaml "kubectl apply -f {}"'])
}
