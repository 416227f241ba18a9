/**
 * `gitseal.yaml`: the one file a platform team writes — clusters (for `seal --cluster`),
 * policy rules (for `protect`) and scanner settings. Pure: text in, validated config out;
 * discovery on disk lives in `discover.ts`.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq } from 'yaml'
import type { Node } from 'yaml'
import { GitsealError } from '../core/errors.js'
import { MANIFEST_LIMITS } from '../core/manifest.js'
import { globToRegExp } from './glob.js'
import { tryGoRegExp } from '../core/go-regexp.js'
import { firstDuplicateKey } from '../core/yaml-unique.js'
import { knownPolicyBackends, policyParamsValidator } from './policy-params.js'
import { emptyConfig } from './model.js'
import type { ClusterConfig, GitsealConfig, PolicyRule, SealScope } from './model.js'

const SCOPES: readonly SealScope[] = ['strict', 'namespace-wide', 'cluster-wide']
const KNOWN_SECTIONS = new Set(['version', 'clusters', 'policy', 'scan'])

/**
 * Parse and validate `gitseal.yaml` text.
 * @throws GitsealError `E_BAD_CONFIG` naming `file:line` and what is wrong.
 */
export function parseGitsealConfig(text: string, file: string): GitsealConfig {
  if (text.length > MANIFEST_LIMITS.maxBytes) {
    throw new GitsealError('E_TOO_LARGE', `${file}: larger than ${MANIFEST_LIMITS.maxBytes} bytes`, { file })
  }
  const lines = new LineCounter()
  // uniqueKeys: false and our own linear check below (the library's is quadratic in the keys).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false })
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
  const firstError = doc.errors[0]
  if (firstError) {
    const line = firstError.linePos?.[0].line ?? 1
    throw new GitsealError(
      'E_BAD_CONFIG',
      `${file}:${line}: invalid YAML: ${firstError.message.split('\n')[0]}`,
      {
        file,
        line,
      },
    )
  }
  const duplicate = firstDuplicateKey(doc)
  if (duplicate !== undefined) fail(duplicate, 'invalid YAML: Map keys must be unique')
  const config = emptyConfig(file)
  const root = doc.contents
  if (root === null || (isScalar(root) && root.value === null)) return config
  if (!isMap(root)) return fail(root, 'expected a mapping with clusters, policy and scan sections')

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

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const value = pair.value
    if (key === 'clusters') {
      if (value === null || (isScalar(value) && value.value === null)) continue
      if (!isMap(value)) fail(value, 'clusters must map a cluster name to its settings')
      for (const cluster of (value as { items: { key: unknown; value: unknown }[] }).items) {
        const name = str(cluster.key, 'cluster name')
        if (!isMap(cluster.value)) fail(cluster.value as Node, `clusters.${name} must be a mapping`)
        const settings: ClusterConfig = { name }
        for (const field of (cluster.value as { items: { key: unknown; value: unknown }[] }).items) {
          const fieldName = isScalar(field.key) ? String(field.key.value) : ''
          const what = `clusters.${name}.${fieldName}`
          switch (fieldName) {
            case 'cert':
            case 'certFingerprint':
            case 'context':
            case 'controllerName':
            case 'controllerNamespace':
              settings[fieldName] = str(field.value, what)
              break
            case 'scope': {
              const scope = str(field.value, what)
              if (!SCOPES.includes(scope as SealScope)) {
                fail(field.value as Node, `${what} must be one of ${SCOPES.join(', ')}`)
              }
              settings.scope = scope as SealScope
              break
            }
            default:
              fail(
                field.key as Node,
                `unknown setting ${what} (known: cert, certFingerprint, context, controllerName, controllerNamespace, scope)`,
              )
          }
        }
        config.clusters.set(name, settings)
      }
    } else if (key === 'policy') {
      if (value === null || (isScalar(value) && value.value === null)) continue
      if (!isSeq(value)) fail(value, 'policy must be a list of rules')
      for (const [i, ruleNode] of (value as { items: unknown[] }).items.entries()) {
        if (!isMap(ruleNode)) fail(ruleNode as Node, `policy[${i}] must be a mapping with path and backend`)
        const map = ruleNode as { items: { key: unknown; value: unknown }[] } & Node
        const rule: PolicyRule = {
          path: '',
          regex: false,
          backend: '',
          params: {},
          line: lineOf(map),
          paramLines: {},
        }
        for (const field of map.items) {
          const fieldName = isScalar(field.key) ? String(field.key.value) : ''
          if (fieldName === 'path') rule.path = str(field.value, `policy[${i}].path`)
          else if (fieldName === 'regex') {
            if (!isScalar(field.value) || typeof field.value.value !== 'boolean') {
              fail(field.value as Node, `policy[${i}].regex must be true or false`)
            }
            rule.regex = (field.value as { value: boolean }).value
          } else if (fieldName === 'backend') rule.backend = str(field.value, `policy[${i}].backend`)
          else {
            rule.params[fieldName] = (field.value as Node | null)?.toJSON() as unknown
            rule.paramLines[fieldName] = lineOf(field.key as Node)
          }
        }
        if (!rule.path) fail(map, `policy[${i}] needs a path (glob, or regex with regex: true)`)
        if (!rule.backend) fail(map, `policy[${i}] needs a backend (sealed, sops or eso)`)
        if (rule.regex) {
          const regex = tryGoRegExp(rule.path)
          if (typeof regex === 'string')
            fail(map, `policy[${i}].path is not a valid RE2 regular expression: ${regex}`)
        } else {
          try {
            globToRegExp(rule.path)
          } catch (error) {
            fail(map, `policy[${i}].path: ${(error as Error).message}`)
          }
        }
        config.policy.push(rule)
      }
    } else if (key === 'scan') {
      if (value === null || (isScalar(value) && value.value === null)) continue
      if (!isMap(value)) fail(value, 'scan must be a mapping')
      for (const field of (value as { items: { key: unknown; value: unknown }[] }).items) {
        const fieldName = isScalar(field.key) ? String(field.key.value) : ''
        if (fieldName === 'allowlist') {
          if (!isMap(field.value)) fail(field.value as Node, 'scan.allowlist must be a mapping')
          for (const entry of (field.value as { items: { key: unknown; value: unknown }[] }).items) {
            const list = isScalar(entry.key) ? String(entry.key.value) : ''
            if (list !== 'paths' && list !== 'regexes' && list !== 'stopwords') {
              fail(entry.key as Node, `unknown scan.allowlist.${list} (known: paths, regexes, stopwords)`)
            }
            config.scan.allowlist[list as 'paths'] = strList(entry.value, `scan.allowlist.${list}`)
          }
        } else if (fieldName === 'disabledRules') {
          config.scan.disabledRules = strList(field.value, 'scan.disabledRules')
        } else if (fieldName === 'warnOnly') {
          config.scan.warnOnly = strList(field.value, 'scan.warnOnly')
        } else if (fieldName === 'rules') {
          if (!isSeq(field.value)) fail(field.value as Node, 'scan.rules must be a list of rules')
          config.scan.extraRules = (field.value as Node).toJSON() as Record<string, unknown>[]
        } else {
          fail(
            field.key as Node,
            `unknown setting scan.${fieldName} (known: allowlist, disabledRules, warnOnly, rules)`,
          )
        }
      }
    } else if (!KNOWN_SECTIONS.has(key)) {
      config.extra[key] = (value as Node | null)?.toJSON() as unknown
    }
  }
  checkPolicy(config)
  return config
}

/**
 * Rules must name a known backend with valid parameters, and none may be unreachable behind an
 * earlier rule with the same path (first match wins, so the later one would silently never apply).
 */
function checkPolicy(config: GitsealConfig): void {
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
    const validator = policyParamsValidator(rule.backend)
    if (validator === undefined) {
      fail(
        rule.line,
        `policy[${i}].backend "${rule.backend}" is unknown (known: ${knownPolicyBackends().join(', ')})`,
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
