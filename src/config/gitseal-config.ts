/**
 * `gitseal.yaml`: the one file a platform team writes — clusters (for `seal --cluster`),
 * policy rules (for `protect`) and scanner settings. Pure: text in, validated config out;
 * discovery on disk lives in `discover.ts`.
 */
import { LineCounter, isMap, isScalar, isSeq } from 'yaml'
import type { Node } from 'yaml'
import { GitsealError } from '../core/errors.js'
import { MAX_CONFIG_BYTES, MAX_POLICY_RULES } from '../core/config-limits.js'
import { globToRegExp } from './glob.js'
import { tryGoRegExp } from '../core/go-regexp.js'
import { firstDuplicateKey } from '../core/yaml-unique.js'
import { yamlErrorText } from '../core/yaml-error.js'
import { TOO_DEEP_TEXT, parseDocumentBounded } from '../core/yaml-depth.js'
import { refuseCostlyYaml } from '../core/yaml-tokens.js'
import { BUILTIN_POLICY_BACKENDS } from './policy-params.js'
import type { PolicyBackends } from './policy-params.js'
import { emptyConfig } from './model.js'
import type { ClusterConfig, GitsealConfig, PolicyRule, SealScope } from './model.js'

const SCOPES: readonly SealScope[] = ['strict', 'namespace-wide', 'cluster-wide']
const KNOWN_SECTIONS = new Set(['version', 'clusters', 'policy', 'scan'])

type YamlMap = { items: { key: unknown; value: unknown }[] } & Node

/** Line lookup and typed readers over one document; every failure names `file:line`. */
interface Reader {
  lineOf(node: Node | null | undefined): number
  fail(node: Node | null | undefined, what: string): never
  str(node: unknown, what: string): string
  strList(node: unknown, what: string): string[]
}

function readerFor(file: string, lines: LineCounter): Reader {
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1
  const fail = (node: Node | null | undefined, what: string): never => {
    const line = lineOf(node)
    throw new GitsealError('E_BAD_CONFIG', `${file}:${line}: ${what}`, {
      file,
      line,
      hint: 'see "gitseal.yaml" in the README for the format',
    })
  }
  const str = (node: unknown, what: string): string => {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') {
      return fail(node as Node, `${what} must be a non-empty string`)
    }
    return node.value
  }
  const strList = (node: unknown, what: string): string[] => {
    if (node === undefined || node === null) return []
    if (!isSeq(node)) return fail(node as Node, `${what} must be a list of strings`)
    return node.items.map((item, i) => str(item, `${what}[${i}]`))
  }
  return { lineOf, fail, str, strList }
}

const keyName = (key: unknown): string => (isScalar(key) ? String(key.value) : '')
const isEmpty = (value: unknown): boolean => value === null || (isScalar(value) && value.value === null)

/**
 * Parse and validate `gitseal.yaml` text. Policy rules may name the backends of `backends` (the
 * built-in ones unless the caller gives its own) and each rule's parameters must pass that backend's check.
 * @throws GitsealError `E_BAD_CONFIG` naming `file:line` and what is wrong.
 */
export function parseGitsealConfig(
  text: string,
  file: string,
  backends: PolicyBackends = BUILTIN_POLICY_BACKENDS,
): GitsealConfig {
  if (text.length > MAX_CONFIG_BYTES) {
    throw new GitsealError('E_TOO_LARGE', `${file}: larger than ${MAX_CONFIG_BYTES} bytes`, {
      file,
      hint: 'A gitseal.yaml is a few KiB: check that this file is the configuration.',
    })
  }
  refuseCostlyYaml(text, file)
  const lines = new LineCounter()
  // uniqueKeys: false and our own linear check below (the library's is quadratic in the keys).
  const doc = parseDocumentBounded(text, { lineCounter: lines, uniqueKeys: false })
  if (doc === undefined) {
    throw new GitsealError('E_BAD_CONFIG', `${file}: invalid YAML: ${TOO_DEEP_TEXT}`, { file })
  }
  const reader = readerFor(file, lines)
  const firstError = doc.errors[0]
  if (firstError) {
    const line = firstError.linePos?.[0].line ?? 1
    throw new GitsealError('E_BAD_CONFIG', `${file}:${line}: invalid YAML: ${yamlErrorText(firstError)}`, {
      file,
      line,
    })
  }
  const duplicate = firstDuplicateKey(doc)
  if (duplicate !== undefined) reader.fail(duplicate, 'invalid YAML: Map keys must be unique')
  const config = emptyConfig(file)
  const root = doc.contents
  if (root === null || (isScalar(root) && root.value === null)) return config
  if (!isMap(root)) return reader.fail(root, 'expected a mapping with clusters, policy and scan sections')

  for (const pair of root.items) {
    const key = keyName(pair.key)
    const value = pair.value
    if (KNOWN_SECTIONS.has(key) && isEmpty(value)) continue
    if (key === 'clusters') parseClusters(value, reader, config)
    else if (key === 'policy') parsePolicy(value, reader, config)
    else if (key === 'scan') parseScan(value, reader, config)
    else if (!KNOWN_SECTIONS.has(key)) config.extra[key] = (value as Node | null)?.toJSON() as unknown
  }
  checkPolicy(config, backends)
  return config
}

