/**
 * `gitseal.yaml`: parsing, discovery on disk and policy evaluation. Most users only need
 * {@link loadGitsealConfig} and {@link decideProtection}.
 */
export { parseGitsealConfig } from './gitseal-config.js'
export { CONFIG_FILE_NAME, emptyConfig } from './model.js'
export type { ClusterConfig, GitsealConfig, PolicyRule, ScanConfig, SealScope } from './model.js'
export { findConfigFile, loadGitsealConfig } from './discover.js'
export type { LoadedConfig } from './discover.js'
export { globToRegExp } from './glob.js'
export type { GoMatch, GoRegExp } from '../core/go-regexp.js'
export { decideProtection, findRule, nearestRules, policyPath, ruleMatches } from './policy.js'
export type { PolicyDecision } from './policy.js'
export { BUILTIN_POLICY_BACKENDS, declareParams, policyBackendsOf } from './policy-params.js'
export type {
  Check,
  ParamCheckContext,
  ParamProblem,
  ParamValidator,
  PolicyBackends,
} from './policy-params.js'
export { detectEnvironments } from './environments.js'
export type { RepoEnvironments } from './environments.js'
export { renderGitsealConfig, renderSopsConfig, renderAgeKeyFile, ciSnippets } from './init-files.js'
export type { EnvironmentPlan } from './init-files.js'
export { sopsAgeKeysPath } from './age-key-path.js'
export { newAgeKeyFile, recipientOfKeyFile } from './age-key.js'
