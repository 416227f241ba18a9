/**
 * Detect the environments of a repository for `gitseal init` (its GitOps directory layout): `clusters/<name>/` (Flux) and
 * `apps/<app>/overlays/<env>/` (kustomize). Environments are the union of cluster and overlay names.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** What `init` found in a repository. */
export interface RepoEnvironments {
  /** Directory names under `clusters/`. */
  clusters: string[]
  /** App names having `overlays/`. */
  apps: string[]
  /** Overlay names under `apps/<app>/overlays/`. */
  overlays: string[]
  /** Sorted union of clusters and overlays: one policy rule set per environment. */
  environments: string[]
}

async function subdirectories(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true })
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
  } catch {
    return []
  }
}

/** Detect the environments under `root` (never throws; missing directories mean none). */
export async function detectEnvironments(root: string): Promise<RepoEnvironments> {
  const clusters = (await subdirectories(join(root, 'clusters'))).sort()
  const apps: string[] = []
  const overlays = new Set<string>()
  for (const app of await subdirectories(join(root, 'apps'))) {
    const envs = await subdirectories(join(root, 'apps', app, 'overlays'))
    if (envs.length === 0) continue
    apps.push(app)
    for (const env of envs) overlays.add(env)
  }
  const environments = [...new Set([...clusters, ...overlays])].sort()
  return { clusters, apps: apps.sort(), overlays: [...overlays].sort(), environments }
}