/** `clusters:` — a cluster name to its settings. */
function parseClusters(value: unknown, r: Reader, config: GitsealConfig): void {
  if (!isMap(value)) r.fail(value as Node, 'clusters must map a cluster name to its settings')
  for (const cluster of (value as YamlMap).items) {
    const name = r.str(cluster.key, 'cluster name')
    if (!isMap(cluster.value)) r.fail(cluster.value as Node, `clusters.${name} must be a mapping`)
    const settings: ClusterConfig = { name }
    for (const field of (cluster.value as YamlMap).items) {
      const fieldName = keyName(field.key)
      const what = `clusters.${name}.${fieldName}`
      switch (fieldName) {
        case 'cert':
        case 'certFingerprint':
        case 'context':
        case 'controllerName':
        case 'controllerNamespace':
          settings[fieldName] = r.str(field.value, what)
          break
        case 'scope': {
          const scope = r.str(field.value, what)
          if (!SCOPES.includes(scope as SealScope)) {
            r.fail(field.value as Node, `${what} must be one of ${SCOPES.join(', ')}`)
          }
          settings.scope = scope as SealScope
          break
        }
        default:
          r.fail(
            field.key as Node,
            `unknown setting ${what} (known: cert, certFingerprint, context, controllerName, controllerNamespace, scope)`,
          )
      }
    }
    config.clusters.set(name, settings)
  }
}

/** `policy:` — an ordered list of path → backend rules. */
function parsePolicy(value: unknown, r: Reader, config: GitsealConfig): void {
  if (!isSeq(value)) r.fail(value as Node, 'policy must be a list of rules')
  const count = (value as { items: unknown[] }).items.length
  if (count > MAX_POLICY_RULES)
    r.fail(value, `policy: ${count} rules; at most ${MAX_POLICY_RULES} (every file is matched against each)`)
  for (const [i, ruleNode] of (value as { items: unknown[] }).items.entries()) {
    if (!isMap(ruleNode)) r.fail(ruleNode as Node, `policy[${i}] must be a mapping with path and backend`)
    config.policy.push(parseRule(ruleNode, i, r))
  }
}

function parseRule(map: YamlMap, i: number, r: Reader): PolicyRule {
  const rule: PolicyRule = {
    path: '',
    regex: false,
    backend: '',
    params: {},
    line: r.lineOf(map),
    paramLines: {},
  }
  for (const field of map.items) {
    const fieldName = keyName(field.key)
    if (fieldName === 'path') rule.path = r.str(field.value, `policy[${i}].path`)
    else if (fieldName === 'regex') {
      if (!isScalar(field.value) || typeof field.value.value !== 'boolean') {
        r.fail(field.value as Node, `policy[${i}].regex must be true or false`)
      }
      rule.regex = (field.value as { value: boolean }).value
    } else if (fieldName === 'backend') rule.backend = r.str(field.value, `policy[${i}].backend`)
    else {
      rule.params[fieldName] = (field.value as Node | null)?.toJSON() as unknown
      rule.paramLines[fieldName] = r.lineOf(field.key as Node)
    }
  }
  if (!rule.path) r.fail(map, `policy[${i}] needs a path (glob, or regex with regex: true)`)
  if (!rule.backend) r.fail(map, `policy[${i}] needs a backend (sealed, sops or eso)`)
  if (rule.regex) {
    const regex = tryGoRegExp(rule.path)
    if (typeof regex === 'string')
      r.fail(map, `policy[${i}].path is not a valid RE2 regular expression: ${regex}`)
  } else {
    try {
      globToRegExp(rule.path)
    } catch (error) {
      r.fail(map, `policy[${i}].path: ${(error as Error).message}`)
    }
  }
  return rule
}

