/**
 * CLI entry: `run(argv, io)` parses arguments, runs one command and returns the exit code.
 * Only `main()` touches `process`; everything else goes through `CliIO`.
 */
import { readFileSync } from 'node:fs'
import { CommanderError } from 'commander'
import { exitCodeFor, isGitsealError } from '../core/errors.js'
import { printable, terminalSafe } from '../core/printable.js'
import { createContext } from './context.js'
import type { ContextOptions } from './context.js'
import { processIO } from './stdio.js'
import type { CliIO } from './stdio.js'
import { buildProgram } from './program.js'
import { redactArguments, secretArguments } from './redact-args.js'

/** gitseal's version, from package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

/** Run the CLI with `argv` (without node and script) and return the exit code. Never throws. */
export async function run(
  argv: readonly string[],
  rawIo: CliIO,
  options: ContextOptions = {},
): Promise<number> {
  // A key or token given in the wrong place never comes back in a message (stdout carries results).
  const secrets = secretArguments(argv)
  const io: CliIO =
    secrets.length === 0
      ? rawIo
      : { ...rawIo, stderr: (text) => rawIo.stderr(redactArguments(text, secrets)) }
  const ctx = createContext(io, options)
  const debug = argv.includes('--debug') || io.env.GITSEAL_DEBUG === '1'
  try {
    const program = await buildProgram(ctx, version(), argv)
    await program.parseAsync([...argv], { from: 'user' })
    return ctx.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, the version or its own usage error.
      return error.exitCode === 0 ? 0 : 2
    }
    reportError(io, error, debug)
    return exitCodeFor(error)
  }
}

/**
 * Print an error as one readable line (plus hint); stack and causes only with --debug. Control
 * characters, newlines too, are escaped: messages carry file names and remote text an attacker may
 * have chosen, and a newline in a file name must not forge a line of its own.
 */
function reportError(io: CliIO, error: unknown, debug: boolean): void {
  if (isGitsealError(error)) {
    io.stderr(`gitseal: ${printable(error.message)}\n`)
    if (error.hint) io.stderr(`  hint: ${printable(error.hint)}\n`)
  } else if (debug) {
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`gitseal: unexpected error: ${printable(message)}\n`)
  } else {
    // Only the kind of error: Node's messages quote the data they failed on (`Received 'x\0y'`,
    // JSON.parse's `"s3cr…" is not valid JSON`), which may be a secret. --debug shows it all.
    const code = (error as { code?: unknown } | null)?.code
    const kind = `${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` ${code}` : ''}`
    io.stderr(`gitseal: unexpected error (${printable(kind)})\n`)
    io.stderr('  hint: run again with --debug for details, and please report it.\n')
  }
  if (debug) {
    io.stderr(`${terminalSafe(error instanceof Error ? (error.stack ?? '') : '')}\n`)
    let cause = error instanceof Error ? error.cause : undefined
    while (cause !== undefined) {
      io.stderr(
        `caused by: ${terminalSafe(cause instanceof Error ? (cause.stack ?? cause.message) : JSON.stringify(cause))}\n`,
      )
      cause = cause instanceof Error ? cause.cause : undefined
    }
  }
}

/** The `bin/gitseal.js` entry point. */
export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), processIO())
}
