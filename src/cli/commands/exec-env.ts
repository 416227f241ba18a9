import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal exec-env`: run a command with a SOPS file's values as environment variables. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('exec-env')
    .summary("run a command with a SOPS file's top-level values as environment variables")
    .description(
      'Decrypt FILE and run COMMAND (through /bin/sh) with each top-level scalar value as an ' +
        'environment variable; nothing is written to disk. Exits with the command’s status, as sops. ' +
        'Refuses names that choose what code runs (LD_*, DYLD_*, BASH_FUNC_*, BASH_ENV, ENV, ' +
        'SHELLOPTS, BASHOPTS, IFS, PS4, PATH, GCONV_PATH): anyone with the public keys can write the file.',
    )
    .argument('<file>', 'SOPS-encrypted file (dotenv, yaml, json, ini)')
    .argument('<command>', 'command to run, e.g. "./deploy.sh"')
    .option('--pristine', 'pass only the decrypted values, not the current environment')
    .action(async (file: string, commandLine: string, flags: { pristine?: boolean }) => {
      const { openForUpdate } = await import('./sops-update.js')
      const { checkEnvironment, flatEnvironment, runShell } = await import('./exec-support.js')
      const { opened } = await openForUpdate(ctx, file)
      const values = flatEnvironment(opened.branches[0])
      checkEnvironment(values, file)
      const env = flags.pristine ? values : { ...ctx.io.env, ...values }
      ctx.exitCode = await runShell(ctx, commandLine, env)
    })
  withExamples(command, ['gitseal exec-env secrets.enc.env "./deploy.sh"'])
}
