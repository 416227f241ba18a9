/**
 * `gitseal merge-driver install`: route SOPS files through the merge driver with `.gitattributes`
 * lines and the `merge.gitseal.*` git config. Idempotent.
 */
import { join } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { writeFileAtomic } from '../io/atomic-write.js'
import { gitTopLevel, runGit } from '../io/git.js'
import { readFileText } from '../io/read-file.js'
import type { GitsealConfig } from '../config/model.js'

/** The driver command git runs: `%O %A %B %P` are base, ours (the result), theirs and the path. */
export const MERGE_DRIVER_COMMAND = 'gitseal merge-driver %O %A %B %P'

/** Patterns used when policy names no sops glob. */
const DEFAULT_SOPS_PATTERNS = ['*.sops.yaml', '*.sops.yml', '*.sops.json']

/** `.gitattributes` patterns for the sops rules of a config (globs only; gitattributes has no regex). */
export function sopsPatterns(config: GitsealConfig | undefined): string[] {
  const globs = (config?.policy ?? [])
    .filter((rule) => rule.backend === 'sops' && !rule.regex && !/[{\\]|\[!/.test(rule.path))
    .map((rule) => rule.path.replace(/^\.?\//, ''))
  return globs.length > 0 ? globs : DEFAULT_SOPS_PATTERNS
}

/**
 * Why `pattern` cannot be one `.gitattributes` line, or undefined when it can: a newline would
 * start a line of attributes of its own, whitespace ends the pattern, and `!`, `#` or a leading
 * `"` mean something else to git.
 */
export function gitattributesPatternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'is empty'
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return 'contains a newline or another control character'
  if (/\s/.test(pattern)) return 'contains whitespace (write a space as [ ] in the glob)'
  if (/^[!#"]/.test(pattern)) return 'starts with !, # or ", which .gitattributes reads differently'
  return undefined
}

/** `text` with a `PATTERN merge=gitseal` line for each pattern not yet there. */
export function withGitattributes(text: string, patterns: readonly string[]): string {
  const present = new Set(text.split('\n').map((line) => line.trim().split(/\s+/).slice(0, 2).join(' ')))
  const missing = patterns.filter((pattern) => !present.has(`${pattern} merge=gitseal`))
  if (missing.length === 0) return text
  const head = text === '' || text.endsWith('\n') ? text : `${text}\n`
  return `${head}${missing.map((pattern) => `${pattern} merge=gitseal`).join('\n')}\n`
}

/**
 * Write `.gitattributes` at the root of the repository holding `dir` and set the driver in the repository's git config.
 * @throws GitsealError `E_USAGE` when `dir` is not in a git repository, `E_BAD_CONFIG` for a pattern
 * that cannot be a `.gitattributes` line (see {@link gitattributesPatternProblem}); nothing is written then.
 */
export async function installMergeDriver(dir: string, patterns: readonly string[]): Promise<string[]> {
  for (const pattern of patterns) {
    const problem = gitattributesPatternProblem(pattern)
    if (problem !== undefined) {
      throw new GitsealError(
        'E_BAD_CONFIG',
        `policy path ${JSON.stringify(pattern)} cannot go into .gitattributes: it ${problem}`,
        { hint: 'Fix the path in gitseal.yaml; .gitattributes was not changed.' },
      )
    }
  }
  let repoRoot: string
  try {
    repoRoot = await gitTopLevel(dir)
  } catch (cause) {
    throw new GitsealError('E_USAGE', `${dir}: not a git repository`, {
      cause,
      hint: 'Run `git init` first, or run the command inside the repository.',
    })
  }
  const file = join(repoRoot, '.gitattributes')
  // Only a missing file is empty: an unreadable one must not be replaced by our lines alone.
  const current = await readFileText(file).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'E_NOT_FOUND') return ''
    throw error
  })
  const next = withGitattributes(current, patterns)
  if (next !== current) await writeFileAtomic(file, next)
  const name = ['config', 'merge.gitseal.name', 'gitseal: three-way merge of SOPS files']
  await runGit(repoRoot, name, 'git config')
  await runGit(repoRoot, ['config', 'merge.gitseal.driver', MERGE_DRIVER_COMMAND], 'git config')
  return [...patterns]
}
