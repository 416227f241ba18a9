import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

interface RotateFlags {
  inPlace?: boolean
  addAge?: string
  rmAge?: string
}

/** `gitseal rotate`: new data key, every value re-encrypted, optionally recipients changed. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('rotate')
    .summary('generate a new data key and re-encrypt every value of a SOPS file')
    .description(
      'Generate a new data key, re-encrypt every value and wrap the key for the file’s age recipients ' +
        '(plus --add-age, minus --rm-age). To make a file follow .sops.yaml, use updatekeys.',
    )
    .argument('<file...>', 'SOPS-encrypted files')
    .option('-i, --in-place', 'replace the files (default for several files)')
    .option('--add-age <recipients>', 'also encrypt for these age recipients')
    .option('--rm-age <recipients>', 'stop encrypting for these age recipients')
    .action(async (files: string[], flags: RotateFlags) => {
      const add = recipientList(flags.addAge)
      const remove = new Set(recipientList(flags.rmAge))
      for (const file of files) {
        const result = await rotateFile(ctx, file, add, remove)
        if (flags.inPlace || files.length > 1) {
          await result.write()
          ctx.info(`${file}: rotated`)
        } else ctx.io.stdout(result.rotated)
      }
    })
  withExamples(command, [
    'gitseal rotate -i secret.enc.yaml',
    'gitseal rotate -i --add-age age1... secret.enc.yaml',
  ])
}

/** Comma-separated age recipients, trimmed, empty ones dropped. */
function recipientList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
}

/**
 * `file` with a new data key, every value re-encrypted, for its recipients plus `add` minus `remove`;
 * every error names the file (several files may be rotated at once).
 * @throws GitsealError `E_USAGE` when recipients change on a file with several key groups.
 */
async function rotateFile(
  ctx: CommandContext,
  file: string,
  add: readonly string[],
  remove: ReadonlySet<string>,
): Promise<{ rotated: string; write: () => Promise<void> }> {
  const [{ openForUpdate }, { plaintextOf, reencrypt }, { GitsealError }, { inFile }] = await Promise.all([
    import('./sops-update.js'),
    import('../../sops/sops-file.js'),
    import('../../core/errors.js'),
    import('../../sealed/in-file.js'),
  ])
  const { opened, write } = await inFileAsync(inFile, file, () => openForUpdate(ctx, file))
  let keyGroups: string[][] | undefined
  if (add.length > 0 || remove.size > 0) {
    const groups = opened.metadata.keyGroups.map((g) => g.age.map((a) => a.recipient))
    if (groups.length !== 1) {
      throw new GitsealError('E_USAGE', `${file}: --add-age/--rm-age need a file with one key group`, {
        hint: 'Change key groups in .sops.yaml and run gitseal updatekeys.',
      })
    }
    keyGroups = [[...new Set([...(groups[0] ?? []), ...add])].filter((r) => !remove.has(r))]
  }
  const rotated = await inFileAsync(inFile, file, () =>
    reencrypt(plaintextOf(opened), opened, { rotate: true, ...(keyGroups ? { keyGroups } : {}) }),
  )
  return { rotated, write: () => write(rotated) }
}

/** {@link inFile} for a promise: a rejected GitsealError gets `file` prefixed when it lacks it. */
async function inFileAsync<T>(
  inFile: <U>(file: string, fn: () => U) => U,
  file: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    return inFile(file, () => {
      throw error
    })
  }
}
