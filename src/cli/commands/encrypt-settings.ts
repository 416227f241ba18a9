/** Recipients and rules for a new SOPS file: flags first, then the matching `.sops.yaml` rule. */
import { dirname, join, relative } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import type { CommandContext } from '../context.js'
import type { EncryptionRules } from '../../sops/walk.js'
import { readIfExists, rulesFromFlags } from './sops-common.js'
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
  const { loadSopsConfig } = await import('../../sops/config-discover.js')
  const { findCreationRule, pathForRules, ruleRecipients } = await import('../../sops/config.js')
  const configPath = flags.config ?? ctx.io.env.SOPS_CONFIG
  const lookup = flags.sopsConfigLookup ?? 'file'
  if (lookup !== 'file' && lookup !== 'cwd') {
    throw new GitsealError('E_USAGE', `--sops-config-lookup must be file or cwd, not ${lookup}`)
  }
  type Found = Awaited<ReturnType<typeof loadSopsConfig>>
  const ruleIn = (config: Found) =>
    config && rulePath
      ? findCreationRule(config.config, pathForRules(dirname(config.path), rulePath))
      : undefined
  // The nearest config to the file (gitseal's choice), and the one sops would find from the cwd.
  const near = rulePath
    ? await loadSopsConfig(rulePath, {
        readFile: readIfExists,
        ...(configPath === undefined ? {} : { configPath: ctx.path(configPath) }),
      })
    : undefined
  const fromCwd =
    rulePath && configPath === undefined
      ? await loadSopsConfig(join(ctx.io.cwd, '.sops.yaml'), { readFile: readIfExists })
      : undefined
  const found = lookup === 'cwd' && configPath === undefined ? fromCwd : near
  const rule = ruleIn(found)
  const describe = (config: Found, chosen: ReturnType<typeof ruleIn>): string =>
    config === undefined
      ? 'no .sops.yaml'
      : `${relative(ctx.io.cwd, config.path) || config.path} ${chosen === undefined ? '(no matching rule)' : `creation_rules[${String(chosen.index)}]`}`
  const ageGiven = (flags.age ?? ctx.io.env.SOPS_AGE_RECIPIENTS) !== undefined
  if (flags.verbose && !ageGiven) ctx.info(`${name}: using ${describe(found, rule)}`)
  if (rulePath && configPath === undefined && !ageGiven) {
    const other = lookup === 'cwd' ? near : fromCwd
    const otherRule = ruleIn(other)
    if (other?.path !== found?.path || otherRule?.index !== rule?.index) {
      ctx.warn(
        lookup === 'cwd'
          ? `${name}: used ${describe(found, rule)} (found from the current directory, as sops); the nearest to the file is ${describe(other, otherRule)}`
          : `${name}: used ${describe(found, rule)} (nearest the file); sops run from this directory would use ${describe(other, otherRule)}. Pass --sops-config-lookup cwd for sops' choice, or --config to name one`,
      )
    }
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
  const keyGroups =
    ageFlag !== undefined ? [ageFlag.split(',')] : rule && found ? ruleRecipients(rule, found.path) : []
  const threshold = flags.shamirSecretSharingThreshold ?? rule?.shamirThreshold
  return { keyGroups, rules, ...(threshold === undefined ? {} : { shamirThreshold: Number(threshold) }) }
}
