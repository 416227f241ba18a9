import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { printable } from '../../core/printable.js'

// Other files are read only to find SOPS dotenv/ini/binary files; larger ones are assets, not secrets files.
const OTHER_FILE_LIMIT = 4 * 1024 * 1024

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
  const [{ loadGitsealConfig }, { policyPath }, { listManifestFiles }] = await Promise.all([
    import('../../config/discover.js'),
    import('../../config/policy.js'),
    import('../../workflow/list-files.js'),
  ])
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    backends: await ctx.policyBackends(),
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
  const clusters = loaded.found ? await clusterCerts(ctx, loaded) : []
  const files = await listManifestFiles(ctx.io.cwd, paths, { all: true })
  const records = await inventoryFiles(ctx, files, { policy, sops, progress: !options.json })
  const summary = summarize(records, clusters)
  if (summary.problems > 0) ctx.exitCode = 1
  if (options.json) {
    const { printJson } = await import('../context.js')
    printJson(ctx, { clusters, files: records, summary })
    return
  }
  printStatus(ctx, clusters, records, summary)
}

type InventoryFile = import('../../workflow/inventory.js').InventoryFile

/**
 * Inventory each file (in order) with the run's backends. Files are read a few ahead while the
 * current one is inventoried (one read at a time leaves the CPU idle); only text naming a kind or
 * SOPS metadata can be listed, so the rest is never decoded.
 */
async function inventoryFiles(
  ctx: CommandContext,
  files: readonly string[],
  options: {
    policy: import('../../workflow/inventory.js').InventoryPolicy | undefined
    sops: import('../../workflow/inventory.js').InventorySops | undefined
    progress: boolean
  },
): Promise<InventoryFile[]> {
  const [
    { isManifestPath },
    { inventoryFile, inventoryOtherFile },
    { readFileBytesSync },
    { isGitsealError },
  ] = await Promise.all([
    import('../../workflow/list-files.js'),
    import('../../workflow/inventory.js'),
    import('../../io/read-file.js'),
    import('../../core/errors.js'),
  ])
  const backends = await ctx.backends()
  const progress = ctx.io.stderrIsTTY && options.progress && files.length > 200
  // Read synchronously: an awaited open, stat, read and close per file (even a few in flight) cost
  // more than the reads, five times the system time of `scan` on a 1,700-file repository. The bounded
  // read refuses a file over its limit from its size: no stat of our own (a repository's vendored
  // web assets are thousands of other files, all read).
  const read = (file: string): string | undefined => {
    let bytes: Uint8Array
    try {
      bytes = isManifestPath(file)
        ? readFileBytesSync(ctx.path(file), file)
        : readFileBytesSync(ctx.path(file), file, OTHER_FILE_LIMIT)
    } catch (error) {
      if (isGitsealError(error) && error.code === 'E_TOO_LARGE' && !isManifestPath(file)) return undefined
      throw error
    }
    // A view of the bytes read, not a copy: only searched, then decoded when it may be listed.
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return view.includes('kind') || view.includes('sops') ? new TextDecoder().decode(bytes) : undefined
  }
  const records: InventoryFile[] = []
  for (const [i, file] of files.entries()) {
    if (progress && i % 100 === 0) ctx.io.stderr(`\rscanning ${i}/${files.length} files…`)
    const text = read(file)
    if (text === undefined) continue
    const record = isManifestPath(file)
      ? inventoryFile(backends, file, text, options.policy, options.sops)
      : inventoryOtherFile(backends, file, text)
    if (record) records.push(record)
  }
  if (progress) ctx.io.stderr('\r\u001b[K')
  return records
}

/** The counts `status` ends with; every listed document is exactly one of protected, plaintext, noValues. */
interface StatusSummary {
  files: number
  documents: number
  protected: number
  plaintext: number
  noValues: number
  templates: number
  problems: number
  warnings: number
}

function summarize(records: readonly InventoryFile[], clusters: readonly ClusterCert[]): StatusSummary {
  const documents = records.flatMap((r) => r.documents)
  const total = (key: 'problems' | 'warnings'): number =>
    records.reduce((n, record) => n + record[key].length, 0) +
    clusters.reduce((n, cluster) => n + cluster[key].length, 0)
  return {
    files: records.length,
    documents: documents.length,
    protected: documents.filter((d) => d.backend !== undefined).length,
    plaintext: documents.filter((d) => d.backend === undefined && d.values === undefined).length,
    noValues: documents.filter((d) => d.backend === undefined && d.values !== undefined).length,
    templates: records.filter((r) => r.template === true).length,
    problems: total('problems'),
    warnings: total('warnings'),
  }
}

