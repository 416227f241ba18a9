import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

interface StatusOptions {
  json?: boolean
  config?: string
}

/** `gitseal status`: inventory of secret-bearing files. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('status')
    .summary('list secret-bearing files: how each is protected, for whom, and what is stale')
    .description(
      'List every secret-bearing manifest under PATHs (default: the current directory; .gitignore is honoured ' +
        'inside a git repository): which backend protects each document and for whom, certificate warnings, ' +
        'plaintext Secrets and files gitseal.yaml policy says must be protected otherwise. Exits 1 when any ' +
        'file must be fixed.',
    )
    .argument('[paths...]', 'files or directories (default: .)')
    .option('--json', 'print as JSON')
    .option('--config <file>', 'gitseal.yaml to use')
    .action((paths: string[], options: StatusOptions) => status(ctx, paths, options))
  withExamples(command, ['gitseal status', 'gitseal status clusters/prod --json'])
}

async function status(ctx: CommandContext, paths: string[], options: StatusOptions): Promise<void> {
  const [
    { loadBuiltinBackends },
    { loadGitsealConfig },
    { policyPath },
    { listManifestFiles },
    { inventoryFile },
  ] = await Promise.all([
    import('../../backends/builtin.js'),
    import('../../config/discover.js'),
    import('../../config/policy.js'),
    import('../../backends/list-files.js'),
    import('../../backends/inventory.js'),
  ])
  const { readFileText } = await import('../../io/read-file.js')
  await loadBuiltinBackends()
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    ...(options.config === undefined ? {} : { configPath: ctx.path(options.config) }),
  })
  const policy = loaded.found
    ? {
        config: loaded.config,
        policyPathOf: (path: string) => {
          try {
            return policyPath(loaded.dir, ctx.path(path))
          } catch {
            return undefined // outside the config's directory: no rule applies
          }
        },
      }
    : undefined
  const sops = await loadSopsRules(ctx)
  const files = await listManifestFiles(ctx.io.cwd, paths)
  const progress = ctx.io.stderrIsTTY && !options.json && files.length > 200
  const records = []
  for (const [i, file] of files.entries()) {
    if (progress && i % 100 === 0) ctx.io.stderr(`\rscanning ${i}/${files.length} files…`)
    const record = inventoryFile(file, await readFileText(ctx.path(file), file), policy, sops)
    if (record) records.push(record)
  }
  if (progress) ctx.io.stderr('\r\u001b[K')
  const problems = records.reduce((n, record) => n + record.problems.length, 0)
  const warnings = records.reduce((n, record) => n + record.warnings.length, 0)
  const protectedDocs = records.flatMap((r) => r.documents).filter((d) => d.backend !== undefined).length
  const plaintextDocs = records.flatMap((r) => r.documents).filter((d) => d.backend === undefined).length
  if (problems > 0) ctx.exitCode = 1
  if (options.json) {
    const { printJson } = await import('../context.js')
    printJson(ctx, {
      files: records,
      summary: {
        files: records.length,
        protected: protectedDocs,
        plaintext: plaintextDocs,
        problems,
        warnings,
      },
    })
    return
  }
  const paint = (code: string, text: string): string => (ctx.color ? `\u001b[${code}m${text}\u001b[0m` : text)
  const width = Math.min(60, Math.max(0, ...records.map((r) => r.path.length)))
  const backendWidth = Math.max(9, ...records.flatMap((r) => r.documents.map((d) => d.backend?.length ?? 0)))
  for (const record of records) {
    for (const doc of record.documents) {
      const what =
        doc.backend === undefined
          ? paint('31', 'PLAINTEXT'.padEnd(backendWidth))
          : paint('32', doc.backend.padEnd(backendWidth))
      const name = doc.name === undefined ? doc.kind : `${doc.kind}/${doc.name}`
      ctx.io.stdout(
        `${record.path.padEnd(width)}  ${what}  ${name}${doc.summary ? `  ${doc.summary}` : ''}\n`,
      )
    }
    if (record.documents.length === 0)
      ctx.io.stdout(`${record.path.padEnd(width)}  ${paint('33', 'UNREADABLE')}\n`)
    for (const problem of record.problems) ctx.io.stdout(`  ${paint('31', 'error')}: ${problem}\n`)
    for (const warning of record.warnings) ctx.io.stdout(`  ${paint('33', 'warning')}: ${warning}\n`)
  }
  ctx.io.stdout(
    `${records.length} file(s): ${protectedDocs} protected, ${plaintextDocs} plaintext, ${problems} problem(s), ${warnings} warning(s)\n`,
  )
}

/** The nearest `.sops.yaml` from the working directory up to the repository root, as sops finds it. */
async function loadSopsRules(
  ctx: CommandContext,
): Promise<import('../../backends/inventory.js').InventorySops | undefined> {
  const nodePath = await import('node:path')
  const { stat } = await import('node:fs/promises')
  const exists = (path: string): Promise<boolean> =>
    stat(path).then(
      () => true,
      () => false,
    )
  let dir = ctx.io.cwd
  for (;;) {
    const file = nodePath.join(dir, '.sops.yaml')
    if (await exists(file)) {
      const { sopsRecipientRules } = await import('../../backends/sops-drift.js')
      const { readTextBounded } = await import('../../io/bounded-read.js')
      const { policyPath } = await import('../../config/policy.js')
      const base = dir
      return {
        file: '.sops.yaml',
        rules: sopsRecipientRules(await readTextBounded(file), file),
        relativePathOf: (path) => {
          try {
            return policyPath(base, ctx.path(path))
          } catch {
            return undefined
          }
        },
      }
    }
    const parent = nodePath.dirname(dir)
    if (parent === dir || (await exists(nodePath.join(dir, '.git')))) return undefined
    dir = parent
  }
}
