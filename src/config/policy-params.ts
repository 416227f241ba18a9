/**
 * Per-backend checks of policy rule parameters: what lets `gitseal.yaml` name a backend's
 * settings and still get `file:line` errors for typos. The three built-in backends' parameters are
 * declared here as data (each backend value carries its own as `Backend.params`); which backends a
 * config may name is the caller's choice ({@link PolicyBackends}), never a global registry.
 */
import { tryGoRegExp } from '../core/go-regexp.js'
import type { AnyBackend, ParamCheckContext, ParamProblem, ParamValidator } from '../core/backend.js'

export type { ParamCheckContext, ParamProblem, ParamValidator } from '../core/backend.js'

/** One parameter check: a problem message, or undefined when the value is fine. */
export type Check = (value: unknown) => string | undefined

const isString: Check = (value) =>
  typeof value === 'string' && value !== '' ? undefined : 'must be a non-empty string'
const isStringList: Check = (value) =>
  (typeof value === 'string' && value !== '') ||
  (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== ''))
    ? undefined
    : 'must be a string or a non-empty list of strings'
const oneOf =
  (...choices: string[]): Check =>
  (value) =>
    typeof value === 'string' && choices.includes(value) ? undefined : `must be one of ${choices.join(', ')}`
const isRegex: Check = (value) => {
  if (typeof value !== 'string') return 'must be a regular expression (a string)'
  const regex = tryGoRegExp(value)
  return typeof regex === 'string' ? `is not a valid RE2 regular expression: ${regex}` : undefined
}

/** A validator from a table of known keys and their checks; unknown keys are typos. */
export function declareParams(
  known: Readonly<Record<string, Check>>,
  extra?: (params: Readonly<Record<string, unknown>>, context: ParamCheckContext) => ParamProblem[],
): ParamValidator {
  return (params, context) => {
    const problems: ParamProblem[] = []
    for (const [key, value] of Object.entries(params)) {
      const check = known[key]
      if (check === undefined) {
        problems.push({ key, message: `unknown setting "${key}" (known: ${Object.keys(known).join(', ')})` })
        continue
      }
      const reason = check(value)
      if (reason !== undefined) problems.push({ key, message: `${key} ${reason}` })
    }
    return [...problems, ...(extra?.(params, context) ?? [])]
  }
}

const isBoolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false')

/** The sealed backend's parameters (src/sealed/backend.ts). */
export const sealedParams = declareParams(
  {
    cluster: isString,
    clusters: isStringList,
    scope: oneOf('strict', 'namespace-wide', 'cluster-wide'),
    cert: isString,
    namespace: isString,
    allowExpired: isBoolean,
  },
  (params, context) => {
    const names = [params.cluster, params.clusters]
      .flat()
      .filter((name): name is string => typeof name === 'string')
    return names
      .filter((name) => !context.clusters.has(name))
      .map((name) => ({
        key: params.cluster === name ? 'cluster' : 'clusters',
        message: `unknown cluster "${name}" (declared: ${[...context.clusters].join(', ') || 'none'})`,
        code: 'E_UNKNOWN_CLUSTER' as const,
      }))
  },
)

// The sops backend's parameters (src/sops/backend.ts); `age` is an alias of `recipients`. With none
// of recipients/age/keyGroups the `.sops.yaml` creation rule for the file decides.
export const sopsParams = declareParams({
  recipients: isStringList,
  age: isStringList,
  keyGroups: (value) =>
    Array.isArray(value) && value.length > 0 && value.every((group) => isStringList(group) === undefined)
      ? undefined
      : 'must be a list of recipient lists',
  shamirThreshold: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value > 0
      ? undefined
      : 'must be a positive integer',
  encryptedRegex: isRegex,
  macOnlyEncrypted: (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
})

const isStringMap: Check = (value) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((item) => typeof item === 'string')
    ? undefined
    : 'must be a mapping of strings'

// The eso backend's parameters (src/eso/backend.ts); `push: true` sends values to AWS on protect.
export const esoParams = declareParams({
  store: isString,
  storeKind: oneOf('SecretStore', 'ClusterSecretStore'),
  apiVersion: oneOf('v1', 'v1beta1'),
  refreshInterval: isString,
  creationPolicy: oneOf('Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'),
  nullBytePolicy: oneOf('Ignore', 'Fail'),
  deletionPolicy: oneOf('Retain', 'Delete', 'Merge'),
  keyTemplate: isString,
  prefix: isString,
  namespace: isString,
  perKey: isBoolean,
  extract: isBoolean,
  push: isBoolean,
  region: isString,
  endpoint: isString,
  profile: isString,
  kmsKeyId: isString,
  tags: isStringMap,
  forPushSecret: isBoolean,
})

/** The backends a `gitseal.yaml` policy may name, each with its parameter check. */
export type PolicyBackends = ReadonlyMap<string, ParamValidator>

const noParams = declareParams({})

/** The backends `backends` lets a policy name: a backend without `params` takes no parameters. */
export function policyBackendsOf(backends: Iterable<AnyBackend>): PolicyBackends {
  return new Map([...backends].map((backend) => [backend.name, backend.params ?? noParams]))
}

/** The built-in backends' checks, without loading the backends (start-up stays lean). */
export const BUILTIN_POLICY_BACKENDS: PolicyBackends = new Map([
  ['sealed', sealedParams],
  ['sops', sopsParams],
  ['eso', esoParams],
])
