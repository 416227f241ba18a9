/**
 * The commander program: every command of the CLI surface. Command modules are small and only
 * define flags; only the command being run is imported, and it loads its backend lazily when it
 * runs, so start-up stays fast.
 */
import { Command } from 'commander'
import { COMMANDS } from './command-table.js'
import type { CommandContext } from './context.js'

/**
 * The command modules this argv needs: only the named command (fast start), none for
 * `--version`, all of them for top-level help or an unknown command (so help lists them all and
 * commander can suggest the nearest name).
 */
export function commandsFor(argv: readonly string[]): string[] {
  const all = Object.keys(COMMANDS)
  const first = argv.find((arg) => !arg.startsWith('-'))
  if (first === undefined) return argv.includes('-V') || argv.includes('--version') ? [] : all
  const name = first === 'help' ? argv[argv.indexOf(first) + 1] : first
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : all
}

/** Build the program for one run; output goes through the context's IO. */
export async function buildProgram(
  ctx: CommandContext,
  version: string,
  argv: readonly string[],
): Promise<Command> {
  const program = new Command('gitseal')
    .description(
      'Keep Kubernetes secrets safe in Git: seal them for Sealed Secrets, encrypt them with SOPS + age, ' +
        'or push them to AWS Secrets Manager for External Secrets — and scan for plaintext leaks.',
    )
    .version(version, '-V, --version', 'print the gitseal version')
    .option('--debug', 'show stack traces and underlying causes of errors')
    .helpCommand(true)
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => {
        ctx.io.stdout(text)
      },
      writeErr: (text) => {
        ctx.io.stderr(text)
      },
      outputError: (text, write) => {
        write(`gitseal: ${text.replace(/^error: /, '')}`)
      },
    })
    .exitOverride()
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 secrets found / validation failed, 2 usage or input error, 3 key or crypto error, 4 remote error.\n' +
      'Run `gitseal <command> --help` for the options and examples of a command.\n',
  )
  const loaders = commandsFor(argv).flatMap((name) => COMMANDS[name] ?? [])
  const modules = await Promise.all(loaders.map((load) => load()))
  for (const module of modules) module.register(program, ctx)
  describeFromSummary(program)
  return program
}

/** A command given only a one-line summary (for the command list) shows it atop its own --help too. */
function describeFromSummary(command: Command): void {
  for (const sub of command.commands) {
    if (sub.description() === '') sub.description(sub.summary())
    describeFromSummary(sub)
  }
}
