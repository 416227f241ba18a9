/** Helpers every command shares: input, output, warnings, colours. */
import { isAbsolute, resolve } from 'node:path'
import type { BackendRegistry } from '../core/backend.js'
import type { PolicyBackends } from '../config/policy-params.js'
import type { MergeCodec } from '../workflow/merge-codec.js'
import type { Prompter } from './prompts.js'
import { GitsealError } from '../core/errors.js'
import { printable } from '../core/printable.js'
import type { CliIO } from './stdio.js'

/** What a command handler gets besides its options. */
export interface CommandContext {
  readonly io: CliIO
  /** Print `gitseal: warning: <message>` on stderr. */
  warn(message: string): void
  /** Print an informational line on stderr (never on stdout, which carries results). */
  info(message: string): void
  /** Resolve a user path against the run's working directory. */
  path(file: string): string
  /** True when colours may be used on stderr (a TTY, and NO_COLOR unset). */
  readonly color: boolean
  /** Exit code of the run when the command returns normally (1 = findings / validation failed). */
  exitCode: number
  /** The backends this run protects with and recognises, loaded on first use (start-up stays lean). */
  backends(): Promise<BackendRegistry>
  /**
   * The backends a `gitseal.yaml` policy may name, with their parameter checks: the built-in ones
   * without loading them, or those of the caller's registry.
   */
  policyBackends(): Promise<PolicyBackends>
  /** The merge driver's codec when the caller gave one (tests); otherwise the SOPS one is built. */
  readonly mergeCodec?: MergeCodec
  /** The prompter when the caller gave one (tests script the answers); otherwise inquirer asks. */
  readonly prompter?: Prompter
}

/** Loads the backends a run uses; the default loads the built-in ones. */
export type BackendLoader = () => Promise<BackendRegistry>

const loadBuiltinBackends: BackendLoader = async () =>
  (await import('../workflow/builtin.js')).builtinBackends()

/** What a run may use instead of the built-in pieces (tests; programs embedding the CLI). */
export interface ContextOptions {
  /** Loads the backends instead of the built-in ones. */
  backends?: BackendLoader
  /** The merge driver's codec instead of the SOPS one. */
  mergeCodec?: MergeCodec
  /** The prompter instead of inquirer (still only on a terminal). */
  prompter?: Prompter
}

/** Build the context for one run. */
export function createContext(io: CliIO, options: ContextOptions = {}): CommandContext {
  const loadBackends = options.backends ?? loadBuiltinBackends
  let backends: Promise<BackendRegistry> | undefined
  return {
    ...(options.mergeCodec ? { mergeCodec: options.mergeCodec } : {}),
    ...(options.prompter ? { prompter: options.prompter } : {}),
    backends: () => (backends ??= loadBackends()),
    policyBackends: async () => {
      const { BUILTIN_POLICY_BACKENDS, policyBackendsOf } = await import('../config/policy-params.js')
      if (options.backends === undefined) return BUILTIN_POLICY_BACKENDS
      return policyBackendsOf((await (backends ??= loadBackends())).backends)
    },
    io,
    // Messages name files and quote what files hold: escaped as errors are (src/cli/main.ts).
    // One line each: a newline in a file name a message carries must not forge a line.
    warn: (message) => io.stderr(`gitseal: warning: ${printable(message)}\n`),
    info: (message) => io.stderr(`${printable(message)}\n`),
    path: (file) => (isAbsolute(file) ? file : resolve(io.cwd, file)),
    color: io.stderrIsTTY && io.env.NO_COLOR === undefined,
    exitCode: 0,
  }
}

/** An input read from a file or stdin, with the name to use in messages. */
export interface Input {
  /** `<stdin>` or the path as the user typed it. */
  name: string
  /** Absolute path, or undefined for stdin. */
  path: string | undefined
  bytes: Uint8Array
  text: string
}

/**
 * Read FILE, or stdin when FILE is `-` or missing. Refuses to wait on an interactive terminal.
 * @throws GitsealError `E_USAGE` when stdin is a TTY, `E_NOT_FOUND`/`E_IO` for file errors.
 */
export async function readInput(
  ctx: CommandContext,
  file: string | undefined,
  what = 'input',
): Promise<Input> {
  if (file === undefined || file === '-') {
    if (ctx.io.stdinIsTTY) {
      throw new GitsealError('E_USAGE', `no ${what} given and stdin is a terminal`, {
        hint: 'Pass a FILE argument, or pipe the input in (use - for stdin).',
      })
    }
    const bytes = await ctx.io.readStdin()
    return { name: '<stdin>', path: undefined, bytes, text: new TextDecoder().decode(bytes) }
  }
  const { readFileBytes } = await import('../io/read-file.js')
  const path = ctx.path(file)
  const bytes = await readFileBytes(path, file)
  return { name: file, path, bytes, text: new TextDecoder().decode(bytes) }
}

/**
 * Write a result to `-o FILE` atomically, or to stdout when no file (or `-`) is given. `secret`:
 * plaintext, written 0600 through a private temp dir (see `writeFileAtomic`). An output is never
 * written through a symbolic link (the file, or a directory leading out of the current one: a link
 * committed in the repository could point anywhere); `inPlace`, rewriting the file the command
 * read, writes through a link at the file as `-i` does.
 */
export async function writeOutput(
  ctx: CommandContext,
  file: string | undefined,
  data: string | Uint8Array,
  options: { mode?: number; secret?: boolean; inPlace?: boolean } = {},
): Promise<void> {
  if (file === undefined || file === '-') {
    ctx.io.stdout(data)
    return
  }
  const { inPlace, ...rest } = options
  const path = ctx.path(file)
  if (inPlace !== true) {
    const { checkOutputDirectory } = await import('../io/output-path.js')
    await checkOutputDirectory(ctx.path('.'), path, file)
  }
  const { writeFileAtomic } = await import('../io/atomic-write.js')
  await writeFileAtomic(path, data, {
    ...rest,
    followSymlink: inPlace === true,
    warn: (message) => ctx.warn(message),
  })
}

/** Print a value as pretty JSON on stdout, for `--json`. */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

/** Commander helper for repeatable options: `--key a --key b` → ['a', 'b']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/**
 * Read FILE (or stdin) and parse it as a YAML/JSON manifest.
 * @throws GitsealError `E_BAD_MANIFEST` naming the file and line of a syntax error, or invalid UTF-8.
 */
export async function readManifestInput(
  ctx: CommandContext,
  file: string | undefined,
): Promise<{ input: Input; manifest: import('../core/manifest.js').Manifest }> {
  const input = await readInput(ctx, file, 'manifest')
  const { parseManifest } = await import('../core/manifest.js')
  const { decodeUtf8Strict } = await import('../core/utf8.js')
  return { input, manifest: parseManifest(decodeUtf8Strict(input.bytes, input.name), input.name) }
}
