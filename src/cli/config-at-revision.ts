/**
 * `gitseal scan --config REV:PATH`: the gate's settings as a git revision holds them. A pull request
 * can change the gitseal.yaml of the tree it is checked in (an allowlist of `**`, `scan-incomplete`
 * disabled) and so silence the gate that checks it; CI pins the settings to the base branch
 * (`--config origin/main:gitseal.yaml`), and a change to them counts once it is merged.
 */
import { existsSync } from 'node:fs'
import { MAX_CONFIG_BYTES } from '../core/config-limits.js'
import { GitsealError } from '../core/errors.js'
import { runGit } from '../io/git.js'

/** A gitseal.yaml read from git: its text, or `undefined` when the revision has no such file. */
export interface ConfigAtRevision {
  /** How to name it in messages: `REV:PATH`. */
  name: string
  text: string | undefined
}

// `REV:PATH` as git spells a blob: a revision without a colon, then a path.
const REVISION_PATH = /^([^:\s][^:]*):(.+)$/

/**
 * The gitseal.yaml `spec` names in git, or undefined when `spec` is a file path (an existing file,
 * or no `REV:PATH` form). The revision must exist; a path it lacks gives `text: undefined` (the
 * base branch had no gitseal.yaml: the default settings).
 * @throws GitsealError `E_USAGE` for a revision git does not know, `E_TOO_LARGE` past 1 MiB.
 */
export async function configAtRevision(
  cwd: string,
  path: string,
  spec: string,
): Promise<ConfigAtRevision | undefined> {
  const match = REVISION_PATH.exec(spec)
  if (match === null || existsSync(path)) return undefined
  const [, revision = '', file = ''] = match
  const commit = `${revision}^{commit}`
  await runGit(
    cwd,
    ['rev-parse', '--verify', '--quiet', '--end-of-options', commit],
    `--config ${spec}`,
  ).catch((cause: unknown) => {
    throw new GitsealError('E_USAGE', `--config ${spec}: ${revision} is no commit of this repository`, {
      cause,
      hint: 'Name a file, or a revision and path as git does (origin/main:gitseal.yaml); fetch the branch first in CI.',
    })
  })
  const object = `${revision}:${file}`
  let size: number
  try {
    size = Number((await runGit(cwd, ['cat-file', '-s', object], `--config ${spec}`)).toString().trim())
  } catch {
    return { name: spec, text: undefined }
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new GitsealError('E_TOO_LARGE', `${spec}: larger than ${MAX_CONFIG_BYTES} bytes`, {
      hint: 'A gitseal.yaml is a few KiB: check that this file is the configuration.',
    })
  }
  const text = (await runGit(cwd, ['cat-file', 'blob', object], `--config ${spec}`)).toString('utf8')
  return { name: spec, text }
}
