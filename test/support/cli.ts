/** Run the CLI in-process with captured IO, or the built bin as a child process. */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { run } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/stdio.js'
import type { BackendLoader } from '../../src/cli/context.js'
import type { MergeCodec } from '../../src/workflow/merge-codec.js'
import type { Prompter } from '../../src/cli/prompts.js'

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Options for an in-process run. */
export interface RunOptions {
  stdin?: string | Uint8Array
  cwd?: string
  env?: Record<string, string | undefined>
  tty?: boolean
  /** The backends to use instead of the built-in ones. */
  backends?: BackendLoader
  /** The merge driver's codec instead of the SOPS one. */
  mergeCodec?: MergeCodec
  /** Answers questions instead of inquirer (only asked when `tty` is true). */
  prompter?: Prompter
}

/** Run `gitseal argv...` in this process with fake stdio. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const out: Buffer[] = []
  let stderr = ''
  const io: CliIO = {
    stdout: (chunk) => out.push(Buffer.from(chunk)),
    stderr: (text) => (stderr += text),
    readStdin: () => Promise.resolve(new Uint8Array(Buffer.from(options.stdin ?? ''))),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdinIsTTY: options.tty ?? false,
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
  }
  const exitCode = await run(argv, io, {
    ...(options.backends ? { backends: options.backends } : {}),
    ...(options.mergeCodec ? { mergeCodec: options.mergeCodec } : {}),
    ...(options.prompter ? { prompter: options.prompter } : {}),
  })
  return { exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr }
}

/** Path of the built bin (vitest's global setup builds dist). */
export const BIN = fileURLToPath(new URL('../../bin/gitseal.js', import.meta.url))

/** Run the built `gitseal` as a real child process. */
export function runBin(
  argv: string[],
  options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    input: options.stdin ?? '',
    cwd: options.cwd,
    env: options.env ?? { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
