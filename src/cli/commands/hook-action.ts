/**
 * `gitseal hook install|uninstall`: a pre-commit hook that runs `gitseal scan --staged`. An
 * existing hook that is not ours is renamed to `pre-commit.gitseal-chained` and run first, so
 * installing never clobbers another tool's hook; uninstalling puts it back.
 */
import { mkdir, rename, rm } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import { readTextIfExists } from '../../io/bounded-read.js'
import type { CommandContext } from '../context.js'

/** The line that marks a hook as ours. */
export const HOOK_MARKER = '# gitseal pre-commit hook'
const CHAINED = 'pre-commit.gitseal-chained'

/** The hook script. */
export const HOOK_SCRIPT = `#!/bin/sh
${HOOK_MARKER}: blocks commits that add plaintext secrets.
# Installed by \`gitseal hook install\`; remove it with \`gitseal hook uninstall\`.
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/${CHAINED}" ]; then
  "$hook_dir/${CHAINED}" "$@" || exit $?
fi
if command -v gitseal >/dev/null 2>&1; then
  exec gitseal scan --staged
elif [ -x ./node_modules/.bin/gitseal ]; then
  exec ./node_modules/.bin/gitseal scan --staged
fi
echo "gitseal: command not found; install it (in a gitseal checkout: npm ci && npm install -g .) or run \\\`gitseal hook uninstall\\\`" >&2
exit 1
`

async function git(cwd: string, args: string[]): Promise<string> {
  const { runGit } = await import('../../io/git.js')
  return (await runGit(cwd, args, `git ${args[0] ?? ''}`)).toString('utf8').trim()
}

/** The hooks directory git uses: `core.hooksPath` when set (relative to the top level), else `.git/hooks`. */
async function hooksDir(ctx: CommandContext): Promise<string> {
  const cwd = ctx.io.cwd
  const top = await git(cwd, ['rev-parse', '--show-toplevel'])
  const configured = await git(cwd, ['config', '--get', 'core.hooksPath']).catch(() => '')
  if (configured !== '') {
    const expanded = configured.replace(/^~(?=\/|$)/, ctx.io.env.HOME ?? '~')
    return isAbsolute(expanded) ? expanded : resolve(top, expanded)
  }
  return resolve(cwd, await git(cwd, ['rev-parse', '--git-path', 'hooks']))
}

function shown(ctx: CommandContext, path: string): string {
  const rel = relative(ctx.io.cwd, path)
  return rel.startsWith('..') ? path : rel
}

/** Install the hook. @throws GitsealError `E_USAGE` outside a repository or when a chained hook already exists. */
export async function installHook(ctx: CommandContext, force: boolean): Promise<void> {
  const dir = await hooksDir(ctx)
  const hook = join(dir, 'pre-commit')
  const existing = await readTextIfExists(hook)
  const { writeFileAtomic } = await import('../../io/atomic-write.js')
  if (existing?.includes(HOOK_MARKER) === true) {
    if (existing === HOOK_SCRIPT) {
      ctx.info(`gitseal: the pre-commit hook is already installed in ${shown(ctx, hook)}`)
      return
    }
    if (!force) {
      throw new GitsealError('E_USAGE', `${shown(ctx, hook)}: a different gitseal hook is installed`, {
        hint: 'Run `gitseal hook install --force` to replace it.',
      })
    }
  } else if (existing !== undefined) {
    const chained = join(dir, CHAINED)
    // Never overwrite a hook we chained earlier, not even with --force: it may be the only copy.
    if ((await readTextIfExists(chained)) !== undefined) {
      throw new GitsealError(
        'E_USAGE',
        `${shown(ctx, hook)} is not gitseal's, and ${shown(ctx, chained)} (a hook chained earlier) already exists`,
        { hint: `Merge or remove one of them by hand, then run \`gitseal hook install\` again.` },
      )
    }
    await rename(hook, chained)
    ctx.info(`gitseal: kept the existing pre-commit hook as ${shown(ctx, chained)}; it runs first`)
  }
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(hook, HOOK_SCRIPT, { mode: 0o755, forceMode: true })
  ctx.info(`gitseal: installed the pre-commit hook in ${shown(ctx, hook)} (runs \`gitseal scan --staged\`)`)
}

/** Remove the hook and restore a chained one. @throws GitsealError `E_USAGE` when the hook is not ours. */
export async function uninstallHook(ctx: CommandContext): Promise<void> {
  const dir = await hooksDir(ctx)
  const hook = join(dir, 'pre-commit')
  const existing = await readTextIfExists(hook)
  if (existing === undefined || !existing.includes(HOOK_MARKER)) {
    throw new GitsealError(
      'E_USAGE',
      existing === undefined
        ? `no gitseal pre-commit hook in ${shown(ctx, dir)}`
        : `${shown(ctx, hook)} was not installed by gitseal; left as it is`,
      { hint: 'Nothing to uninstall.' },
    )
  }
  const chained = join(dir, CHAINED)
  if ((await readTextIfExists(chained)) !== undefined) {
    await rename(chained, hook)
    ctx.info(`gitseal: removed the gitseal hook and restored the previous pre-commit hook`)
  } else {
    await rm(hook)
    ctx.info(`gitseal: removed the pre-commit hook from ${shown(ctx, dir)}`)
  }
}
