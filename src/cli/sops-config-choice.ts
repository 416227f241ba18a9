/**
 * Which `.sops.yaml` and creation rule applies to a file. gitseal takes the config nearest the file;
 * sops takes the one found from the current directory upwards. Both are looked up so every
 * encrypting command can say which it used (`--verbose`) and warn when sops would choose otherwise.
 */
import { dirname, join, relative } from 'node:path'
import { GitsealError } from '../core/errors.js'
import type { CommandContext } from './context.js'
import type { CreationRule, SopsConfig } from '../sops/config.js'

/**
 * The `--sops-config-lookup` value of every encrypting command: `file` (default, the `.sops.yaml`
 * nearest the file) or `cwd` (sops' own lookup, from the current directory upwards).
 * @throws GitsealError `E_USAGE` for any other value.
 */
export function sopsConfigLookup(value: string | undefined): 'file' | 'cwd' {
  const lookup = value ?? 'file'
  if (lookup !== 'file' && lookup !== 'cwd') {
    throw new GitsealError('E_USAGE', `--sops-config-lookup must be file or cwd, not ${lookup}`)
  }
  return lookup
}

/** A config file found, with its parsed content. */
export type FoundSopsConfig = { config: SopsConfig; path: string } | undefined

/** The config and rule used for a file, and the ones the other lookup would give. */
export interface SopsConfigChoice {
  found: FoundSopsConfig
  rule: CreationRule | undefined
  /** The other lookup's config and rule (sops' when gitseal's is used, and the reverse). */
  other: FoundSopsConfig
  otherRule: CreationRule | undefined
  /** Whether the other lookup was made (not when a config file is named). */
  compared: boolean
}

/**
 * Look up the config for `rulePath` (absolute) both ways; `lookup` picks the one used: `file`
 * (nearest the file, gitseal's default) or `cwd` (as sops). With `configPath` only that file is read.
 * @throws GitsealError `E_BAD_CONFIG` for an invalid config, `E_NOT_FOUND` for a missing `configPath`.
 */
export async function sopsConfigChoice(
  ctx: CommandContext,
  rulePath: string,
  options: { configPath?: string; lookup: 'file' | 'cwd' },
): Promise<SopsConfigChoice> {
  const [{ loadSopsConfig }, { findCreationRule, pathForRules }, { readTextIfExists }] = await Promise.all([
    import('../sops/config-discover.js'),
    import('../sops/config.js'),
    import('../io/bounded-read.js'),
  ])
  const ruleIn = (config: FoundSopsConfig) =>
    config && findCreationRule(config.config, pathForRules(dirname(config.path), rulePath))
  const near = await loadSopsConfig(rulePath, {
    readFile: readTextIfExists,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
  })
  if (options.configPath !== undefined)
    return { found: near, rule: ruleIn(near), other: undefined, otherRule: undefined, compared: false }
  const fromCwd = await loadSopsConfig(join(ctx.io.cwd, '.sops.yaml'), { readFile: readTextIfExists })
  const [found, other] = options.lookup === 'cwd' ? [fromCwd, near] : [near, fromCwd]
  return { found, rule: ruleIn(found), other, otherRule: ruleIn(other), compared: true }
}

/** `path creation_rules[i]`, relative to the current directory, for messages. */
function describeSopsConfig(
  ctx: CommandContext,
  config: FoundSopsConfig,
  rule: CreationRule | undefined,
): string {
  if (config === undefined) return 'no .sops.yaml'
  const where = relative(ctx.io.cwd, config.path) || config.path
  return `${where} ${rule === undefined ? '(no matching rule)' : `creation_rules[${String(rule.index)}]`}`
}

/**
 * Say which config and rule `name` used (with `verbose`), and warn on stderr when the other lookup
 * (sops' own, by default) would pick a different config or rule: the same file would then get other
 * recipients from sops without a word.
 */
export function reportSopsConfigChoice(
  ctx: CommandContext,
  name: string,
  choice: SopsConfigChoice,
  options: { verbose?: boolean | undefined; lookup: 'file' | 'cwd'; configNamesSopsYaml?: boolean },
): void {
  const used = describeSopsConfig(ctx, choice.found, choice.rule)
  if (options.verbose === true) ctx.info(`${name}: using ${used}`)
  if (!choice.compared) return
  if (choice.other?.path === choice.found?.path && choice.otherRule?.index === choice.rule?.index) return
  const other = describeSopsConfig(ctx, choice.other, choice.otherRule)
  // `encrypt --config` names a .sops.yaml; the workflow commands' --config names a gitseal.yaml.
  const hint =
    options.configNamesSopsYaml === false
      ? "Pass --sops-config-lookup cwd for sops' choice, or name age recipients in the gitseal.yaml rule"
      : "Pass --sops-config-lookup cwd for sops' choice, or --config to name one"
  ctx.warn(
    options.lookup === 'cwd'
      ? `${name}: used ${used} (found from the current directory, as sops); the nearest to the file is ${other}`
      : `${name}: used ${used} (nearest the file); sops run from this directory would use ${other}. ${hint}`,
  )
}
