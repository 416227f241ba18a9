import { Option } from 'commander'
import type { Command } from 'commander'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** Options of `gitseal scan` as commander parses them. */
export interface ScanCommandOptions {
  staged?: boolean
  git?: string | true
  stdin?: boolean
  stdinFilename?: string
  format: string
  output?: string
  baseline?: string
  writeBaseline?: string
  exclude?: string[]
  includeVendored?: boolean
  gitignore: boolean
  showSecrets?: boolean
  maxFileSize?: string
  config?: string
  jobs?: string
  progress: boolean
  detectorModule?: string
}

/** `gitseal scan`: the secret-leak gate. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('scan')
    .summary('find plaintext secrets; sealed, SOPS and ExternalSecret files pass')
    .description(
      'Scan files, the staged changes, a commit range or stdin for plaintext secrets.\n' +
        'Exit 0 when clean, 1 when secrets are found, 2 on usage or input errors.',
    )
    .argument('[paths...]', 'files or directories (default: .); with --staged, pathspecs')
    .option('--staged', 'scan what is staged for commit (the index, not the working tree)')
    .option(
      '--git [range]',
      'scan lines added by each commit of a range, e.g. origin/main..HEAD (default: all of HEAD)',
    )
    .option('--stdin', 'scan standard input')
    .option('--stdin-filename <path>', 'path to report for --stdin (path-dependent rules use it)')
    .option('--format <format>', 'text | json | sarif | junit', 'text')
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout')
    .option(
      '--baseline <file>',
      'report only findings not in this baseline, or REV:PATH to read it from git (in CI: origin/main:<file>)',
    )
    .option('--write-baseline <file>', 'write every current finding to a baseline FILE and exit 0')
    .option('--baseline-create <file>', 'alias of --write-baseline')
    .option('--exclude <glob>', 'skip paths matching a gitignore-style glob (repeatable)', collect)
    .option('--include-vendored', 'also walk node_modules, .venv and other installed dependencies')
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('--show-secrets', 'print secrets in full (redacted by default)')
    .option('--max-file-size <MB>', 'skip files larger than this (default 50)')
    .option(
      '--config <file>',
      'gitseal.yaml to use, or REV:PATH to read it from git (in CI: origin/main:gitseal.yaml) (default: nearest one up to the repository root)',
    )
    .option(
      '--jobs <n>',
      'worker threads (default: automatic, one per core but one for large scans on 3+ cores; 0: none)',
    )
    .option('--no-progress', 'never show the progress line (shown only on a terminal)')
    .addOption(
      new Option(
        '--detector-module <url>',
        'module exporting createDetector(options) (tests, plug-ins)',
      ).hideHelp(),
    )
    .action(
      async (paths: string[], options: ScanCommandOptions & { baselineCreate?: string; json?: boolean }) => {
        const { runScanCommand } = await import('./scan-action.js')
        if (options.baselineCreate !== undefined) options.writeBaseline ??= options.baselineCreate
        if (options.json === true) options.format = 'json'
        await runScanCommand(ctx, paths, options)
      },
    )
  withExamples(command, [
    'gitseal scan .',
    'gitseal scan --staged',
    'gitseal scan --git origin/main..HEAD --format sarif -o gitseal.sarif',
    'kubectl get secret db -o yaml | gitseal scan --stdin --stdin-filename db.yaml',
    'gitseal scan --write-baseline .gitseal-baseline.json && gitseal scan --baseline .gitseal-baseline.json',
  ])
}
