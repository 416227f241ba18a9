import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import type { ManifestFormat } from '../../core/manifest.js'
import type { Secret } from '../../core/secret.js'
import type { Scope } from '../../sealed/scope.js'
import { addCertOptions, readKeyFlags, resolveCerts } from '../cert-options.js'
import type { CertFlags } from '../cert-options.js'
import { collect, readInput, readManifestInput, writeOutput } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

interface SealFlags extends CertFlags {
  scope?: string
  format?: string
  output?: string
  sealedSecretFile?: string
  outPattern?: string
  mergeInto?: string
  key?: string[]
  name?: string
  namespace?: string
  raw?: boolean
  fromFile?: string
  allowEmptyData?: boolean
}

/** `gitseal seal`: a Kubernetes Secret → SealedSecret, as `kubeseal` does (offline with --cert). */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('seal')
    .summary('seal a Secret into a SealedSecret for a cluster (kubeseal-compatible)')
    .description(
      'Seal every Secret in FILE (or stdin) into a SealedSecret that only the cluster holding the ' +
        "controller's private key can open. Other documents are passed through unchanged.",
    )
    .argument('[file]', 'Secret manifest (YAML or JSON, multi-document); - or omitted for stdin')
  addCertOptions(command)
    .option(
      '--scope <scope>',
      'strict | namespace-wide | cluster-wide (default: from the input, else strict)',
    )
    .option('--format <format>', 'output format: yaml | json (default: from -o, else the input format)')
    .option(
      '-o, --output <file>',
      "write to FILE atomically instead of stdout (a bare json or yaml is read as kubeseal's -o format)",
    )
    .option('-w, --sealed-secret-file <file>', "kubeseal's spelling of -o FILE")
    .option(
      '--out-pattern <pattern>',
      "one file per cluster/Secret: e.g. 'clusters/{cluster}/{name}.sealed.yaml'",
    )
    .option('--merge-into <file>', 'update an existing SealedSecret file in place with the sealed keys')
    .option('--key <pem>', 'with --merge-into: private key; unchanged values keep their ciphertext', collect)
    .option('--name <name>', 'override the Secret name')
    .option(
      '--namespace <namespace>',
      'set the namespace of a Secret without one (a different one is an error)',
    )
    .option('--allow-empty-data', 'seal a Secret that has no data')
    .option('--raw', 'seal one value (from --from-file or stdin) and print it as base64')
    .option('--from-file <file>', 'with --raw: the file whose bytes are sealed ([key=]path)')
    .action(async (file: string | undefined, flags: SealFlags) => {
      await runSeal(ctx, file, flags)
    })
  withExamples(command, [
    'gitseal seal secret.yaml --cert prod.pem -o secret.sealed.yaml',
    'kubectl create secret generic db --from-literal=pw=s3cr3t --dry-run=client -o yaml | gitseal seal --cluster prod',
    "gitseal seal db.yaml --cluster prod --cluster staging --out-pattern 'clusters/{cluster}/{name}.sealed.yaml'",
    'gitseal seal --raw --from-file pw.txt --namespace prod --name db --cert prod.pem',
    'gitseal seal new-keys.yaml --merge-into db.sealed.yaml --cert prod.pem',
  ])
}

/**
 * kubeseal habits read as kubeseal means them: `-o json|yaml` is its output *format* (a note says
 * so; `-o ./json` writes a file of that name) and `-w`/`--sealed-secret-file` its output file.
 */
function kubesealOutputFlags(ctx: CommandContext, flags: SealFlags): SealFlags {
  let out = flags
  if (flags.output !== undefined && /^(json|yaml)$/i.test(flags.output)) {
    const format = flags.output.toLowerCase()
    if (flags.format !== undefined && flags.format.toLowerCase() !== format) {
      throw new GitsealError('E_USAGE', `-o ${flags.output} and --format ${flags.format} disagree`, {
        hint: `-o ${flags.output} is read as kubeseal's output format; to write a file named ${flags.output}, use -o ./${flags.output}.`,
      })
    }
    ctx.io.stderr(
      `gitseal: note: -o ${flags.output} is read as kubeseal's output format (--format ${format}); ` +
        `to write a file named ${flags.output}, use -o ./${flags.output}\n`,
    )
    const { output: _format, ...rest } = flags
    out = { ...rest, format }
  }
  if (out.sealedSecretFile !== undefined) {
    if (out.output !== undefined) {
      throw new GitsealError('E_USAGE', '-o and -w/--sealed-secret-file name two output files', {
        hint: 'Give one of them.',
      })
    }
    out = { ...out, output: out.sealedSecretFile }
  }
  return out
}

function outputFormat(flags: SealFlags, file: string | undefined): ManifestFormat | undefined {
  if (flags.format !== undefined) {
    const format = flags.format.toLowerCase()
    if (format !== 'yaml' && format !== 'json') {
      throw new GitsealError('E_USAGE', `unsupported output format: ${flags.format}`, {
        hint: 'Use yaml or json.',
      })
    }
    return format
  }
  if (file !== undefined && /\.ya?ml$/i.test(file)) return 'yaml'
  if (file !== undefined && /\.json$/i.test(file)) return 'json'
  return undefined
}

