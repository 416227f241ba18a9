/**
 * Every command of the CLI, each module imported only when needed. scripts/bundle.mjs gives
 * `gitseal scan` a script of its own built with scan-command-table.ts in this module's place.
 */
import type { Command } from 'commander'
import type { CommandContext } from './context.js'

/** A command module: defines one command's flags and a lazily loading action. */
export type CommandModule = Promise<{ register: (program: Command, ctx: CommandContext) => void }>

/** Commands in the order `gitseal --help` lists them; each module is imported only when needed. */
export const COMMANDS: Record<string, () => CommandModule> = {
  seal: () => import('./commands/seal.js'),
  unseal: () => import('./commands/unseal.js'),
  reseal: () => import('./commands/reseal.js'),
  validate: () => import('./commands/validate.js'),
  cert: () => import('./commands/cert.js'),
  keygen: () => import('./commands/keygen.js'),
  encrypt: () => import('./commands/encrypt.js'),
  decrypt: () => import('./commands/decrypt.js'),
  edit: () => import('./commands/edit.js'),
  rotate: () => import('./commands/rotate.js'),
  updatekeys: () => import('./commands/updatekeys.js'),
  set: () => import('./commands/set.js'),
  unset: () => import('./commands/unset.js'),
  'exec-env': () => import('./commands/exec-env.js'),
  'exec-file': () => import('./commands/exec-file.js'),
  eso: () => import('./commands/eso.js'),
  protect: () => import('./commands/protect.js'),
  scan: () => import('./commands/scan.js'),
  hook: () => import('./commands/hook.js'),
  init: () => import('./commands/init.js'),
  status: () => import('./commands/status.js'),
  new: () => import('./commands/new.js'),
  convert: () => import('./commands/convert.js'),
  'merge-driver': () => import('./commands/merge-driver.js'),
}
