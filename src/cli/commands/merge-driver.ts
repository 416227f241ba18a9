import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { MergeCodec } from '../../workflow/merge-codec.js'

/** `gitseal merge-driver`: git merge driver for SOPS files. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('merge-driver')
    .summary('git merge driver for SOPS files: three-way merge of the plaintext')
    .description(
      'Called by git as `gitseal merge-driver %O %A %B %P`: decrypts base, ours and theirs in memory, merges ' +
        'the trees key by key and re-encrypts into %A keeping the data key and the ciphertext of unchanged ' +
        'values. When both sides changed the same key, exits 1 leaving %A (ours, encrypted) as it was: ' +
        'plaintext never reaches the work tree.',
    )
    .argument('<base>', '%O: common ancestor')
    .argument('<ours>', '%A: our version (the result is written here)')
    .argument('<theirs>', '%B: their version')
    .argument('[path]', '%P: path in the work tree')
    .action((base: string, ours: string, theirs: string, path: string | undefined) =>
      mergeDriver(ctx, base, ours, theirs, path),
    )
  const install_ = command
    .command('install')
    .description(
      'route SOPS files through the merge driver: .gitattributes lines and git config merge.gitseal',
    )
    .option(
      '--pattern <glob>',
      'gitattributes pattern (repeatable; default: the sops globs of gitseal.yaml)',
      collect,
    )
    .option('--config <file>', 'gitseal.yaml to use')
    .action((options: { pattern?: string[]; config?: string }) => install(ctx, options))
  withExamples(install_, [
    'gitseal merge-driver install',
    "gitseal merge-driver install --pattern '*.enc.yaml'",
  ])
  withExamples(command, [
    'gitseal merge-driver install',
    "git config merge.gitseal.driver 'gitseal merge-driver %O %A %B %P'",
  ])
}

async function mergeDriver(
  ctx: CommandContext,
  base: string,
  ours: string,
  theirs: string,
  path: string | undefined,
): Promise<void> {
  const { readFileText } = await import('../../io/read-file.js')
  const { writeFileAtomic } = await import('../../io/atomic-write.js')
  const oursFile = ctx.path(ours)
  const [baseText, oursText, theirsText] = await Promise.all([
    readFileText(ctx.path(base), base),
    readFileText(oursFile, ours),
    readFileText(ctx.path(theirs), theirs),
  ])
  // Unchanged on one side: take the other side's bytes as they are, no key needed.
  if (theirsText === baseText || theirsText === oursText) return
  if (oursText === baseText) {
    await writeFileAtomic(oursFile, theirsText, { followSymlink: true })
    return
  }
  const { mentionsSopsMetadata } = await import('../../core/sops-value.js')
  if (![baseText, oursText, theirsText].some(mentionsSopsMetadata)) {
    // Not encrypted at all (a plain file under a merge=gitseal pattern): merge it as git would.
    await gitMergeFile(ctx, oursFile, ctx.path(base), ctx.path(theirs), path ?? ours)
    return
  }
  const { mergeTrees } = await import('../../workflow/three-way.js')
  const codec = ctx.mergeCodec ?? (await sopsCodec(ctx))
  const name = path ?? ours
  const [basePlain, oursPlain, theirsPlain] = await Promise.all([
    codec.decrypt(baseText, name),
    codec.decrypt(oursText, name),
    codec.decrypt(theirsText, name),
  ])
  const result = mergeTrees(basePlain, oursPlain, theirsPlain)
  if ('conflicts' in result) {
    throw new GitsealError(
      'E_MERGE_CONFLICT',
      `${name}: both sides changed ${result.conflicts.join(', ')}; kept our (encrypted) version`,
      {
        file: name,
        hint: `Resolve with \`gitseal edit ${name}\`; see their version with \`git show MERGE_HEAD:${name} | gitseal decrypt -\`.`,
      },
    )
  }
  if (result.merged === oursPlain) return
  if (result.merged === theirsPlain) {
    await writeFileAtomic(oursFile, theirsText, { followSymlink: true })
    return
  }
  await writeFileAtomic(oursFile, await codec.encrypt(result.merged, name, oursText), { followSymlink: true })
}

/** The SOPS codec with the identities this environment offers (as `gitseal decrypt` finds them). */
async function sopsCodec(ctx: CommandContext): Promise<MergeCodec> {
  const [{ identitiesFor }, { sopsMergeCodec }] = await Promise.all([
    import('./sops-common.js'),
    import('../../workflow/sops-merge-codec.js'),
  ])
  return sopsMergeCodec(await identitiesFor(ctx))
}

/** `git merge-file` in place on ours, with conflict markers: only ever for files that hold no encrypted values. */
async function gitMergeFile(
  ctx: CommandContext,
  ours: string,
  base: string,
  theirs: string,
  name: string,
): Promise<void> {
  const { execFile } = await import('node:child_process')
  const code = await new Promise<number>((resolve, reject) => {
    execFile(
      'git',
      [
        'merge-file',
        '-L',
        `${name} (ours)`,
        '-L',
        `${name} (base)`,
        '-L',
        `${name} (theirs)`,
        ours,
        base,
        theirs,
      ],
      (error) => {
        if (error === null) resolve(0)
        else if (typeof error.code === 'number' && error.code > 0) resolve(error.code)
        else
          reject(
            new GitsealError('E_IO', `${name}: cannot run git merge-file: ${error.message}`, {
              cause: error,
            }),
          )
      },
    )
  })
  if (code > 0) {
    throw new GitsealError(
      'E_MERGE_CONFLICT',
      `${name}: ${code} conflict(s) in a file that is not encrypted; markers left in it`,
      {
        file: name,
      },
    )
  }
}

async function install(ctx: CommandContext, options: { pattern?: string[]; config?: string }): Promise<void> {
  const { installMergeDriver, sopsPatterns } = await import('../../workflow/merge-install.js')
  let patterns = options.pattern
  if (patterns === undefined) {
    const { loadGitsealConfig } = await import('../../config/discover.js')
    const loaded = await loadGitsealConfig({
      startDir: ctx.io.cwd,
      backends: await ctx.policyBackends(),
      ...(options.config === undefined ? {} : { configPath: ctx.path(options.config) }),
    })
    patterns = sopsPatterns(loaded.found ? loaded.config : undefined)
  }
  await installMergeDriver(ctx.io.cwd, patterns)
  ctx.info(`merge driver installed for: ${patterns.join(' ')}`)
}
