/**
 * What the SOPS commands share: identities from the environment, formats, `.sops.yaml` lookup,
 * encryption-rule flags and in-place/`-o` output. Loaded only by those commands.
 */
import { execFile } from 'node:child_process'
import { homedir } from 'node:os'
import { dirname } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import type { CommandContext, Input } from '../context.js'
import { writeOutput } from '../context.js'
import { readTextIfExists } from '../../io/bounded-read.js'
import type { LoadedIdentities } from '../../sops/identities.js'
import type { SopsFormat } from '../../sops/stores/index.js'
import type { EncryptionRules } from '../../sops/walk.js'

/** Every age identity the environment offers (SOPS_AGE_KEY*, keys.txt, ssh keys). */
export async function identitiesFor(ctx: CommandContext): Promise<LoadedIdentities> {
  const { loadAgeIdentities } = await import('../../sops/identities.js')
  const { warnIfKeyFileExposed } = await import('../key-file-mode.js')
  const env = ctx.io.env
  return loadAgeIdentities({
    env,
    home: env.HOME ?? env.USERPROFILE ?? homedir(),
    platform: process.platform,
    // Every file this loader reads is an identity file (keys.txt, SOPS_AGE_KEY_FILE, ssh keys).
    readFile: async (path) => {
      const text = await readTextIfExists(path)
      if (text !== undefined) await warnIfKeyFileExposed(ctx, path)
      return text
    },
    runCommand: (command) =>
      new Promise((resolve, reject) => {
        execFile(
          '/bin/sh',
          ['-c', command],
          { env: { ...env }, cwd: ctx.io.cwd, maxBuffer: 1 << 20 },
          (error, stdout) => {
            if (error) reject(new Error(error.message))
            else resolve(stdout)
          },
        )
      }),
  })
}

/**
 * The format of a file: `--input-type`/`--output-type` when given, else from its name.
 * @throws GitsealError `E_UNKNOWN_FORMAT` for an unknown type name.
 */
export async function formatOf(path: string | undefined, flag: string | undefined): Promise<SopsFormat> {
  const { formatForPath, storeFor } = await import('../../sops/stores/index.js')
  if (flag !== undefined) return storeFor(flag).format
  return path === undefined ? 'yaml' : formatForPath(path)
}

/** Options for the encryption-rule flags of `encrypt`. */
export interface RuleFlags {
  encryptedRegex?: string
  unencryptedRegex?: string
  encryptedSuffix?: string
  unencryptedSuffix?: string
  encryptedCommentRegex?: string
  unencryptedCommentRegex?: string
  macOnlyEncrypted?: boolean
}

/** The rules given on the command line (empty when none). */
export function rulesFromFlags(flags: RuleFlags): EncryptionRules {
  const rules: EncryptionRules = {}
  for (const key of [
    'encryptedRegex',
    'unencryptedRegex',
    'encryptedSuffix',
    'unencryptedSuffix',
    'encryptedCommentRegex',
    'unencryptedCommentRegex',
  ] as const) {
    const value = flags[key]
    if (value !== undefined) rules[key] = value
  }
  if (flags.macOnlyEncrypted) rules.macOnlyEncrypted = true
  return rules
}

/** Write a result: back into the input file (`-i`, atomic), to `-o FILE`, or to stdout; `secret` for plaintext. */
export async function writeResult(
  ctx: CommandContext,
  input: Input,
  text: string | Uint8Array,
  options: { inPlace?: boolean; output?: string; secret?: boolean },
): Promise<void> {
  if (options.inPlace) {
    if (input.path === undefined) {
      throw new GitsealError('E_USAGE', '--in-place needs a FILE, not stdin')
    }
    const { writeFileAtomic } = await import('../../io/atomic-write.js')
    await writeFileAtomic(input.path, text, {
      secret: options.secret === true,
      followSymlink: true,
      warn: (message) => ctx.warn(message),
    })
    return
  }
  await writeOutput(ctx, options.output, text, { secret: options.secret === true })
}

/** The directory `.sops.yaml` discovery starts from for `path`. */
export function startDir(path: string): string {
  return dirname(path)
}
