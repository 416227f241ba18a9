import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal set`: set one value of a SOPS file by path. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('set')
    .summary('set one value in a SOPS file (sops path syntax)')
    .description(
      'Set one value and re-encrypt the file in place: same data key, unchanged values keep their ' +
        'ciphertext, YAML formatting kept.',
    )
    .argument('<file>', 'SOPS-encrypted file')
    .argument('<path>', 'e.g. \'["stringData"]["password"]\'')
    .argument('[value]', 'JSON value (use --value-stdin for secrets, so they stay out of shell history)')
    .option('--value-stdin', 'read the value from stdin')
    .option('--value-file <file>', 'read the value from a file')
    .action(
      async (
        file: string,
        path: string,
        value: string | undefined,
        flags: { valueStdin?: boolean; valueFile?: string },
      ) => {
        const { GitsealError } = await import('../../core/errors.js')
        let raw = value
        if (flags.valueStdin) raw = new TextDecoder().decode(await ctx.io.readStdin())
        else if (flags.valueFile !== undefined) {
          const { readFileText } = await import('../../io/read-file.js')
          raw = await readFileText(ctx.path(flags.valueFile), flags.valueFile)
        }
        if (raw === undefined) {
          throw new GitsealError('E_USAGE', 'no value given', {
            hint: 'Pass VALUE as JSON, --value-stdin or --value-file.',
          })
        }
        const { parseSetValue, editPath } = await import('../../sops/sops-edit.js')
        const parsed = parseSetValue(raw.trim())
        const { openForUpdate } = await import('./sops-update.js')
        const { opened, write } = await openForUpdate(ctx, file)
        const text = await editPath(opened, path, parsed)
        if (text !== undefined) await write(text)
      },
    )
  withExamples(command, [
    'printf \'"s3cr3t"\' | gitseal set secret.enc.yaml \'["stringData"]["password"]\' --value-stdin',
  ])
}
