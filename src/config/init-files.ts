/**
 * The files `gitseal init` writes, rendered from the answers: `gitseal.yaml`, `.sops.yaml`, an age
 * key file in age-keygen's format, and CI snippets for the scan gate. Pure: answers in, text out.
 */
import { Document } from 'yaml'
import { YAML_OUTPUT } from '../core/manifest.js'
import type { RepoEnvironments } from './environments.js'

/** What `init` decided for one environment (or the whole repository when no environment was found). */
export interface EnvironmentPlan {
  /** Environment name; undefined for the whole repository. */
  name: string | undefined
  backend: string
  /** Sealed: the cluster's cert (PEM path relative to the repo, or URL). */
  cert?: string
  /** SOPS: age recipients. */
  recipients?: string[]
  /** ESO: store name. */
  store?: string
}

/** Globs of the files of one environment, per the detected environments. */
export function environmentGlobs(repo: RepoEnvironments, env: string | undefined): string[] {
  if (env === undefined) return ['**']
  const globs: string[] = []
  if (repo.clusters.includes(env)) globs.push(`clusters/${env}/**`)
  if (repo.overlays.includes(env)) globs.push(`apps/*/overlays/${env}/**`)
  return globs
}

/** The regex `.sops.yaml` uses for the same files as {@link environmentGlobs}. */
export function environmentRegex(repo: RepoEnvironments, env: string | undefined): string {
  if (env === undefined) return '\\.(ya?ml|json)$'
  const dirs: string[] = []
  if (repo.clusters.includes(env)) dirs.push(`clusters/${escape(env)}`)
  if (repo.overlays.includes(env)) dirs.push(`apps/[^/]+/overlays/${escape(env)}`)
  return `(^|/)(${dirs.join('|')})/.*\\.ya?ml$`
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `gitseal.yaml` text: clusters for sealed environments and one policy rule per environment glob. */
export function renderGitsealConfig(repo: RepoEnvironments, plans: readonly EnvironmentPlan[]): string {
  const clusters: Record<string, Record<string, string>> = {}
  const policy: Record<string, unknown>[] = []
  for (const plan of plans) {
    const params: Record<string, unknown> = {}
    if (plan.backend === 'sealed') {
      const cluster = plan.name ?? 'default'
      clusters[cluster] = { cert: plan.cert ?? `certs/${cluster}.pem` }
      params.cluster = cluster
    } else if (plan.backend === 'eso') {
      params.store = plan.store ?? 'aws-secrets-manager'
      // Say it: protect pushes the values to AWS (an eso rule without push would only refuse).
      params.push = true
    }
    // sops rules defer to .sops.yaml for recipients: one source of truth for sops and gitseal alike.
    for (const path of environmentGlobs(repo, plan.name))
      policy.push({ path, backend: plan.backend, ...params })
  }
  const doc = new Document({ ...(Object.keys(clusters).length > 0 ? { clusters } : {}), policy })
  doc.commentBefore =
    ' gitseal.yaml: which backend protects which files (first matching rule wins). Written by `gitseal init`.\n' +
    ' yaml-language-server: $schema=./node_modules/gitseal/schema/gitseal.schema.json'
  return doc.toString(YAML_OUTPUT)
}

/** `.sops.yaml` creation_rules for the sops environments, encrypting only Secret data. */
export function renderSopsConfig(repo: RepoEnvironments, plans: readonly EnvironmentPlan[]): string {
  const rules = plans
    .filter((plan) => plan.backend === 'sops')
    .map((plan) => ({
      path_regex: environmentRegex(repo, plan.name),
      encrypted_regex: '^(data|stringData)$',
      age: (plan.recipients ?? []).join(','),
    }))
  const doc = new Document({ creation_rules: rules })
  doc.commentBefore =
    ' .sops.yaml: age recipients per path; the first matching rule wins. Written by `gitseal init`.'
  return doc.toString(YAML_OUTPUT)
}

/** An age identity file exactly as `age-keygen` writes it. */
export function renderAgeKeyFile(identity: string, recipient: string, now: Date): string {
  const created = now.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `# created: ${created}\n# public key: ${recipient}\n${identity}\n`
}

// gitseal is not on the npm registry yet (and `npx gitseal` could run someone else's package):
// CI installs the tarball that `npm pack` makes in a gitseal checkout, kept in the repository.
const INSTALL = 'npm install -g ./tools/gitseal-*.tgz  # from `npm pack` in a gitseal checkout'

/** CI snippets running the scan gate and the status check. */
export function ciSnippets(): { github: string; gitlab: string } {
  return {
    github: [
      '# .github/workflows/gitseal.yaml',
      'name: gitseal',
      'on: [push, pull_request]',
      'jobs:',
      '  secrets:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          fetch-depth: 0',
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version: 22',
      `      - run: ${INSTALL}`,
      '      - run: gitseal scan',
      '      - run: gitseal status',
      '',
    ].join('\n'),
    gitlab: [
      '# .gitlab-ci.yml',
      'gitseal:',
      '  image: node:22',
      '  stage: test',
      '  script:',
      `    - ${INSTALL}`,
      '    - gitseal scan',
      '    - gitseal status',
      '',
    ].join('\n'),
  }
}
