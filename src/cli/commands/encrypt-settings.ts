/** Recipients and rules for a new SOPS file: flags first, then the matching `.sops.yaml` rule. */
import { dirname } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import type { CommandContext } from '../context.js'
import type { EncryptionRules } from '../../sops/walk.js'
import { rulesFromFlags } from './sops-common.js'
import type { RuleFlags } from './sops-common.js'

/** Flags that choose keys and rules. */
export interface KeyFlags extends RuleFlags {
  age?: string
  config?: string
  shamirSecretSharingThreshold?: string
  /** Say which `.sops.yaml` and creation rule were used. */
  verbose?: boolean
  /** `file` (default): the `.sops.yaml` nearest the file; `cwd`: as sops, from the current directory. */
  sopsConfigLookup?: string
}

/** What `encrypt` needs besides the text. */
export interface EncryptSettings {
  keyGroups: string[][]
  rules: EncryptionRules
  shamirThreshold?: number
}

/**
 * Settings for encrypting the file at `rulePath` (absolute; undefined for stdin).
 * @throws GitsealError `E_NO_CREATION_RULE` when no rule matches and no `--age` is given.
 */
export async function encryptSettings(
  ctx: CommandContext,
  name: string,
  rulePath: string | undefined,
  flags: KeyFlags,
): Promise<EncryptSettings> {
  const configPath = flags.config ?? ctx.io.env.SOPS_CONFIG
  const { reportSopsConfigChoice, sopsConfigChoice, sopsConfigLookup } =
    await import('../sops-config-choice.js')
  const lookup = sopsConfigLookup(flags.sopsConfigLookup)
  // The nearest config to the file (gitseal's choice), and the one sops would find from the cwd.
  const choice = rulePath
    ? await sopsConfigChoice(ctx, rulePath, {
        lookup,
        ...(configPath === undefined ? {} : { configPath: ctx.path(configPath) }),
      })
    : undefined
  const found = choice?.found
  const rule = choice?.rule
  const ageGiven = (flags.age ?? ctx.io.env.SOPS_AGE_RECIPIENTS) !== undefined
  if (!ageGiven) {
    if (choice) reportSopsConfigChoice(ctx, name, choice, { verbose: flags.verbose, lookup })
    else if (flags.verbose) ctx.info(`${name}: using no .sops.yaml`)
  }
  const ageFlag = flags.age ?? ctx.io.env.SOPS_AGE_RECIPIENTS
  if (!rule && ageFlag === undefined) {
    throw new GitsealError(
      'E_NO_CREATION_RULE',
      found
        ? `${name}: no creation rule in ${found.path} matches this file`
        : `${name}: no .sops.yaml found (looked from ${rulePath ? dirname(rulePath) : 'stdin'} upwards) and no --age given`,
      {
        hint: found
          ? 'Add a creation_rules entry whose path_regex matches the path relative to .sops.yaml, or pass --age.'
          : 'Pass --age age1… or create a .sops.yaml with creation_rules (see gitseal init).',
      },
    )
  }
  const flagRules = rulesFromFlags(flags)
  // A rule given on the command line replaces the config's rule (sops: flags override).
  const ruleSet = Object.keys(flagRules).some((k) => k !== 'macOnlyEncrypted')
  const rules =
    ruleSet || !rule
      ? { ...(rule?.rules.macOnlyEncrypted ? { macOnlyEncrypted: true } : {}), ...flagRules }
      : { ...rule.rules, ...flagRules }
  const { ruleRecipients } = await import('../../sops/config.js')
  const keyGroups =
    ageFlag !== undefined ? [ageFlag.split(',')] : rule && found ? ruleRecipients(rule, found.path) : []
  const threshold = flags.shamirSecretSharingThreshold ?? rule?.shamirThreshold
  return { keyGroups, rules, ...(threshold === undefined ? {} : { shamirThreshold: Number(threshold) }) }
}