/** The text report: clusters, one line per document, each file's problems and warnings, the counts. */
function printStatus(
  ctx: CommandContext,
  clusters: readonly ClusterCert[],
  records: readonly InventoryFile[],
  summary: StatusSummary,
): void {
  const paint = (code: string, text: string): string => (ctx.color ? `\u001b[${code}m${text}\u001b[0m` : text)
  // File names, Secret names and messages come from the files: escape their control characters, so
  // a name cannot drive the terminal or start a line of its own.
  const safe = printable
  const width = Math.min(60, Math.max(0, ...records.map((r) => safe(r.path).length)))
  const backendWidth = Math.max(9, ...records.flatMap((r) => r.documents.map((d) => d.backend?.length ?? 0)))
  for (const cluster of clusters) {
    ctx.io.stdout(
      `cluster ${safe(cluster.name)}  ${safe(cluster.cert)}${cluster.notAfter ? `  expires ${cluster.notAfter.slice(0, 10)}` : ''}\n`,
    )
    for (const problem of cluster.problems) ctx.io.stdout(`  ${paint('31', 'error')}: ${safe(problem)}\n`)
    for (const warning of cluster.warnings) ctx.io.stdout(`  ${paint('33', 'warning')}: ${safe(warning)}\n`)
  }
  for (const record of records) {
    for (const doc of record.documents) {
      const what =
        doc.backend !== undefined
          ? paint('32', doc.backend.padEnd(backendWidth))
          : doc.values !== undefined
            ? 'no values'.padEnd(backendWidth)
            : paint('31', 'PLAINTEXT'.padEnd(backendWidth))
      const name = safe(doc.name === undefined ? doc.kind : `${doc.kind}/${doc.name}`)
      const note =
        doc.summary ??
        (doc.values === 'substituted' ? 'every value is filled in at deploy time (${VAR}, op://, ref+…)' : '')
      ctx.io.stdout(`${safe(record.path).padEnd(width)}  ${what}  ${name}${note ? `  ${safe(note)}` : ''}\n`)
    }
    if (record.template === true)
      ctx.io.stdout(`${safe(record.path).padEnd(width)}  ${'template'.padEnd(backendWidth)}  not inspected\n`)
    else if (record.documents.length === 0)
      ctx.io.stdout(`${safe(record.path).padEnd(width)}  ${paint('33', 'UNREADABLE')}\n`)
    for (const problem of record.problems) ctx.io.stdout(`  ${paint('31', 'error')}: ${safe(problem)}\n`)
    for (const warning of record.warnings) ctx.io.stdout(`  ${paint('33', 'warning')}: ${safe(warning)}\n`)
  }
  const templateNote = summary.templates > 0 ? ` (${summary.templates} template(s) not inspected)` : ''
  ctx.io.stdout(
    `${summary.files} file(s)${templateNote}, ${summary.documents} document(s): ${summary.protected} protected, ` +
      `${summary.plaintext} plaintext, ${summary.noValues} without values; ${summary.problems} problem(s), ${summary.warnings} warning(s)\n`,
  )
}

/** A cluster certificate of gitseal.yaml as `status` reports it. */
interface ClusterCert {
  name: string
  cert: string
  sha256?: string
  notAfter?: string
  problems: string[]
  warnings: string[]
}

/**
 * Every cluster certificate gitseal.yaml names, read and checked: a missing or unreadable file is a
 * problem (sealing would fail), expiry, not-yet-valid and weak keys are warnings. URLs are not fetched.
 */
async function clusterCerts(
  ctx: CommandContext,
  loaded: import('../../config/discover.js').LoadedConfig,
): Promise<ClusterCert[]> {
  const { isCertUrl, loadCert } = await import('../../sealed/cert-source.js')
  const { certFindings } = await import('../../sealed/cert.js')
  const { isGitsealError } = await import('../../core/errors.js')
  const { saveCertHint } = await import('../../sealed/cert-save-hint.js')
  const { lstat } = await import('node:fs/promises')
  const nodePath = await import('node:path')
  const out: ClusterCert[] = []
  for (const [name, cluster] of loaded.config.clusters) {
    if (cluster.cert === undefined || isCertUrl(cluster.cert)) continue
    const report: ClusterCert = { name, cert: cluster.cert, problems: [], warnings: [] }
    out.push(report)
    try {
      const cert = await loadCert(cluster.cert, { baseDir: loaded.dir, allowWeak: true })
      report.sha256 = cert.sha256
      report.notAfter = cert.notAfter.toISOString()
      for (const finding of certFindings(cert))
        report.warnings.push(`certificate ${cluster.cert}: ${finding.message}`)
    } catch (error) {
      const message = isGitsealError(error) ? error.message : String(error)
      const nothingThere = await lstat(nodePath.resolve(loaded.dir, cluster.cert)).then(
        () => false,
        (failure: unknown) => (failure as NodeJS.ErrnoException).code === 'ENOENT',
      )
      report.problems.push(`cluster ${name}: ${message}; ${saveCertHint(name, cluster.cert, nothingThere)}`)
    }
  }
  return out
}

/**
 * The `.sops.yaml` nearest the working directory (there or above), found and read as `encrypt` and
 * `updatekeys` find and read it (sops/config-discover.ts); undefined when there is none.
 */
async function loadSopsRules(
  ctx: CommandContext,
): Promise<import('../../workflow/inventory.js').InventorySops | undefined> {
  const [nodePath, { loadSopsConfig }, { readTextIfExists }, { policyPath }] = await Promise.all([
    import('node:path'),
    import('../../sops/config-discover.js'),
    import('../../io/bounded-read.js'),
    import('../../config/policy.js'),
  ])
  // loadSopsConfig looks from a file's directory upwards: here, from the working directory.
  const found = await loadSopsConfig(nodePath.join(ctx.io.cwd, '.sops.yaml'), { readFile: readTextIfExists })
  if (found === undefined) return undefined
  const base = nodePath.dirname(found.path)
  return {
    file: nodePath.relative(ctx.io.cwd, found.path),
    config: found.config,
    relativePathOf: (path) => {
      try {
        return policyPath(base, ctx.path(path))
      } catch {
        return undefined
      }
    },
  }
}
