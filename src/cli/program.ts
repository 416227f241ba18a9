/**
 * The commander program: every command of the CLI surface. Command modules are small and only
 * define flags; each loads its backend lazily when it runs, so start-up stays fast.
 */
import { Command } from 'commander'
import type { CommandContext } from './context.js'
import { register as cert } from './commands/cert.js'
import { register as convert } from './commands/convert.js'
import { register as decrypt } from './commands/decrypt.js'
import { register as edit } from './commands/edit.js'
import { register as encrypt } from './commands/encrypt.js'
import { register as eso } from './commands/eso.js'
import { register as hook } from './commands/hook.js'
import { register as init } from './commands/init.js'
import { register as keygen } from './commands/keygen.js'
import { register as mergeDriver } from './commands/merge-driver.js'
import { register as newCommand } from './commands/new.js'
import { register as protect } from './commands/protect.js'
import { register as reseal } from './commands/reseal.js'
import { register as rotate } from './commands/rotate.js'
import { register as scan } from './commands/scan.js'
import { register as seal } from './commands/seal.js'
import { register as set } from './commands/set.js'
import { register as status } from './commands/status.js'
import { register as unseal } from './commands/unseal.js'
import { register as unset } from './commands/unset.js'
import { register as updatekeys } from './commands/updatekeys.js'
import { register as validate } from './commands/validate.js'

/** Commands in the order `gitseal --help` lists them. */
const COMMANDS = [
  seal,
  unseal,
  reseal,
  validate,
  cert,
  keygen,
  encrypt,
  decrypt,
  edit,
  rotate,
  updatekeys,
  set,
  unset,
  eso,
  protect,
  scan,
  hook,
  init,
  status,
  newCommand,
  convert,
  mergeDriver,
]

/** Build the program for one run; output goes through the context's IO. */
export function buildProgram(ctx: CommandContext, version: string): Command {
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
  for (const register of COMMANDS) register(program, ctx)
  return program
}
