/**
 * Key hygiene: private keys (age identities, ssh keys, sealed-secrets controller keys) should be
 * readable by their owner only. gitseal still uses an exposed key — refusing would break CI images
 * that mount keys 0644 — but says so every time.
 */
import { stat } from 'node:fs/promises'
import type { CommandContext } from './context.js'

/** Warn when the key file at `path` is readable or writable by group or others (POSIX only). */
export async function warnIfKeyFileExposed(
  ctx: CommandContext,
  path: string,
  displayName = path,
): Promise<void> {
  if (process.platform === 'win32') return
  let mode: number
  try {
    const info = await stat(path)
    // A pipe or device (`<(pass show key)`, /dev/null) has no meaningful permissions to fix.
    if (!info.isFile()) return
    mode = info.mode
  } catch {
    return // missing files are reported by whoever reads them
  }
  if ((mode & 0o077) !== 0) {
    ctx.warn(
      `${displayName} holds a private key but is accessible to group or others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${displayName}`,
    )
  }
}
