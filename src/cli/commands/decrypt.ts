import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

interface DecryptFlags {
  inPlace?: boolean
  output?: string
  extract?: string
  inputType?: string
  outputType?: string
  ignoreMac?: boolean
}

/** `gitseal decrypt`: open a SOPS file with age identities. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('decrypt')
    .summary('decrypt a SOPS file with your age identities')
    .description(
      'Decrypt a sops file (any sops 3.x layout) and verify its MAC. Identities come from SOPS_AGE_KEY, ' +
        "SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, sops' default keys.txt and your ssh keys, all combined.",
    )
    .argument('[file]', 'SOPS-encrypted file; - for stdin')
    .option('-i, --in-place', 'replace the file with its plaintext (atomically)')
    .option('-o, --output <file>', 'write to FILE')
    .option('--extract <path>', 'print one value or subtree, e.g. \'["data"]["password"]\'')
    .option('--input-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--output-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--ignore-mac', 'do not verify the MAC (for recovering damaged files)')
    .action(async (file: string | undefined, flags: DecryptFlags) => {
      const { readInput } = await import('../context.js')
      const { formatOf, identitiesFor, writeResult } = await import('./sops-common.js')
      const input = await readInput(ctx, file, 'file to decrypt')
      const format = await formatOf(input.path, flags.inputType)
      const outputFormat =
        flags.outputType === undefined ? undefined : await formatOf(undefined, flags.outputType)
      const { identities, tried } = await identitiesFor(ctx)
      const { openSops, plaintextBytes } = await import('../../sops/sops-file.js')
      const opened = await openSops(input.bytes, {
        format,
        file: input.name,
        identities,
        identitySources: tried,
        ignoreMac: flags.ignoreMac === true,
      })
      if (flags.ignoreMac) ctx.warn(`${input.name}: MAC not verified (--ignore-mac)`)
      let text: string | Uint8Array
      if (flags.extract !== undefined) {
        const { extractPath } = await import('../../sops/sops-edit.js')
        text = extractPath(opened, flags.extract, outputFormat)
      } else {
        text = plaintextBytes(opened, outputFormat)
      }
      await writeResult(ctx, input, text, { ...flags, secret: true })
    })
  withExamples(command, [
    'gitseal decrypt secret.enc.yaml',
    'SOPS_AGE_KEY_FILE=key.txt gitseal decrypt secret.enc.yaml --extract \'["stringData"]["password"]\'',
  ])
}
