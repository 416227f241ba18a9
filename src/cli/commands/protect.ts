import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import type { LoadedConfig } from '../../config/discover.js'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { withPolicyOptions } from '../policy-options.js'

interface ProtectOptions {
  push?: boolean
  allowExpired?: boolean
  verbose?: boolean
  sopsConfigLookup?: string
  key?: string[]
  inPlace?: boolean
  output?: string
  backend?: string
  config?: string
}

/** `gitseal protect`: the backend the gitseal.yaml policy names for the file's path. */
export function register(program: Command, ctx: CommandContext): void {
  const command = withPolicyOptions(
    program
      .command('protect')
      .summary('protect files with the backend gitseal.yaml policy picks for their path')
      .description(
        'Protect every Secret in each FILE with the backend and parameters of the first gitseal.yaml policy ' +
          'rule matching its path (the -o path when given). Nothing is written unless every file succeeds.',
      )
      .argument('<files...>', 'Secret manifests')
      .option('-i, --in-place', 'replace each file with its protected form')
      .option('-o, --output <file>', 'write to FILE (one input only)')
      .option('--backend <backend>', 'sealed | sops | eso (overrides the policy)')
      .option('--config <file>', 'gitseal.yaml to use')
      .option(
        '--key <file>',
        'key that opens the existing -o file (sealed-secrets private key; age identities also come from SOPS_AGE_KEY_FILE): unchanged values keep it byte for byte (repeatable)',
        collect,
      ),
  ).action((files: string[], options: ProtectOptions) => protect(ctx, files, options))
  withExamples(command, [
    'gitseal protect -i apps/api/overlays/prod/secret.yaml',
    'gitseal protect secret.yaml -o apps/api/overlays/dev/secret.enc.yaml',
    'gitseal protect --backend sops -i local/secret.yaml',
  ])
}

/**
 * @throws GitsealError `E_USAGE` for output flags that do not fit the files given: `-i` with `-o`,
 * `-o` with several files, several files printed on stdout.
 */
function checkOutputFlags(files: readonly string[], options: ProtectOptions): void {
  if (options.inPlace && options.output !== undefined) {
    throw new GitsealError('E_USAGE', '--in-place and --output cannot be used together')
  }
  if (options.output !== undefined && files.length > 1) {
    throw new GitsealError('E_USAGE', '--output takes one input file', {
      hint: 'Use --in-place for several files.',
    })
  }
  if (!options.inPlace && options.output === undefined && files.length > 1) {
    throw new GitsealError('E_USAGE', 'several files need --in-place', {
      hint: 'Without --in-place or -o, protect prints one file on stdout.',
    })
  }
}

async function protect(ctx: CommandContext, files: string[], options: ProtectOptions): Promise<void> {
  checkOutputFlags(files, options)
  const { loadGitsealConfig } = await import('../../config/discover.js')
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    backends: await ctx.policyBackends(),
    ...(options.config === undefined ? {} : { configPath: ctx.path(options.config) }),
  })
  // Protect everything in memory first: a failure on the last file must leave the first untouched.
  const results: { destination: string | undefined; text: string }[] = []
  // Progress only on a terminal: CI logs and pipes stay clean.
  const progress = ctx.io.stderrIsTTY && files.length > 20
  for (const [i, file] of files.entries()) {
    if (progress) ctx.io.stderr(`\rprotecting ${i + 1}/${files.length}…`)
    results.push(await protectFile(ctx, loaded, file, options))
  }
  if (progress) ctx.io.stderr('\r\u001b[K')
  const { writeOutput } = await import('../context.js')
  for (const { destination, text } of results)
    await writeOutput(ctx, destination, text, { inPlace: options.inPlace === true })
  if (options.inPlace || options.output !== undefined) ctx.info(`protected ${results.length} file(s)`)
}

/** The protected text of `file` and where it goes (undefined: stdout); nothing is written here. */
async function protectFile(
  ctx: CommandContext,
  loaded: LoadedConfig,
  file: string,
  options: ProtectOptions,
): Promise<{ destination: string | undefined; text: string }> {
  const [{ protectManifest, resolveProtection, rewriteExisting }, { readManifestInput }, policyFlags] =
    await Promise.all([
      import('../../workflow/protect-file.js'),
      import('../context.js'),
      import('../policy-flags.js'),
    ])
  const backends = await ctx.backends()
  const { input, manifest } = await readManifestInput(ctx, file)
  const destination = options.inPlace
    ? input.path
    : options.output === undefined
      ? undefined
      : ctx.path(options.output)
  const targetFile = destination ?? input.path ?? ctx.path(file)
  const resolved = resolveProtection(loaded, targetFile, options.backend)
  const decision = policyFlags.withPolicyFlags(ctx, resolved.decision, options)
  await policyFlags.reportSopsRecipients(ctx, decision, targetFile, options)
  // Re-protecting unchanged input into an existing file keeps it as it is (no ciphertext churn);
  // a backend that can (sops) keeps what changed input leaves reusable: the data key, unchanged values.
  // An -o file that cannot be read is written anew, as one that does not exist.
  const { readTextIfExists } = await import('../../io/bounded-read.js')
  const existing =
    options.output === undefined
      ? undefined
      : await readTextIfExists(ctx.path(options.output)).catch(() => undefined)
  if (existing !== undefined) {
    const { revealKeys } = await import('../../workflow/reveal-keys.js')
    const keys = await revealKeys(
      (options.key ?? []).map((key) => ctx.path(key)),
      ctx.io.env,
    )
    const kept = await rewriteExisting(backends, existing, manifest, decision, resolved.target, keys)
    if (kept !== undefined) return { destination, text: kept }
  }
  return { destination, text: await protectManifest(backends, manifest, decision, resolved.target) }
}
