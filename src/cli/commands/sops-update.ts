/** Open a sops file for an in-place change (set, unset, edit, rotate) and write it back atomically. */
import type { CommandContext } from '../context.js'
import type { OpenedFile } from '../../sops/sops-file.js'

/** The opened file and a writer that replaces it atomically (keeping its mode). */
export async function openForUpdate(
  ctx: CommandContext,
  file: string,
  options: { inputType?: string } = {},
): Promise<{ opened: OpenedFile; write: (text: string) => Promise<void> }> {
  const { readInput } = await import('../context.js')
  const { formatOf, identitiesFor } = await import('./sops-common.js')
  const input = await readInput(ctx, file, 'SOPS file')
  const format = await formatOf(input.path, options.inputType)
  const { identities, tried } = await identitiesFor(ctx)
  const { openSops } = await import('../../sops/sops-file.js')
  const opened = await openSops(input.bytes, { format, file: input.name, identities, identitySources: tried })
  return {
    opened,
    write: async (text) => {
      const { writeFileAtomic } = await import('../../io/atomic-write.js')
      await writeFileAtomic(input.path ?? ctx.path(file), text, { followSymlink: true })
    },
  }
}
