import { dirname } from 'node:path'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { RuleFlags } from './sops-common.js'

interface EncryptFlags extends RuleFlags {
  inPlace?: boolean
  output?: string
  age?: string
  config?: string
  inputType?: string
  outputType?: string
  filenameOverride?: string
  shamirSecretSharingThreshold?: string
}

/** `gitseal encrypt`: SOPS-encrypt a file for the age recipients `.sops.yaml` names. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('encrypt')
    .summary('encrypt a file in the SOPS format with age (sops-compatible)')
    .description(
      'Encrypt FILE as sops 3.13 does, for the age recipients of the first matching creation rule of the ' +
        "nearest .sops.yaml (searched from the file's directory upwards; sops searches from the current " +
        'directory), or for --age. Output goes to stdout unless -i or -o.',
    )
    .argument('[file]', 'file to encrypt (yaml, json, dotenv, ini or binary); - for stdin')
    .option('-i, --in-place', 'replace the file (atomically)')
    .option('-o, --output <file>', 'write to FILE')
    .option('-a, --age <recipients>', 'comma-separated age recipients (overrides .sops.yaml)')
    .option('--config <file>', '.sops.yaml to use (no upward search)')
    .option('--input-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--output-type <type>', 'yaml | json | dotenv | ini | binary')
    .option('--filename-override <path>', 'path used for .sops.yaml rules and type detection (stdin)')
    .option('--encrypted-regex <re>', 'encrypt only values whose key path matches')
    .option('--unencrypted-regex <re>', 'leave values whose key path matches in the clear')
    .option('--encrypted-suffix <s>', 'encrypt only keys ending with the suffix')
    .option('--unencrypted-suffix <s>', 'leave keys ending with the suffix in the clear')
    .option('--encrypted-comment-regex <re>', 'encrypt values after a matching comment')
    .option('--unencrypted-comment-regex <re>', 'leave values after a matching comment in the clear')
    .option('--mac-only-encrypted', 'compute the MAC over encrypted values only')
    .option('--shamir-secret-sharing-threshold <n>', 'key groups needed to decrypt (with several groups)')
    .action(async (file: string | undefined, flags: EncryptFlags) => {
      const { readInput } = await import('../context.js')
      const { formatOf, readIfExists, rulesFromFlags, writeResult } = await import('./sops-common.js')
      const { GitsealError } = await import('../../core/errors.js')
      const input = await readInput(ctx, file, 'file to encrypt')
      const rulePath = flags.filenameOverride !== undefined ? ctx.path(flags.filenameOverride) : input.path
      const format = await formatOf(flags.filenameOverride ?? input.path, flags.inputType)
      const outputFormat =
        flags.outputType === undefined ? undefined : await formatOf(undefined, flags.outputType)
      const { loadSopsConfig } = await import('../../sops/config-discover.js')
      const { findCreationRule, pathForRules, ruleRecipients } = await import('../../sops/config.js')
      const configPath = flags.config ?? ctx.io.env.SOPS_CONFIG
      const found = rulePath
        ? await loadSopsConfig(rulePath, {
            readFile: readIfExists,
            ...(configPath === undefined ? {} : { configPath: ctx.path(configPath) }),
          })
        : undefined
      const rule =
        found && rulePath
          ? findCreationRule(found.config, pathForRules(dirname(found.path), rulePath))
          : undefined
      const ageFlag = flags.age ?? ctx.io.env.SOPS_AGE_RECIPIENTS
      if (!rule && ageFlag === undefined) {
        throw new GitsealError(
          'E_NO_CREATION_RULE',
          found
            ? `${input.name}: no creation rule in ${found.path} matches this file`
            : `${input.name}: no .sops.yaml found (looked from ${rulePath ? dirname(rulePath) : 'stdin'} upwards) and no --age given`,
          {
            hint: found
              ? 'Add a creation_rules entry whose path_regex matches the path relative to .sops.yaml, or pass --age.'
              : 'Pass --age age1… or create a .sops.yaml with creation_rules (see gitseal init).',
          },
        )
      }
      const flagRules = rulesFromFlags(flags)
      const ruleSet = Object.keys(flagRules).some((k) => k !== 'macOnlyEncrypted')
      const rules =
        ruleSet || !rule
          ? { ...(rule?.rules.macOnlyEncrypted ? { macOnlyEncrypted: true } : {}), ...flagRules }
          : { ...rule.rules, ...flagRules }
      const keyGroups =
        ageFlag !== undefined ? [ageFlag.split(',')] : rule && found ? ruleRecipients(rule, found.path) : []
      const threshold = flags.shamirSecretSharingThreshold ?? rule?.shamirThreshold
      const { encrypt } = await import('../../sops/sops-file.js')
      const text = await encrypt(input.bytes, {
        format,
        file: input.name,
        keyGroups,
        rules,
        ...(threshold === undefined ? {} : { shamirThreshold: Number(threshold) }),
        ...(outputFormat === undefined ? {} : { outputFormat }),
      })
      await writeResult(ctx, input, text, flags)
    })
  withExamples(command, [
    'gitseal encrypt -i apps/api/overlays/prod/secret.yaml',
    'gitseal encrypt secret.yaml --age age1... --encrypted-regex "^(data|stringData)$" -o secret.enc.yaml',
  ])
}
