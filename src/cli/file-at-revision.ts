/**
 * `gitseal scan --config REV:PATH` and `--baseline REV:PATH`: the gate's settings and its accepted
 * findings as a git revision holds them. A pull request can change the gitseal.yaml of the tree it
 * is checked in (an allowlist of `**`, `scan-incomplete` disabled), or add its own finding to the
 * baseline file (its salt is in the file), and so silence the gate that checks it; CI pins both to
 * the base branch (`--config origin/main:gitseal.yaml`), and a change to them counts once it is merged.
 */
import { existsSync } from 'node:fs'
import { GitsealError } from '../core/errors.js'
import { runGit } from '../io/git.js'

/** A file read from git: its text, or `undefined` when the revision has no such file. */
export interface FileAtRevision {
  /** How to name it in messages: `REV:PATH`. */
  name: string
  text: string | undefined
}

/** Which flag names the file, for messages, and how large it may be. */
export interface RevisionFileKind {
  flag: '--config' | '--baseline'
  maxBytes: number
  /** Said when the file is larger than `maxBytes`. */
  tooLargeHint: string
}

// `REV:PATH` as git spells a blob: a revision without a colon, then a path.
const REVISION_PATH = /^([^:\s][^:]*):(.+)$/

/**
 * The file `spec` names in git, or undefined when `spec` is a file path (an existing file, or no
 * `REV:PATH` form). The revision must exist; a path it lacks gives `text: undefined` (the base
 * branch had no such file).
 * @throws GitsealError `E_USAGE` for a revision git does not know, `E_TOO_LARGE` past `kind.maxBytes`.
 */
export async function fileAtRevision(
  cwd: string,
  path: string,
  spec: string,
  kind: RevisionFileKind,
): Promise<FileAtRevision | undefined> {
  const match = REVISION_PATH.exec(spec)
  if (match === null || existsSync(path)) return undefined
  const [, revision = '', file = ''] = match
  const what = `${kind.flag} ${spec}`
  const commit = `${revision}^{commit}`
  await runGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', commit], what).catch(
    (cause: unknown) => {
      throw new GitsealError('E_USAGE', `${what}: ${revision} is no commit of this repository`, {
        cause,
        hint: 'Name a file, or a revision and path as git does (origin/main:gitseal.yaml); fetch the branch first in CI.',
      })
    },
  )
  const object = `${revision}:${file}`
  let size: number
  try {
    size = Number((await runGit(cwd, ['cat-file', '-s', object], what)).toString().trim())
  } catch {
    return { name: spec, text: undefined }
  }
  if (size > kind.maxBytes) {
    throw new GitsealError('E_TOO_LARGE', `${spec}: larger than ${kind.maxBytes} bytes`, {
      hint: kind.tooLargeHint,
    })
  }
  const text = (await runGit(cwd, ['cat-file', 'blob', object], what)).toString('utf8')
  return { name: spec, text }
}
