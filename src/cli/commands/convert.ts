import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { withPolicyOptions } from '../policy-options.js'

interface ConvertOptions {
  push?: boolean
  allowExpired?: boolean
  to: string
  output?: string
  key?: string[]
  config?: string
  verbose?: boolean
  sopsConfigLookup?: string
}

/** `gitseal convert`: migrate a file between backends. */
export function register(program: Command, ctx: CommandContext): void {
  const command = withPolicyOptions(
    program
      .command('convert')
      .summary('migrate a protected file to another backend in one atomic step')
      .description(
        'Read FILE with the backend that protects it (its key from --key) and protect the Secrets with --to, ' +
          'using the gitseal.yaml rule for the path when it names that backend. The file is replaced atomically ' +
          '(or -o is written); the plaintext stays in memory.',
      )
      .argument('<file>', 'SealedSecret, SOPS file or Secret')
      .requiredOption('--to <backend>', 'sealed | sops | eso')
      .option('-o, --output <file>', 'write to FILE instead of replacing the input')
      .option(
        '--key <file>',
        'key to read the source: sealed-secrets private key, age identity file (repeatable)',
        collect,
      )
      .option('--config <file>', 'gitseal.yaml to use'),
  ).action((file: string, options: ConvertOptions) => convert(ctx, file, options))
  withExamples(command, [
    'gitseal convert db.sealed.yaml --to sops --key prod-key.yaml',
    'gitseal convert apps/api/overlays/dev/db.yaml --to sealed --key ~/.config/sops/age/keys.txt',
  ])
}

async function convert(ctx: CommandContext, file: string, options: ConvertOptions): Promise<void> {
  if (file === '-') throw new GitsealError('E_USAGE', 'convert needs a file, not stdin')
  const [{ loadGitsealConfig }, { convertManifest }] = await Promise.all([
    import('../../config/discover.js'),
    import('../../workflow/convert.js'),
  ])
  const { readManifestInput, writeOutput } = await import('../context.js')
  const backends = await ctx.backends()
  const { requireBackend, resolveProtection } = await import('../../workflow/protect-file.js')
  requireBackend(backends, options.to)
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    backends: await ctx.policyBackends(),
    ...(options.config === undefined ? {} : { configPath: ctx.path(options.config) }),
  })
  const { input, manifest } = await readManifestInput(ctx, file)
  const targetFile = ctx.path(options.output ?? file)
  const resolved = resolveProtection(loaded, targetFile, options.to)
  const { reportSopsRecipients, withPolicyFlags } = await import('../policy-flags.js')
  const decision = withPolicyFlags(ctx, resolved.decision, options)
  await reportSopsRecipients(ctx, decision, targetFile, options)
  const target = resolved.target
  // Keys for the source backend's reveal: key files as given, and the environment (SOPS_AGE_KEY...).
  const { revealKeys } = await import('../../workflow/reveal-keys.js')
  const keys = await revealKeys(
    (options.key ?? []).map((key) => ctx.path(key)),
    ctx.io.env,
  )
  const text = await convertManifest(backends, manifest, decision, target, keys)
  await writeOutput(ctx, options.output ?? input.path, text, { inPlace: options.output === undefined })
  ctx.info(`converted ${file} to ${options.to}${options.output === undefined ? '' : ` in ${options.output}`}`)
}
