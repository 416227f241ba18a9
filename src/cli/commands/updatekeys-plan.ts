/** The work behind `gitseal updatekeys`: find sops files, compare recipients, re-wrap. */
import { stat } from 'node:fs/promises'
import { basename, dirname, relative } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import { mentionsEncryptedValue, mentionsSopsMetadata } from '../../core/sops-value.js'
import type { CommandContext } from '../context.js'
import type { CreationRule } from '../../sops/config.js'
import { readTextIfExists } from '../../io/bounded-read.js'

/** The files given, plus every file with sops metadata below the directories given (the one directory walk). */
export async function sopsFilesUnder(paths: string[]): Promise<string[]> {
  const { walkFiles } = await import('../../io/walk-files.js')
  const out: string[] = []
  for (const path of paths) {
    let isDirectory: boolean
    try {
      isDirectory = (await stat(path)).isDirectory()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      throw new GitsealError('E_NOT_FOUND', `${path}: no such file or directory`)
    }
    if (!isDirectory) {
      out.push(path)
      continue
    }
    for await (const job of walkFiles({ cwd: path, paths: [path] })) {
      // A file missed here keeps the recipients being removed: refuse before changing any.
      if (job.incomplete !== undefined) {
        throw new GitsealError(
          'E_IO',
          `${path}: cannot search ${job.path} (${job.incomplete}); updatekeys would leave any sops file there unchanged`,
          { file: path, hint: 'Make it readable, or pass the files and directories to update one by one.' },
        )
      }
      if (job.absPath === undefined || basename(job.absPath) === '.sops.yaml') continue
      const text = await readTextIfExists(job.absPath)
      if (text !== undefined && mentionsEncryptedValue(text) && mentionsSopsMetadata(text))
        out.push(job.absPath)
    }
  }
  return out.sort()
}

/** How `updatekeys` finds the `.sops.yaml` for a file (its `--config`, `--sops-config-lookup`, `--verbose`). */
export interface UpdateLookup {
  config?: string | undefined
  sopsConfigLookup?: string | undefined
  verbose?: boolean | undefined
}

/**
 * What would change for one file, and how to apply it; undefined when nothing changes. The config
 * is chosen as for `encrypt` (nearest the file, or sops' cwd lookup), with the same warning when
 * sops would choose another.
 * @throws GitsealError `E_NO_CREATION_RULE` when no rule matches, `E_USAGE` for a bad lookup.
 */
export async function planUpdate(
  ctx: CommandContext,
  path: string,
  flags: UpdateLookup,
): Promise<{ diff: string; apply: () => Promise<void> } | undefined> {
  const { configFile, rule } = await creationRuleFor(ctx, path, flags)
  const { ruleRecipients } = await import('../../sops/config.js')
  const wanted = ruleRecipients(rule, configFile)
  const { openForUpdate } = await import('./sops-update.js')
  const { opened, write } = await openForUpdate(ctx, path)
  const current = opened.metadata.keyGroups.map((g) => g.age.map((a) => a.recipient))
  const same =
    current.length === wanted.length &&
    current.every((g, i) => g.length === wanted[i]?.length && g.every((r) => wanted[i]?.includes(r))) &&
    (rule.shamirThreshold ?? 0) === (opened.metadata.shamirThreshold || 0)
  if (same) return undefined
  const dropped = [...new Set(opened.metadata.keyGroups.flatMap((g) => Object.keys(g.others)))]
  return {
    diff: recipientsDiff(`${path}: recipients change (${configFile}, rule ${String(rule.index)}):`, {
      current,
      wanted,
      dropped,
    }),
    apply: async () => {
      const { plaintextOf, reencrypt } = await import('../../sops/sops-file.js')
      const text = await reencrypt(plaintextOf(opened), opened, {
        keyGroups: wanted,
        keepLastModified: true,
        ...(rule.shamirThreshold === undefined ? {} : { shamirThreshold: rule.shamirThreshold }),
      })
      await write(text)
    },
  }
}

/**
 * The `.sops.yaml` and its creation rule for `path`, chosen as `encrypt` chooses them (reported as
 * `encrypt` reports a choice sops would make differently).
 * @throws GitsealError `E_NO_CREATION_RULE` when no config or no rule applies.
 */
async function creationRuleFor(
  ctx: CommandContext,
  path: string,
  flags: UpdateLookup,
): Promise<{ configFile: string; rule: CreationRule }> {
  const { reportSopsConfigChoice, sopsConfigChoice, sopsConfigLookup } =
    await import('../sops-config-choice.js')
  const lookup = sopsConfigLookup(flags.sopsConfigLookup)
  const configPath = flags.config ?? ctx.io.env.SOPS_CONFIG
  const choice = await sopsConfigChoice(ctx, path, {
    lookup,
    ...(configPath === undefined ? {} : { configPath: ctx.path(configPath) }),
  })
  reportSopsConfigChoice(ctx, relative(ctx.io.cwd, path) || path, choice, { verbose: flags.verbose, lookup })
  const { found, rule } = choice
  if (found && rule) return { configFile: found.path, rule }
  throw new GitsealError(
    'E_NO_CREATION_RULE',
    found
      ? `${path}: no creation rule in ${found.path} matches this file`
      : `${path}: no .sops.yaml found (looked from ${lookup === 'cwd' ? ctx.io.cwd : dirname(path)} upwards)`,
    {
      hint: 'updatekeys takes the recipients from .sops.yaml; add a matching creation rule or pass --config.',
    },
  )
}

/** The lines `updatekeys` shows under `title`: recipients added (+) and removed (-) per key group. */
function recipientsDiff(
  title: string,
  { current, wanted, dropped }: { current: string[][]; wanted: string[][]; dropped: string[] },
): string {
  const lines = [title]
  wanted.forEach((group, i) => {
    const before = current[i] ?? []
    if (wanted.length > 1) lines.push(`  group ${String(i)}:`)
    for (const r of group) if (!before.includes(r)) lines.push(`  + ${r}`)
    for (const r of before) if (!group.includes(r)) lines.push(`  - ${r}`)
  })
  for (const group of current.slice(wanted.length)) for (const r of group) lines.push(`  - ${r}`)
  if (dropped.length > 0)
    lines.push(`  - all ${dropped.join(', ')} keys (gitseal keeps only the age recipients .sops.yaml lists)`)
  return lines.join('\n')
}

/**
 * Ask yes/no on the terminal.
 * @throws GitsealError `E_NO_TTY` without a terminal (pass --yes).
 */
export async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  if (!ctx.io.stdinIsTTY) {
    throw new GitsealError('E_NO_TTY', 'updatekeys needs confirmation but stdin is not a terminal', {
      hint: 'Pass --yes to apply the changes without asking.',
    })
  }
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
