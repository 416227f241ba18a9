/** Helpers for exec-env / exec-file: flat values, a shell child, a self-removing private file. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { GitsealError } from '../../core/errors.js'
import { printable } from '../../core/printable.js'
import type { CommandContext } from '../context.js'
import { onTerminationSignal } from '../../io/signals.js'
import { Mapping, leafText } from '../../sops/tree.js'
import type { Value } from '../../sops/tree.js'

/** Top-level scalar values as environment variables (collections are skipped, as sops does). */
export function flatEnvironment(branch: Mapping | undefined): Record<string, string> {
  const env: Record<string, string> = {}
  for (const item of branch?.items ?? []) {
    if (typeof item.key !== 'string') continue
    const value: Value = item.value
    if (value === null || value instanceof Mapping || Array.isArray(value)) continue
    env[item.key] = typeof value === 'boolean' ? String(value) : leafText(value)
  }
  return env
}

// Variables that make the dynamic loader or /bin/sh run other code before (or instead of) COMMAND:
// anyone holding the recipients' public keys can write a valid SOPS file, so its key names are not
// trusted to choose what runs (`LD_PRELOAD: /tmp/x.so`, `BASH_ENV`, a `BASH_FUNC_x%%` function,
// `PATH`). sops passes every name; exec-file still passes the whole file.
const RUNS_CODE = /^(?:LD_|DYLD_|BASH_FUNC_)|^(?:BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PATH|GCONV_PATH)$/

/**
 * Refuse values no environment can carry: a NUL in a name or value (the spawn failed with an
 * "unexpected error" quoting the value), a name with `=` (`c=d: v` would set `c` to `d=v`) or an
 * empty name; and names that choose what code runs ({@link RUNS_CODE}). Names are shown with
 * control characters escaped, values never.
 * @throws GitsealError `E_USAGE` naming the file and the key.
 */
export function checkEnvironment(env: Record<string, string>, file: string): void {
  for (const [key, value] of Object.entries(env)) {
    const problem =
      key === '' || key.includes('=') || key.includes('\0')
        ? 'is not a valid environment variable name'
        : RUNS_CODE.test(key)
          ? 'would choose what code runs (the loader or the shell reads it), so exec-env does not set it'
          : value.includes('\0')
            ? 'has a value holding a NUL byte, which an environment variable cannot carry'
            : undefined
    if (problem === undefined) continue
    throw new GitsealError('E_USAGE', `${printable(file)}: the key "${printable(key)}" ${problem}`, {
      file,
      hint: 'Rename or remove the key (gitseal edit), or use exec-file to pass the whole file instead.',
    })
  }
}

/**
 * Run `command` through /bin/sh with inherited stdio; `args` are its positional parameters
 * (`$1`...), never part of the command text. Resolves to its exit status.
 */
export function runShell(
  ctx: CommandContext,
  command: string,
  env: Record<string, string | undefined>,
  args: readonly string[] = [],
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command, 'sh', ...args], { stdio: 'inherit', env, cwd: ctx.io.cwd })
    child.on('error', (error) => {
      reject(new GitsealError('E_IO', `cannot run the command: ${error.message}`))
    })
    child.on('exit', (code, signal) => {
      // As a shell reports it: 128 + the number of the signal that ended the command.
      resolve(code ?? 128 + (signal === null ? 1 : constants.signals[signal]))
    })
  })
}

/**
 * sops' `{}` placeholder as a reference to `$1`, whatever quotes it stands in: `"$1"` bare,
 * `$1` inside double quotes, `'"$1"'` inside single quotes. The file name is then passed as an
 * argument and never parsed by the shell, so a crafted name (`$(…)`, quotes) cannot run commands.
 */
export function withFileArgument(command: string): string {
  let out = ''
  let quote: "'" | '"' | undefined
  for (let i = 0; i < command.length; i++) {
    const char = command[i] ?? ''
    if (char === '{' && command[i + 1] === '}') {
      out += quote === '"' ? '$1' : quote === "'" ? `'"$1"'` : '"$1"'
      i++
      continue
    }
    out += char
    if (char === '\\' && quote !== "'") {
      // An escaped character is literal (outside single quotes); copy it as it is.
      out += command[i + 1] ?? ''
      i++
    } else if (quote === undefined && (char === "'" || char === '"')) quote = char
    else if (char === quote) quote = undefined
  }
  return out
}

/**
 * The private copy's name for a file of the repository: its own name with every character a shell
 * could read as syntax (`;`, quotes, `$`, spaces…) replaced by `_`, the extension kept. `{}` already
 * reaches the command as an argument, but a command that parses it again — `sh -c "cat {}"`,
 * `bash -c "kubectl apply -f {} || true"`, `eval`, ssh — then ran a crafted name's commands
 * (`a;touch x;b.yaml`), as sops' exec-file does.
 */
export function inertFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_')
}

/**
 * Refuse a `--filename` whose last part is no file name (empty, `.`, `..`): the private copy would
 * be the temp directory or its parent.
 * @throws GitsealError `E_USAGE`.
 */
export function checkFileName(name: string): void {
  const base = basename(name)
  if (base !== '' && base !== '.' && base !== '..') return
  throw new GitsealError('E_USAGE', `--filename "${name}": not a file name`, {
    hint: 'Pass a name such as secret.yaml: the private copy gets it (the command sees its path in {}).',
  })
}

/**
 * Write `bytes` to a 0600 file in a fresh 0700 directory, run `fn`, remove it on every exit path.
 * A termination signal removes it at once; `fn` still runs to its end (the command got the signal
 * too when it came from the terminal), and then the run fails rather than reporting success.
 * @throws GitsealError `E_ABORTED` when a termination signal arrived while `fn` ran.
 */
export async function withPrivateFile<T>(
  name: string,
  bytes: Uint8Array,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gitseal-exec-'))
  const cleanup = (): void => {
    rmSync(dir, { recursive: true, force: true })
  }
  let interrupted: NodeJS.Signals | undefined
  const stopListening = onTerminationSignal((signal) => {
    interrupted = signal
    cleanup()
  })
  try {
    const path = join(dir, basename(name))
    writeFileSync(path, bytes, { mode: 0o600, flag: 'wx' })
    const result = await fn(path)
    if (interrupted !== undefined) {
      throw new GitsealError(
        'E_ABORTED',
        `${printable(name)}: interrupted (${interrupted}); the plaintext copy was removed`,
      )
    }
    return result
  } finally {
    stopListening()
    cleanup()
  }
}
