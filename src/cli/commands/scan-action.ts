/**
 * What `gitseal scan` does once its flags are parsed: pick the source, load gitseal.yaml and
 * .sops.yaml for the engine, run the scan with a TTY-only progress line, render the report and set
 * the exit code (1 when findings remain after the baseline).
 */
import { relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { GitsealError } from '../../core/errors.js'
import { importModule } from '../../core/import-module.js'
import { findUp as findNearest } from '../../io/find-up.js'
import { DEFAULT_WARN_ONLY } from '../../config/model.js'
import type { ScanConfig } from '../../config/model.js'
import type { DetectorOptions, ScanOptions, ScanSource, ScanSummary } from '../../scan/index.js'
import type { ReportFormat, ReporterRule } from '../../scan/reporters/types.js'
import type { Finding } from '../../scan/types.js'
import type { CommandContext } from '../context.js'
import type { ScanCommandOptions } from './scan.js'

const FORMATS: readonly string[] = ['text', 'json', 'sarif', 'junit']

function usage(message: string, hint: string): GitsealError {
  return new GitsealError('E_USAGE', message, { hint })
}

/** The source the flags ask for. @throws GitsealError `E_USAGE` for conflicting flags. */
async function sourceFor(
  ctx: CommandContext,
  paths: string[],
  options: ScanCommandOptions,
): Promise<ScanSource> {
  // `gitseal scan -` reads stdin, like every other command's `-`.
  if (paths.length === 1 && paths[0] === '-' && options.staged !== true) {
    paths = []
    options.stdin = true
  }
  const modes = [options.staged === true, options.git !== undefined, options.stdin === true].filter(
    Boolean,
  ).length
  if (modes > 1) throw usage('--staged, --git and --stdin cannot be combined', 'Pick one source per run.')
  if (options.stdinFilename !== undefined && options.stdin !== true) {
    throw usage('--stdin-filename needs --stdin', 'Add --stdin, or scan the file by its path.')
  }
  if (options.git !== undefined || options.stdin === true) {
    if (paths.length > 0) throw usage('paths cannot be given with --git or --stdin', 'Drop the paths.')
  }
  if (options.staged === true) return { kind: 'staged', cwd: ctx.io.cwd, paths }
  if (options.git !== undefined) {
    return options.git === true
      ? { kind: 'git', cwd: ctx.io.cwd }
      : { kind: 'git', cwd: ctx.io.cwd, range: options.git }
  }
  if (options.stdin === true) {
    if (ctx.io.stdinIsTTY) throw usage('--stdin given but stdin is a terminal', 'Pipe the content in.')
    // Read up to --max-file-size (and one byte more), as a file: input past it is a scan-incomplete
    // finding (exit 1) like a file's, not a usage error (exit 2) at 32 MiB.
    const { DEFAULT_MAX_FILE_SIZE } = await import('../../scan/workers/scan-job.js')
    const maxMb = positiveNumber(options.maxFileSize, '--max-file-size')
    const max = maxMb === undefined ? DEFAULT_MAX_FILE_SIZE : Math.round(maxMb * 1024 * 1024)
    return {
      kind: 'content',
      content: await ctx.io.readStdin(max),
      filename: options.stdinFilename ?? '<stdin>',
    }
  }
  return {
    kind: 'paths',
    paths,
    cwd: ctx.io.cwd,
    includeVendored: options.includeVendored === true,
    noGitignore: !options.gitignore,
  }
}

/** The nearest of `names` from `dir` up to the repository root (`.git`), with its text. */
async function findUp(
  dir: string,
  names: readonly string[],
): Promise<{ path: string; text: string } | undefined> {
  const path = findNearest(dir, names)
  if (path === undefined) return undefined
  const { readTextBounded } = await import('../../io/bounded-read.js')
  return { path, text: await readTextBounded(path) }
}

/** The directory reported paths are relative to: the working directory, or the repository's top level in git modes. */
async function reportRoot(ctx: CommandContext, source: ScanSource): Promise<string> {
  if (source.kind !== 'staged' && source.kind !== 'git') return ctx.io.cwd
  const { gitTopLevel } = await import('../../io/git.js')
  return gitTopLevel(ctx.io.cwd)
}

/**
 * The `scan` section of gitseal.yaml (`--config`, else the nearest one). The YAML parser is loaded
 * only when a file exists: the pre-commit hook should not pay for it in repositories without one.
 * `--config REV:PATH` reads it from git (see file-at-revision.ts); a revision without it means
 * the default settings, said on stderr.
 */
async function loadScanConfig(ctx: CommandContext, configPath: string | undefined) {
  if (configPath !== undefined) {
    const { fileAtRevision } = await import('../file-at-revision.js')
    const { MAX_CONFIG_BYTES } = await import('../../core/config-limits.js')
    const pinned = await fileAtRevision(ctx.io.cwd, ctx.path(configPath), configPath, {
      flag: '--config',
      maxBytes: MAX_CONFIG_BYTES,
      tooLargeHint: 'A gitseal.yaml is a few KiB: check that this file is the configuration.',
    })
    if (pinned !== undefined) {
      if (pinned.text === undefined) {
        ctx.warn(`${pinned.name} does not exist: scanning with the default settings`)
        return undefined
      }
      const { parseGitsealConfig } = await import('../../config/gitseal-config.js')
      return parseGitsealConfig(pinned.text, pinned.name, await ctx.policyBackends()).scan
    }
  }
  const found = configPath === undefined ? await findUp(ctx.io.cwd, ['gitseal.yaml']) : undefined
  if (configPath === undefined && found === undefined) return undefined
  const { loadGitsealConfig } = await import('../../config/discover.js')
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    backends: await ctx.policyBackends(),
    ...(configPath === undefined ? {} : { configPath: ctx.path(configPath) }),
  })
  return loaded.config.scan
}