/** Flags that cannot go together, checked before any input is read. @throws GitsealError `E_USAGE`. */
function checkSealFlags(flags: SealFlags, file: string | undefined): void {
  if (flags.fromFile !== undefined && !flags.raw) {
    throw new GitsealError('E_USAGE', '--from-file requires --raw')
  }
  const exclusive = [
    flags.raw && '--raw',
    flags.mergeInto && '--merge-into',
    flags.outPattern && '--out-pattern',
  ]
  if (exclusive.filter(Boolean).length > 1) {
    throw new GitsealError('E_USAGE', `${exclusive.filter(Boolean).join(' and ')} cannot be combined`)
  }
  if (flags.output !== undefined && flags.outPattern !== undefined) {
    throw new GitsealError('E_USAGE', '-o and --out-pattern cannot be combined')
  }
  if (flags.raw && file !== undefined) {
    throw new GitsealError('E_USAGE', '--raw reads --from-file or stdin, not FILE')
  }
}

type Certs = Awaited<ReturnType<typeof resolveCerts>>
type CertsFor = () => Promise<{ certs: Certs; first: NonNullable<Certs[number]> }>

async function runSeal(ctx: CommandContext, file: string | undefined, given: SealFlags): Promise<void> {
  const flags = kubesealOutputFlags(ctx, given)
  const { parseScope } = await import('../../sealed/scope.js')
  const scope = flags.scope === undefined ? undefined : parseScope(flags.scope)
  checkSealFlags(flags, file)
  // Read the input first: a broken or missing input is reported before any certificate work.
  const certsFor: CertsFor = async () => {
    const certs = await resolveCerts(ctx, flags)
    if (certs.length > 1 && flags.outPattern === undefined) {
      throw new GitsealError('E_USAGE', `sealing for ${certs.length} clusters needs --out-pattern`, {
        hint: "e.g. --out-pattern 'clusters/{cluster}/{name}.sealed.yaml'",
      })
    }
    const [first] = certs
    if (first === undefined) throw new GitsealError('E_USAGE', 'no certificate to seal with')
    return { certs, first }
  }
  if (flags.raw) await sealRawValue(ctx, flags, scope, certsFor)
  else await sealManifestFile(ctx, file, flags, scope, certsFor)
}

/** `--raw`: one value from --from-file or stdin, printed as kubeseal prints it. */
async function sealRawValue(
  ctx: CommandContext,
  flags: SealFlags,
  scope: Scope | undefined,
  certsFor: CertsFor,
): Promise<void> {
  const source = flags.fromFile?.replace(/^[^=/]*=/, '')
  const input = await readInput(ctx, source, 'value to seal')
  const { first } = await certsFor()
  const { sealRaw } = await import('../../sealed/build.js')
  const value = sealRaw(input.bytes, first.cert, {
    scope: scope ?? first.defaultScope ?? 'strict',
    namespace: flags.namespace,
    name: flags.name,
  })
  // kubeseal prints no newline; add one only for a person at a terminal.
  ctx.io.stdout(ctx.io.stdoutIsTTY ? `${value}\n` : value)
}

/** A Secret manifest: sealed to -o/stdout, merged into an existing SealedSecret, or one file per cluster. */
async function sealManifestFile(
  ctx: CommandContext,
  file: string | undefined,
  flags: SealFlags,
  scope: Scope | undefined,
  certsFor: CertsFor,
): Promise<void> {
  const { manifest } = await readManifestInput(ctx, file)
  const { readSecrets } = await import('../../core/secret.js')
  const secrets = readSecrets(manifest) // validates every Secret before any certificate work
  const { certs, first } = await certsFor()
  const options = {
    scope,
    name: flags.name,
    namespace: flags.namespace,
    allowEmptyData: flags.allowEmptyData,
  }
  if (flags.mergeInto !== undefined) {
    const secret = secrets[0]
    if (secrets.length !== 1 || secret === undefined) {
      throw new GitsealError(
        'E_USAGE',
        `${manifest.file}: --merge-into takes exactly one Secret (found ${secrets.length})`,
      )
    }
    await mergeInto(ctx, flags, flags.mergeInto, secret, first.cert, scope)
    return
  }

  const { sealManifest } = await import('../../sealed/seal-manifest.js')
  if (flags.outPattern === undefined) {
    const format = outputFormat(flags, flags.output)
    const { text } = sealManifest(manifest, first.cert, {
      ...options,
      defaultScope: first.defaultScope,
      format,
    })
    await writeOutput(ctx, flags.output, text)
    return
  }
  const { planOutPattern } = await import('../../sealed/out-pattern.js')
  const outputs = planOutPattern(manifest, certs, flags.outPattern, {
    ...options,
    format: outputFormat(flags, flags.outPattern),
  })
  const fs = await import('node:fs/promises')
  const path = await import('node:path')
  for (const output of outputs) {
    await fs.mkdir(path.dirname(ctx.path(output.path)), { recursive: true })
    await writeOutput(ctx, output.path, output.text)
    ctx.info(`wrote ${output.path}`)
  }
}

/** `--merge-into`: reseal only the Secret's changed keys into an existing SealedSecret file. */
async function mergeInto(
  ctx: CommandContext,
  flags: SealFlags,
  mergeFile: string,
  secret: Secret,
  cert: NonNullable<Certs[number]>['cert'],
  scope: Scope | undefined,
): Promise<void> {
  const target = ctx.path(mergeFile)
  const { readFileText } = await import('../../io/read-file.js')
  const keys = flags.key === undefined ? [] : await readKeyFlags(ctx, flags.key)
  const { mergeIntoSealedSecret } = await import('../../sealed/merge.js')
  const result = mergeIntoSealedSecret(await readFileText(target, mergeFile), mergeFile, secret, cert, {
    scope,
    allowEmptyData: flags.allowEmptyData,
    keys,
  })
  await writeOutput(ctx, target, result.text, { inPlace: true })
  ctx.info(
    `${mergeFile}: sealed ${result.updated.length} key(s)` +
      (result.unchanged.length > 0 ? `, ${result.unchanged.length} unchanged kept as they were` : ''),
  )
}
