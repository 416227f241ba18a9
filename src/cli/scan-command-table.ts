/**
 * The command table of the script `gitseal scan` runs from (scripts/bundle.mjs puts it in
 * command-table.ts's place): bin/gitseal.js picks that script only when the first argument that
 * is not an option is `scan`, where the full table too yields just this command.
 */
import type { CommandModule } from './command-table.js'

export const COMMANDS: Record<string, () => CommandModule> = {
  scan: () => import('./commands/scan.js'),
}
