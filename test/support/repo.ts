/** A realistic GitOps repository in a temp dir, for the workflow command tests. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { scratchDir } from './scratch.js'

/** gitseal.yaml for the fakes: prod sealed for the prod cluster, dev by reference, nothing else. */
export const FAKE_CONFIG = [
  'policy:',
  '  - path: apps/*/overlays/prod/**',
  '    backend: fake-seal',
  '    cluster: prod',
  '  - path: apps/*/overlays/old/**',
  '    backend: fake-seal',
  '    cluster: old',
  '    expired: true',
  '  - path: apps/*/overlays/dev/**',
  '    backend: fake-ref',
  '    store: aws',
  '',
].join('\n')

/** A plaintext Secret manifest. */
export function secretYaml(name: string, data: Record<string, string>, namespace = 'default'): string {
  const lines = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'stringData:',
  ]
  for (const [key, value] of Object.entries(data)) lines.push(`  ${key}: ${JSON.stringify(value)}`)
  return `${lines.join('\n')}\n`
}

/** Create a repo: apps/{api,web}/overlays/{dev,staging,prod}, clusters/{dev,prod}, optional `git init`. */
export function makeRepo(options: { git?: boolean; config?: string } = {}): {
  dir: string
  write: (path: string, text: string) => string
} {
  const dir = scratchDir('repo')
  const write = (path: string, text: string): string => {
    const full = join(dir, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, text)
    return full
  }
  for (const app of ['api', 'web']) {
    for (const env of ['dev', 'staging', 'prod'])
      write(`apps/${app}/overlays/${env}/kustomization.yaml`, 'resources: []\n')
  }
  for (const cluster of ['dev', 'prod']) write(`clusters/${cluster}/kustomization.yaml`, 'resources: []\n')
  if (options.config !== undefined) write('gitseal.yaml', options.config)
  if (options.git) execFileSync('git', ['init', '-q', dir])
  return { dir, write }
}
