import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { KeyFlags } from './encrypt-settings.js'

interface EncryptFlags extends KeyFlags {
  inPlace?: boolean
  output?: string
  inputType?: string
  outputType?: string
  filenameOverride?: string
}

/** `gitseal encrypt`: SOPS-encrypt a file for the age recipients `.sops.yaml` names. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('encrypt')
    .summary('encrypt a file in the SOPS format with age (sops-compatible)')
    .description(
      'Encrypt FILE as sops 3.13 does, for the age recipients of the first matching creation rule of the ' +
        "nearest .sops.yaml (searched from the file's directory upwards; sops searches from the current " +
        'directory), or for --age. Output goes to stdout unless -i or -o.',
    )
    .argument('[file]', 'file to encrypt (yaml, json, dotenv, ini or binary); - for stdin')
    .option('-i, --in-place', 'replace the file (atomically)')
    .option('-o, --output <file>', 'write to FILE')
    .option('-a, --age <recipients>', 'comma-separated age recipients (overrides .sops.yaml)')
    .option('--config <file>', '.sops.yaml to use (no upward search)')
    .option(
      '--sops-config-lookup <from>',
      "file (default): the .sops.yaml nearest the file; cwd: sops' lookup from the current directory",
    )
    .option('--verbose', 'say which .sops.yaml and creation rule were used')
    .option('--input-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--output-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--filename-override <path>', 'path used for .sops.yaml rules and type detection (stdin)')
    .option('--encrypted-regex <re>', 'encrypt only values whose key path matches')
    .option('--unencrypted-regex <re>', 'leave values whose key path matches in the clear')
    .option('--encrypted-suffix <s>', 'encrypt only keys ending with the suffix')
    .option('--unencrypted-suffix <s>', 'leave keys ending with the suffix in the clear')
    .option('--encrypted-comment-regex <re>', 'encrypt values after a matching comment')
    .option('--unencrypted-comment-regex <re>', 'leave values after a matching comment in the clear')
    .option('--mac-only-encrypted', 'compute the MAC over encrypted values only')
    .option('--shamir-secret-sharing-threshold <n>', 'key groups needed to decrypt (with several groups)')
    .action(async (file: string | undefined, flags: EncryptFlags) => {
      const { readInput } = await import('../context.js')
      const { formatOf, writeResult } = await import('./sops-common.js')
      const input = await readInput(ctx, file, 'file to encrypt')
      const rulePath = flags.filenameOverride !== undefined ? ctx.path(flags.filenameOverride) : input.path
      const format = await formatOf(flags.filenameOverride ?? input.path, flags.inputType)
      const outputFormat =
        flags.outputType === undefined ? undefined : await formatOf(undefined, flags.outputType)
      const { encryptSettings } = await import('./encrypt-settings.js')
      const settings = await encryptSettings(ctx, input.name, rulePath, flags)
      const { encrypt } = await import('../../sops/sops-file.js')
      const text = await encrypt(input.bytes, {
        format,
        file: input.name,
        ...settings,
        ...(outputFormat === undefined ? {} : { outputFormat }),
      })
      await writeResult(ctx, input, text, flags)
    })
  withExamples(command, [
    'gitseal encrypt -i apps/api/overlays/prod/secret.yaml',
    'gitseal encrypt secret.yaml --age age1... --encrypted-regex "^(data|stringData)$" -o secret.enc.yaml',
  ])
}
