/**
 * Per-backend checks of policy rule parameters: the hook that lets `gitseal.yaml` name a
 * backend's settings and still get `file:line` errors for typos. The three built-in backends'
 * parameters are declared here as data; a third-party backend registers its own validator.
 */
import { tryGoRegExp } from '../core/go-regexp.js'

/** What a validator may look at besides the rule's own parameters. */
export interface ParamCheckContext {
  /** Cluster names declared under `clusters:`. */
  clusters: ReadonlySet<string>
}

/** One problem with a rule's parameters: the key it is about and what is wrong. */
export interface ParamProblem {
  key: string
  message: string
  /** `E_UNKNOWN_CLUSTER` for references to undeclared clusters; `E_BAD_CONFIG` otherwise. */
  code?: 'E_BAD_CONFIG' | 'E_UNKNOWN_CLUSTER'
}

/** Checks a rule's parameters; returns every problem (empty when fine). Must not throw. */
export type ParamValidator = (
  params: Readonly<Record<string, unknown>>,
  context: ParamCheckContext,
) => ParamProblem[]

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

const sealedParams = declareParams(
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
const sopsParams = declareParams({
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
const esoParams = declareParams({
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

const validators = new Map<string, ParamValidator>([
  ['sealed', sealedParams],
  ['sops', sopsParams],
  ['eso', esoParams],
])

/** Declare (or replace) the parameter validator for `backend`, making it a known backend name in `gitseal.yaml`. */
export function registerPolicyParams(backend: string, validator: ParamValidator): void {
  validators.set(backend, validator)
}

/** The validator for `backend`, or undefined for an unknown backend. */
export function policyParamsValidator(backend: string): ParamValidator | undefined {
  return validators.get(backend)
}

/** Backend names a policy rule may use. */
export function knownPolicyBackends(): string[] {
  return [...validators.keys()]
}