/**
 * Say so when the commits scanned change `path` (the gitseal.yaml or baseline the scan uses): a
 * pull request could silence its own gate (red team 19 A15). `--config origin/main:gitseal.yaml`
 * and `--baseline origin/main:<file>` pin them.
 */
async function warnWhenRangeChanges(
  ctx: CommandContext,
  range: string,
  path: string,
  flag: string,
  what: string,
): Promise<void> {
  const { gitTopLevel, runGit } = await import('../../io/git.js')
  const file = relative(await gitTopLevel(ctx.io.cwd), path)
    .split(sep)
    .join('/')
  const args = ['log', '--format=%h', '-n1', '--end-of-options', range, '--', `:(literal)${file}`]
  const changed = await runGit(ctx.io.cwd, args, 'git log').catch(() => Buffer.alloc(0))
  if (changed.length === 0) return
  ctx.warn(
    `${file} is changed by ${range} and this scan uses its ${what} as changed; to scan with the base's, pass ${flag} <base>:${file} (e.g. origin/main:${file})`,
  )
}

/** {@link warnWhenRangeChanges} for the unpinned gitseal.yaml and baseline a `--git RANGE` scan uses. */
async function warnWhenRangeChangesSettings(
  ctx: CommandContext,
  range: string,
  options: ScanCommandOptions,
  baselinePinned: boolean,
): Promise<void> {
  if (options.config === undefined) {
    const found = findNearest(ctx.io.cwd, ['gitseal.yaml'])
    if (found !== undefined) await warnWhenRangeChanges(ctx, range, found, '--config', 'settings')
  }
  if (options.baseline !== undefined && !baselinePinned && options.writeBaseline === undefined)
    await warnWhenRangeChanges(ctx, range, ctx.path(options.baseline), '--baseline', 'entries')
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0)
    throw usage(`${flag} must be a number ≥ 0, got '${value}'`, `e.g. ${flag} 10`)
  return number
}

/** Every rule of the detector module (SARIF lists them all): gitseal's engine, or the one given. */
async function reporterRules(
  ctx: CommandContext,
  detectorModule: string | undefined,
): Promise<readonly ReporterRule[]> {
  const specifier =
    detectorModule === undefined
      ? (await import('../../scan/scan.js')).ENGINE_MODULE
      : moduleUrl(ctx, detectorModule)
  return ((await importModule(specifier)) as { RULES?: readonly ReporterRule[] }).RULES ?? []
}

/** A module specifier for `import()`: file paths become file URLs, URLs and package names stay. */
function moduleUrl(ctx: CommandContext, spec: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)) return spec
  if (spec.startsWith('.') || spec.startsWith('/') || spec.includes('\\'))
    return pathToFileURL(ctx.path(spec)).href
  return spec
}