/** `scan:` — allowlists, disabled rules and extra rules for the scanner. */
function parseScan(value: unknown, r: Reader, config: GitsealConfig): void {
  if (!isMap(value)) r.fail(value as Node, 'scan must be a mapping')
  for (const field of (value as YamlMap).items) {
    const fieldName = keyName(field.key)
    if (fieldName === 'allowlist') {
      if (!isMap(field.value)) r.fail(field.value as Node, 'scan.allowlist must be a mapping')
      for (const entry of (field.value as YamlMap).items) {
        const list = keyName(entry.key)
        if (list !== 'paths' && list !== 'regexes' && list !== 'stopwords') {
          r.fail(entry.key as Node, `unknown scan.allowlist.${list} (known: paths, regexes, stopwords)`)
        }
        config.scan.allowlist[list as 'paths'] = r.strList(entry.value, `scan.allowlist.${list}`)
      }
    } else if (fieldName === 'disabledRules') {
      config.scan.disabledRules = r.strList(field.value, 'scan.disabledRules')
    } else if (fieldName === 'warnOnly') {
      config.scan.warnOnly = r.strList(field.value, 'scan.warnOnly')
    } else if (fieldName === 'rules') {
      if (!isSeq(field.value)) r.fail(field.value as Node, 'scan.rules must be a list of rules')
      config.scan.extraRules = (field.value as Node).toJSON() as Record<string, unknown>[]
    } else {
      r.fail(
        field.key as Node,
        `unknown setting scan.${fieldName} (known: allowlist, disabledRules, warnOnly, rules)`,
      )
    }
  }
}

/**
 * Rules must name a known backend with valid parameters, and none may be unreachable behind an
 * earlier rule with the same path (first match wins, so the later one would silently never apply).
 */
function checkPolicy(config: GitsealConfig, backends: PolicyBackends): void {
  const { file } = config
  const fail = (
    line: number,
    what: string,
    code: 'E_BAD_CONFIG' | 'E_UNKNOWN_CLUSTER' = 'E_BAD_CONFIG',
  ): never => {
    throw new GitsealError(code, `${file}:${line}: ${what}`, {
      file,
      line,
      hint:
        code === 'E_UNKNOWN_CLUSTER'
          ? 'Declare the cluster under clusters:, or fix the name in the rule.'
          : 'see "gitseal.yaml" in the README for the format',
    })
  }
  const clusters = new Set(config.clusters.keys())
  config.policy.forEach((rule, i) => {
    const validator = backends.get(rule.backend)
    if (validator === undefined) {
      fail(
        rule.line,
        `policy[${i}].backend "${rule.backend}" is unknown (known: ${[...backends.keys()].join(', ')})`,
      )
    }
    const problem = validator?.(rule.params, { clusters })[0]
    if (problem)
      fail(
        rule.paramLines[problem.key] ?? rule.line,
        `policy[${i}]${problem.message.startsWith(problem.key) ? '.' : ': '}${problem.message}`,
        problem.code,
      )
    const earlier = config.policy
      .slice(0, i)
      .findIndex((other) => (other.path === rule.path && other.regex === rule.regex) || isCatchAll(other))
    if (earlier >= 0) {
      const other = config.policy[earlier]
      fail(
        rule.line,
        `policy[${i}] can never apply: policy[${earlier}] (line ${other?.line ?? 0}) matches every path it matches first`,
      )
    }
  })
}

function isCatchAll(rule: PolicyRule): boolean {
  return rule.regex ? rule.path === '.*' || rule.path === '' : rule.path === '**' || rule.path === '**/*'
}
