/** A private temp file for `gitseal edit`, removed on success, error, SIGINT, SIGTERM, SIGHUP and SIGQUIT. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import type { CommandContext } from '../context.js'
import { onTerminationSignal } from '../../io/signals.js'
import { inertFileName } from './exec-support.js'

/** The editor command: $SOPS_EDITOR, $VISUAL, $EDITOR, else vi. */
function editorCommand(env: Readonly<Record<string, string | undefined>>): string {
  return env.SOPS_EDITOR || env.VISUAL || env.EDITOR || 'vi'
}

/**
 * Write `text` to a 0600 file in a fresh 0700 directory, run the editor on it and return what it
 * holds afterwards. The directory is removed whatever happens.
 * @throws GitsealError `E_ABORTED` when the editor fails or the run is interrupted.
 */
export async function editInTempFile(ctx: CommandContext, file: string, text: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gitseal-edit-'))
  const cleanup = (): void => {
    rmSync(dir, { recursive: true, force: true })
  }
  let interrupted: NodeJS.Signals | undefined
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = signal
    cleanup()
  }
  const stopListening = onTerminationSignal(onSignal)
  try {
    // Named without shell syntax: an editor command that parses its argument again (`eval`, a
    // wrapper's `sh -c`) must not run a crafted file name (see inertFileName).
    const path = join(dir, inertFileName(basename(file)))
    await writeFile(path, text, { mode: 0o600, flag: 'wx' })
    const editor = editorCommand(ctx.io.env)
    const code = await new Promise<number | null>((resolve, reject) => {
      // Through the shell, so EDITOR="code --wait" works as it does for git and sops.
      const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'sh', path], {
        stdio: 'inherit',
        env: { ...ctx.io.env },
        cwd: ctx.io.cwd,
      })
      child.on('error', reject)
      child.on('exit', (status) => {
        resolve(status)
      })
    })
    if (interrupted !== undefined) {
      throw new GitsealError('E_ABORTED', `${file}: edit interrupted (${interrupted}); the file is unchanged`)
    }
    if (code !== 0) {
      throw new GitsealError(
        'E_ABORTED',
        `${file}: the editor exited with status ${String(code)}; the file is unchanged`,
        {
          hint: `Check $SOPS_EDITOR/$VISUAL/$EDITOR (now: ${editor}).`,
        },
      )
    }
    return await readFile(path, 'utf8')
  } finally {
    stopListening()
    cleanup()
  }
}