/** Run `gitseal scan` with parsed flags: choose the source, scan it, then report or write a baseline. */
export async function runScanCommand(
  ctx: CommandContext,
  paths: string[],
  options: ScanCommandOptions,
): Promise<void> {
  if (!FORMATS.includes(options.format)) {
    throw usage(`unknown --format '${options.format}'`, `Use one of: ${FORMATS.join(', ')}.`)
  }
  const maxMb = positiveNumber(options.maxFileSize, '--max-file-size')
  const jobs = positiveNumber(options.jobs, '--jobs')
  const source = await sourceFor(ctx, paths, options)
  const scanConfig = await loadScanConfig(ctx, options.config)
  const detectorOptions = await detectorOptionsFor(ctx, source, scanConfig)
  const { baseline, pinned } = await readBaseline(ctx, options)
  if (source.kind === 'git' && source.range !== undefined)
    await warnWhenRangeChangesSettings(ctx, source.range, options, pinned)
  const scanOptions: ScanOptions = {
    detectorOptions,
    ...(options.detectorModule === undefined
      ? {}
      : { detectorModule: moduleUrl(ctx, options.detectorModule) }),
    exclude: options.exclude ?? [],
    ...(baseline === undefined ? {} : { baseline }),
    ...(maxMb === undefined ? {} : { maxFileSize: Math.round(maxMb * 1024 * 1024) }),
    // More threads than this only costs memory; a typo like --jobs 1000 must not start 1000 workers.
    ...(jobs === undefined ? {} : { workers: Math.min(Math.floor(jobs), 64) }),
  }
  const { findings, summary } = await collect(ctx, source, scanOptions, options.progress)
  if (options.writeBaseline !== undefined) await writeBaseline(ctx, options.writeBaseline, findings)
  else await report(ctx, options, findings, summary, new Set(scanConfig?.warnOnly ?? DEFAULT_WARN_ONLY))
}

/** The detector's settings: gitseal.yaml's scan section and the nearest `.sops.yaml`. */
async function detectorOptionsFor(
  ctx: CommandContext,
  source: ScanSource,
  scanConfig: ScanConfig | undefined,
): Promise<DetectorOptions> {
  const sops = await findUp(ctx.io.cwd, ['.sops.yaml', '.sops.yml'])
  // The engine matches creation rules against reported paths, so name the file the same way.
  const sopsConfig =
    sops === undefined
      ? undefined
      : {
          file: relative(await reportRoot(ctx, source), sops.path)
            .split(sep)
            .join('/'),
          text: sops.text,
        }
  return {
    ...(scanConfig === undefined
      ? {}
      : {
          allowlist: scanConfig.allowlist,
          // gitseal.yaml keeps extra rules as written; createDetector validates them.
          extraRules: scanConfig.extraRules as unknown as NonNullable<DetectorOptions['extraRules']>,
          disabledRules: scanConfig.disabledRules,
        }),
    ...(sopsConfig === undefined ? {} : { sopsConfig }),
  }
}

/**
 * The `--baseline` fingerprints, unless a baseline is being written (it records every finding).
 * `--baseline REV:PATH` reads it from git (`pinned`); a revision without it means no baseline, said.
 */
async function readBaseline(
  ctx: CommandContext,
  options: ScanCommandOptions,
): Promise<{ baseline: Set<string> | undefined; pinned: boolean }> {
  if (options.baseline === undefined || options.writeBaseline !== undefined)
    return { baseline: undefined, pinned: false }
  const { readFileText } = await import('../../io/read-file.js')
  const { parseBaseline } = await import('../../scan/baseline.js')
  const { fileAtRevision } = await import('../file-at-revision.js')
  const { MAX_INPUT_BYTES } = await import('../../io/bounded-read.js')
  const file = options.baseline
  const pinned = await fileAtRevision(ctx.io.cwd, ctx.path(file), file, {
    flag: '--baseline',
    maxBytes: MAX_INPUT_BYTES,
    tooLargeHint:
      'A baseline holds one short entry per accepted finding: check that this file is the baseline.',
  })
  if (pinned !== undefined && pinned.text === undefined) {
    ctx.warn(`${pinned.name} does not exist: every finding is reported`)
    return { baseline: undefined, pinned: true }
  }
  const text = pinned?.text ?? (await readFileText(ctx.path(file), file))
  const baseline = parseBaseline(text, file)
  if (baseline.version === 1) {
    ctx.warn(
      `${file} holds unsalted hashes of the secrets (baseline version 1), from which a weak password can be guessed; rewrite it salted with \`gitseal scan --write-baseline ${file}\` (same findings, new fingerprints)`,
    )
  }
  return { baseline, pinned: pinned !== undefined }
}

