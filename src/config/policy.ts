/**
 * Policy evaluation: which rule of `gitseal.yaml` applies to a path. Rules are tried in order and
 * the first match wins, like `.sops.yaml` creation_rules. Paths are relative to the config file's
 * directory and always use `/`.
 */
import { isAbsolute, relative, sep } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { goRegExp } from '../core/go-regexp.js'
import { globToRegExp, literalPrefix } from './glob.js'
import type { ClusterConfig, GitsealConfig, PolicyRule } from './model.js'

const compiled = new WeakMap<PolicyRule, { test(path: string): boolean }>()

function matcher(rule: PolicyRule): { test(path: string): boolean } {
  let regex = compiled.get(rule)
  if (regex === undefined) {
    // Regexes are unanchored, as sops' path_regex (and RE2 like it); globs always match the whole path.
    regex = rule.regex ? goRegExp(rule.path, 'gitseal.yaml: policy path') : globToRegExp(rule.path)
    compiled.set(rule, regex)
  }
  return regex
}

/** True when `rule` applies to the `/`-separated relative path. */
export function ruleMatches(rule: PolicyRule, relativePath: string): boolean {
  return matcher(rule).test(relativePath)
}

/** The first rule matching `relativePath`, with its index, or undefined. */
export function findRule(
  config: GitsealConfig,
  relativePath: string,
): { rule: PolicyRule; index: number } | undefined {
  const index = config.policy.findIndex((rule) => ruleMatches(rule, relativePath))
  const rule = config.policy[index]
  return rule === undefined ? undefined : { rule, index }
}

/** `file` relative to `baseDir` with `/` separators; refuses paths outside `baseDir`. */
export function policyPath(baseDir: string, file: string): string {
  const rel = relative(baseDir, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new GitsealError('E_BAD_PATH', `${file}: outside the directory of gitseal.yaml (${baseDir})`, {
      file,
      hint: 'Run gitseal on files inside the repository, or pass --config for the right gitseal.yaml.',
    })
  }
  return rel.split(sep).join('/')
}

/** Up to `count` rules "nearest" a path (longest shared literal prefix), for the hint of `E_NO_POLICY`. */
export function nearestRules(config: GitsealConfig, relativePath: string, count = 3): PolicyRule[] {
  const shared = (rule: PolicyRule): number => {
    const prefix = rule.regex
      ? rule.path.replace(/^\^/, '').replace(/[\\[(.*+?{|$].*$/, '')
      : literalPrefix(rule.path)
    let n = 0
    while (n < prefix.length && n < relativePath.length && prefix[n] === relativePath[n]) n++
    return n
  }
  return config.policy
    .map((rule, index) => ({ rule, index, score: shared(rule) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .map(({ rule }) => rule)
}

/** What `protect` needs to know: the backend and the raw parameters its `options` reads. */
export interface PolicyDecision {
  backend: string
  /** The rule's own parameters, plus `clusterConfigs` for the clusters it names (sealed). */
  params: Record<string, unknown>
  /** The rule that decided, or undefined when `--backend` decided alone. */
  rule: PolicyRule | undefined
}

/**
 * Decide how to protect `relativePath`: the first matching rule, or `override` (`--backend`).
 * With an override, a matching rule's parameters are kept only when it names the same backend.
 * @throws GitsealError `E_NO_POLICY` when nothing matches and there is no override; the hint names the nearest rules.
 */
export function decideProtection(
  config: GitsealConfig,
  relativePath: string,
  override?: string,
): PolicyDecision {
  const found = findRule(config, relativePath)
  if (override !== undefined) {
    const rule = found?.rule.backend === override ? found.rule : undefined
    return { backend: override, params: withClusters(config, rule), rule }
  }
  if (found === undefined) {
    const near = nearestRules(config, relativePath)
    const hint =
      near.length === 0
        ? `${config.file} has no policy rules: add one (path + backend), or pass --backend sealed|sops|eso.`
        : `Nearest rules: ${near.map((rule) => `${config.file}:${rule.line} ${rule.path} → ${rule.backend}`).join('; ')}. Add a rule for this path or pass --backend.`
    throw new GitsealError(
      'E_NO_POLICY',
      `${relativePath}: no policy rule in ${config.file} matches this path`,
      {
        hint,
        file: relativePath,
      },
    )
  }
  return { backend: found.rule.backend, params: withClusters(config, found.rule), rule: found.rule }
}

function withClusters(config: GitsealConfig, rule: PolicyRule | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = { ...(rule?.params ?? {}) }
  const names = [params.cluster, params.clusters]
    .flat()
    .filter((name): name is string => typeof name === 'string')
  if (names.length > 0) {
    const clusterConfigs: Record<string, ClusterConfig> = {}
    for (const name of names) {
      const cluster = config.clusters.get(name)
      if (cluster) clusterConfigs[name] = cluster
    }
    if (Object.keys(clusterConfigs).length > 0) params.clusterConfigs = clusterConfigs
  }
  return params
}
