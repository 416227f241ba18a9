/**
 * Everything the CLI touches of the outside world, passed in so commands can be run in tests
 * (`run(argv, io)`) exactly as from a terminal.
 */

import { readStreamBounded } from '../io/bounded-read.js'

/** The process-facing side of a CLI run. */
export interface CliIO {
  /** Write to standard output (text or raw bytes). */
  stdout: (chunk: string | Uint8Array) => void
  /** Write to standard error. */
  stderr: (text: string) => void
  /**
   * Read all of standard input (the real one stops with `E_TOO_LARGE` past 32 MiB); with
   * `cutAfter`, its first `cutAfter + 1` bytes at most, without an error (`scan --stdin`).
   */
  readStdin: (cutAfter?: number) => Promise<Uint8Array>
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  stdinIsTTY: boolean
  stdoutIsTTY: boolean
  stderrIsTTY: boolean
}

/** The real process: stdio, environment and working directory. */
export function processIO(): CliIO {
  // `gitseal ... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
      process.exit(process.exitCode ?? 0)
    })
  }
  return {
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (text) => process.stderr.write(text),
    // Bounded while reading: `gitseal seal < /dev/zero` stops at the limit.
    readStdin: (cutAfter) =>
      cutAfter === undefined
        ? readStreamBounded(process.stdin, '<stdin>')
        : readStreamBounded(process.stdin, '<stdin>', cutAfter, { truncate: true }),
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: isTty(process.stdin),
    stdoutIsTTY: isTty(process.stdout),
    stderrIsTTY: isTty(process.stderr),
  }
}

// Node types `isTTY` as boolean, but it is undefined on pipes and files.
function isTty(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true
}
