/**
 * Where an output file (`-o FILE`) may be written: a path named inside the current directory must
 * stay inside it. A directory on the way may be a link committed in the repository being worked on
 * (`reports -> /home/runner/.ssh`), as the file itself may be (`writeFileAtomic` refuses that).
 */
import { realpath } from 'node:fs/promises'
import { dirname, isAbsolute, relative } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return !rel.startsWith('..') && !isAbsolute(rel)
}

/**
 * Refuse `path` when it is named inside `cwd` and its directory leads out of `cwd` through a symbolic
 * link. A path named outside `cwd` is the user's own choice (links and all: macOS `/tmp`).
 * @throws GitsealError `E_IO` naming the path; nothing was written.
 */
export async function checkOutputDirectory(cwd: string, path: string, shown: string): Promise<void> {
  if (!inside(cwd, path)) return
  let real: [string, string]
  try {
    real = await Promise.all([realpath(cwd), realpath(dirname(path))])
  } catch {
    return // A missing directory: the write itself fails, naming it.
  }
  if (inside(real[0], real[1])) return
  throw new GitsealError(
    'E_IO',
    `${printable(shown)}: a symbolic link on the way leads out of the current directory; refusing to write an output through it`,
    {
      file: shown,
      hint: 'Name the real directory (a link in a repository could point anywhere); nothing was written.',
    },
  )
}