/**
 * The salt of the version 2 baseline at `file`, if there is one: a rewrite keeps it, so entries of
 * unchanged findings stay the same and the review diff shows only what changed. Anything else at
 * `file` (missing, version 1, not a baseline) gets a new salt.
 */
async function existingSalt(ctx: CommandContext, file: string): Promise<string | undefined> {
  const { readFileText } = await import('../../io/read-file.js')
  const { parseBaseline } = await import('../../scan/baseline.js')
  try {
    return parseBaseline(await readFileText(ctx.path(file), file), file).salt?.toString('hex')
  } catch {
    return undefined
  }
}

/** Run the scan to the end, with the progress line on a terminal. */
async function collect(
  ctx: CommandContext,
  source: ScanSource,
  scanOptions: ScanOptions,
  wantProgress: boolean,
): Promise<{ findings: Finding[]; summary: ScanSummary }> {
  const showProgress = wantProgress && ctx.io.stderrIsTTY && ctx.io.env.CI === undefined
  const progress = showProgress
    ? (await import('../../scan/reporters/progress.js')).createProgressLine((text) => ctx.io.stderr(text))
    : undefined
  const { scan } = await import('../../scan/scan.js')
  const run = scan(
    source,
    progress === undefined ? scanOptions : { ...scanOptions, onProgress: progress.update },
  )
  const findings: Finding[] = []
  try {
    for await (const finding of run) findings.push(finding)
  } finally {
    progress?.clear()
  }
  return { findings, summary: await run.summary() }
}

async function writeBaseline(ctx: CommandContext, file: string, findings: readonly Finding[]): Promise<void> {
  const { writeFileAtomic } = await import('../../io/atomic-write.js')
  const { createBaseline, stringifyBaseline } = await import('../../scan/baseline.js')
  const baselineFile = createBaseline(findings, await existingSalt(ctx, file))
  await writeFileAtomic(ctx.path(file), stringifyBaseline(baselineFile))
  ctx.info(`gitseal: wrote ${baselineFile.findings.length} known findings to ${file}`)
}

/** Print or write the report; exit 1 when anything outside `warnOnly` was found. */
async function report(
  ctx: CommandContext,
  options: ScanCommandOptions,
  findings: readonly Finding[],
  summary: ScanSummary,
  warnOnly: ReadonlySet<string>,
): Promise<void> {
  // Only SARIF lists every rule; the other formats describe a rule from its findings.
  const rules = options.format !== 'sarif' ? [] : await reporterRules(ctx, options.detectorModule)
  const { version } = await import('../main.js')
  const format = options.format as ReportFormat
  const toStdout = options.output === undefined || options.output === '-'
  const { formatReport, summaryLine } = await import('../../scan/reporters/index.js')
  const text = formatReport(format, {
    findings,
    summary,
    rules,
    toolVersion: version(),
    showSecrets: options.showSecrets === true,
    color: format === 'text' && toStdout && ctx.io.stdoutIsTTY && ctx.io.env.NO_COLOR === undefined,
  })
  const { writeOutput } = await import('../context.js')
  // A report with --show-secrets holds them in full: a new file is private (0600), as decrypt -o.
  await writeOutput(ctx, options.output, text, options.showSecrets === true ? { secret: true } : {})
  if (!toStdout && format !== 'text') ctx.info(summaryLine(summary))
  const blocking = findings.filter((finding) => !warnOnly.has(finding.ruleId)).length
  if (blocking > 0) ctx.exitCode = 1
  else if (findings.length > 0)
    ctx.info(
      `gitseal: ${findings.length} finding(s) of rules in scan.warnOnly (${[...new Set(findings.map((finding) => finding.ruleId))].join(', ')}) reported without failing the scan; set scan.warnOnly: [] in gitseal.yaml to fail on them`,
    )
}
